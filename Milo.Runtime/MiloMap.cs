using System.Collections;
using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// Milo <c>HashMap&lt;K, V&gt;</c> (K: integer, bool or <see cref="MiloString"/>). Iteration is in insertion order
/// (Milo leaves it unspecified). Entries live in slot arrays; removal leaves a tombstone that is compacted later.
/// Iterate with <c>for (int i = 0; i &lt; m.SlotCount; i++) if (m.TryGetSlot(i, out k, out v)) ...</c>.
/// </summary>
public sealed class MiloMap<K, V> : IEnumerable<KeyValuePair<K, V>> where K : notnull
{
    private readonly Dictionary<K, int> _index;
    private K[] _keys;
    private V[] _values;
    private bool[] _live;
    private int _slots;   // used slots (live + tombstones)
    private int _count;   // live entries

    /// <summary><c>HashMap.new()</c>.</summary>
    /// <summary>Factory used by compiled code for `HashMap.new()`.</summary>
    public static MiloMap<K, V> New() => new();

    public MiloMap()
    {
        _index = new Dictionary<K, int>();
        _keys = Array.Empty<K>();
        _values = Array.Empty<V>();
        _live = Array.Empty<bool>();
    }

    /// <summary><c>m.len</c>.</summary>
    public long Len => _count;

    /// <summary>Number of slots to scan when iterating (includes tombstones).</summary>
    public int SlotCount => _slots;

    /// <summary><c>m.insert(k, v)</c>: an existing key keeps its slot and gets the new value (len unchanged).</summary>
    public void Insert(K key, V value)
    {
        ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_index, key, out bool exists);
        if (exists) { _values[slot] = value; return; }
        if (_slots == _keys.Length)
        {
            if (_count < _slots / 2 && _slots >= 16)
            {
                // Compact in place, then re-fetch the ref (the dictionary is rebuilt).
                _index.Remove(key);
                Compact();
                Insert(key, value);
                return;
            }
            int cap = _keys.Length == 0 ? 8 : _keys.Length * 2;
            Array.Resize(ref _keys, cap);
            Array.Resize(ref _values, cap);
            Array.Resize(ref _live, cap);
        }
        slot = _slots;
        _keys[_slots] = key;
        _values[_slots] = value;
        _live[_slots] = true;
        _slots++;
        _count++;
    }

    private void Compact()
    {
        int w = 0;
        for (int r = 0; r < _slots; r++)
        {
            if (!_live[r]) continue;
            if (w != r)
            {
                _keys[w] = _keys[r];
                _values[w] = _values[r];
                _live[w] = true;
                _index[_keys[w]] = w;
            }
            w++;
        }
        for (int i = w; i < _slots; i++) { _keys[i] = default!; _values[i] = default!; _live[i] = false; }
        _slots = w;
    }

    /// <summary><c>m.get(k)</c>: true and the value when present (the compiler wraps this into Option).</summary>
    public bool TryGet(K key, out V value)
    {
        if (_index.TryGetValue(key, out int slot)) { value = _values[slot]; return true; }
        value = default!;
        return false;
    }

    /// <summary><c>m.getOrDefault(k, d)</c>.</summary>
    public V GetOrDefault(K key, V defaultValue) => _index.TryGetValue(key, out int slot) ? _values[slot] : defaultValue;

    /// <summary><c>m.contains(k)</c>.</summary>
    public bool Contains(K key) => _index.ContainsKey(key);

    /// <summary><c>m.remove(k)</c>: no-op when missing.</summary>
    public void Remove(K key)
    {
        if (!_index.Remove(key, out int slot)) return;
        _live[slot] = false;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<K>()) _keys[slot] = default!;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<V>()) _values[slot] = default!;
        _count--;
        if (_count == 0) { _slots = 0; }
    }

    /// <summary>All keys in iteration order.</summary>
    public MiloVec<K> Keys()
    {
        var r = new MiloVec<K>(_count);
        for (int i = 0; i < _slots; i++) if (_live[i]) r.Items[r.Count++] = _keys[i];
        return r;
    }

    /// <summary>All values in iteration order.</summary>
    public MiloVec<V> Values()
    {
        var r = new MiloVec<V>(_count);
        for (int i = 0; i < _slots; i++) if (_live[i]) r.Items[r.Count++] = _values[i];
        return r;
    }

    /// <summary>Entry at slot <paramref name="i"/> (0 ≤ i &lt; <see cref="SlotCount"/>); false for a tombstone.</summary>
    public bool TryGetSlot(int i, out K key, out V value)
    {
        if ((uint)i < (uint)_slots && _live[i]) { key = _keys[i]; value = _values[i]; return true; }
        key = default!;
        value = default!;
        return false;
    }

    /// <summary>Whether slot i holds a live entry.</summary>
    public bool IsLive(int i) => (uint)i < (uint)_slots && _live[i];
    /// <summary>Key at slot i (check <see cref="IsLive"/> first).</summary>
    public K KeyAt(int i) => _keys[i];
    /// <summary>Value at slot i (check <see cref="IsLive"/> first).</summary>
    public V ValueAt(int i) => _values[i];

    public IEnumerator<KeyValuePair<K, V>> GetEnumerator()
    {
        for (int i = 0; i < _slots; i++)
            if (_live[i]) yield return new KeyValuePair<K, V>(_keys[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
