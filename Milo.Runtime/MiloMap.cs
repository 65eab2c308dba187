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
    /// <summary>One slot: key, value and whether it is live, side by side so a lookup touches one cache line after the
    /// dictionary probe (three parallel arrays cost three misses and three resizes).</summary>
    private struct Slot
    {
        public K Key;
        public V Value;
        public bool Live;
    }

    private readonly Dictionary<K, int> _index;
    private Slot[] _entries;
    private int _slots;   // used slots (live + tombstones)
    private int _count;   // live entries

    /// <summary><c>HashMap.new()</c>.</summary>
    /// <summary>Factory used by compiled code for `HashMap.new()`.</summary>
    public static MiloMap<K, V> New() => new();

    public MiloMap()
    {
        _index = new Dictionary<K, int>();
        _entries = Array.Empty<Slot>();
    }

    /// <summary><c>m.len</c>.</summary>
    public long Len => _count;

    /// <summary>Number of slots to scan when iterating (includes tombstones).</summary>
    public int SlotCount => _slots;

    /// <summary><c>m.insert(k, v)</c>: an existing key keeps its slot and gets the new value (len unchanged).</summary>
    public void Insert(K key, V value)
    {
        ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_index, key, out bool exists);
        if (exists) { _entries[slot].Value = value; return; }
        if (_slots == _entries.Length)
        {
            if (_count < _slots / 2 && _slots >= 16)
            {
                // Compact in place, then re-fetch the ref (the dictionary is rebuilt).
                _index.Remove(key);
                Compact();
                Insert(key, value);
                return;
            }
            Array.Resize(ref _entries, _entries.Length == 0 ? 8 : _entries.Length * 2);
        }
        slot = _slots;
        ref Slot e = ref _entries[_slots];
        e.Key = key;
        e.Value = value;
        e.Live = true;
        _slots++;
        _count++;
    }

    private void Compact()
    {
        int w = 0;
        for (int r = 0; r < _slots; r++)
        {
            if (!_entries[r].Live) continue;
            if (w != r)
            {
                _entries[w] = _entries[r];
                _index[_entries[w].Key] = w;
            }
            w++;
        }
        Array.Clear(_entries, w, _slots - w);
        _slots = w;
    }

    /// <summary><c>m.get(k)</c>: true and the value when present (the compiler wraps this into Option).</summary>
    public bool TryGet(K key, out V value)
    {
        if (_index.TryGetValue(key, out int slot)) { value = _entries[slot].Value; return true; }
        value = default!;
        return false;
    }

    /// <summary><c>m.getOrDefault(k, d)</c>.</summary>
    public V GetOrDefault(K key, V defaultValue) => _index.TryGetValue(key, out int slot) ? _entries[slot].Value : defaultValue;

    /// <summary><c>m.contains(k)</c>.</summary>
    public bool Contains(K key) => _index.ContainsKey(key);

    /// <summary><c>m.remove(k)</c>: no-op when missing.</summary>
    public void Remove(K key)
    {
        if (!_index.Remove(key, out int slot)) return;
        _entries[slot] = default;   // Live = false; drops references to the key and value
        _count--;
        if (_count == 0) { _slots = 0; }
    }

    /// <summary>
    /// <c>m.insert(k, v)</c> when V has drop glue: inserts like <see cref="Insert"/> and hands back the value it replaced
    /// (true) so the compiled code can drop it. Built on the public operations only.
    /// </summary>
    public bool Replace(K key, V value, out V old)
    {
        bool had = TryGet(key, out old);
        Insert(key, value);
        return had;
    }

    /// <summary><c>m.remove(k)</c> when V has drop glue: removes like <see cref="Remove"/> and hands back the removed value.</summary>
    public bool TryRemove(K key, out V old)
    {
        if (!TryGet(key, out old)) return false;
        Remove(key);
        return true;
    }

    /// <summary>All keys in iteration order.</summary>
    public MiloVec<K> Keys()
    {
        var r = new MiloVec<K>(_count);
        for (int i = 0; i < _slots; i++) if (_entries[i].Live) r.Items[r.Count++] = _entries[i].Key;
        return r;
    }

    /// <summary>All values in iteration order.</summary>
    public MiloVec<V> Values()
    {
        var r = new MiloVec<V>(_count);
        for (int i = 0; i < _slots; i++) if (_entries[i].Live) r.Items[r.Count++] = _entries[i].Value;
        return r;
    }

    /// <summary>Entry at slot <paramref name="i"/> (0 ≤ i &lt; <see cref="SlotCount"/>); false for a tombstone.</summary>
    public bool TryGetSlot(int i, out K key, out V value)
    {
        if ((uint)i < (uint)_slots && _entries[i].Live) { key = _entries[i].Key; value = _entries[i].Value; return true; }
        key = default!;
        value = default!;
        return false;
    }

    /// <summary>Whether slot i holds a live entry.</summary>
    public bool IsLive(int i) => (uint)i < (uint)_slots && _entries[i].Live;
    /// <summary>Key at slot i (check <see cref="IsLive"/> first).</summary>
    public K KeyAt(int i) => _entries[i].Key;
    /// <summary>Value at slot i (check <see cref="IsLive"/> first).</summary>
    public V ValueAt(int i) => _entries[i].Value;

    public IEnumerator<KeyValuePair<K, V>> GetEnumerator()
    {
        for (int i = 0; i < _slots; i++)
            if (_entries[i].Live) yield return new KeyValuePair<K, V>(_entries[i].Key, _entries[i].Value);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
