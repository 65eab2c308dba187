using System.Collections;
using System.Runtime.CompilerServices;

namespace Milo.Runtime;

/// <summary>
/// Milo <c>HashMap&lt;K, V&gt;</c> (K: integer, bool or <see cref="MiloString"/>). Iteration is in insertion order
/// (Milo leaves it unspecified). A compact ordered hash table: entries are appended to one array (key, value, hash,
/// chain link) and a power-of-two bucket array holds the head of each chain, so a lookup is one hash, one bucket read
/// and usually one entry — the same work as <see cref="Dictionary{TKey,TValue}"/>, without a second index structure.
/// Removal unlinks the entry and leaves a tombstone that is compacted when the array is full.
/// Iterate with <c>for (int i = 0; i &lt; m.SlotCount; i++) if (m.TryGetSlot(i, out k, out v)) ...</c>.
/// </summary>
public sealed class MiloMap<K, V> : IEnumerable<KeyValuePair<K, V>>, IMiloDisplay where K : notnull
{
    /// <summary>`{k1: v1, k2: v2}` in slot order (strings quoted); for .NET callers (`ToString`), not Milo's `print`.</summary>
    void IMiloDisplay.AppendDisplay(MiloStringBuilder b)
    {
        b.AppendByte((byte)'{');
        bool first = true;
        for (int i = 0; i < SlotCount; i++)
        {
            if (!TryGetSlot(i, out var k, out var v)) continue;
            if (!first) b.AppendText(", ");
            first = false;
            MiloDisplay.Append(b, k).AppendText(": ");
            MiloDisplay.Append(b, v);
        }
        b.AppendByte((byte)'}');
    }

    /// <summary>The display form `{"a": 1}`.</summary>
    public override string ToString() => MiloDisplay.Show(this);

    private struct Entry
    {
        public K Key;
        public V Value;
        /// <summary>Hash code with the sign bit cleared; <see cref="Dead"/> for a tombstone.</summary>
        public int Hash;
        /// <summary>Next entry in the bucket chain, -1 at the end.</summary>
        public int Next;
    }

    private const int Dead = -1;

    private Entry[] _entries;
    /// <summary>Per bucket: 1 + index of the first entry of its chain (0 = empty). Length = entries capacity (2^k).</summary>
    private int[] _buckets;
    private int _shift;   // 32 - log2(bucket count), for Fibonacci hashing
    private int _slots;   // used entries (live + tombstones)
    private int _count;   // live entries

    /// <summary>Factory used by compiled code for `HashMap.new()`.</summary>
    public static MiloMap<K, V> New() => new();

    public MiloMap()
    {
        _entries = Array.Empty<Entry>();
        _buckets = Array.Empty<int>();
    }

    /// <summary><c>m.len</c>.</summary>
    public long Len => _count;

    /// <summary>Number of slots to scan when iterating (includes tombstones).</summary>
    public int SlotCount => _slots;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HashOf(K key) => EqualityComparer<K>.Default.GetHashCode(key) & 0x7FFFFFFF;

    /// <summary>Fibonacci hashing spreads sequential or strided integer keys over a power-of-two table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int BucketOf(int hash) => (int)(((uint)hash * 0x9E3779B9u) >> _shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(K key) => _buckets.Length == 0 ? -1 : Find(key, HashOf(key));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(K key, int h)
    {
        var buckets = _buckets;
        if (buckets.Length == 0) return -1;
        var entries = _entries;
        int i = buckets[BucketOf(h)] - 1;
        while ((uint)i < (uint)entries.Length)
        {
            ref Entry e = ref entries[i];
            if (e.Hash == h && EqualityComparer<K>.Default.Equals(e.Key, key)) return i;
            i = e.Next;
        }
        return -1;
    }

    /// <summary><c>m.insert(k, v)</c>: an existing key keeps its slot and gets the new value (len unchanged).</summary>
    public void Insert(K key, V value)
    {
        int h = HashOf(key);
        int found = Find(key, h);
        if (found >= 0) { _entries[found].Value = value; return; }
        if (_slots == _entries.Length)
        {
            if (_count < _slots / 2 && _slots >= 16) Compact();
            else Resize(_entries.Length == 0 ? 8 : _entries.Length * 2);
        }
        int b = BucketOf(h);
        int idx = _slots++;
        ref Entry e = ref _entries[idx];
        e.Key = key;
        e.Value = value;
        e.Hash = h;
        e.Next = _buckets[b] - 1;
        _buckets[b] = idx + 1;
        _count++;
    }

    private void Resize(int capacity)
    {
        var entries = new Entry[capacity];
        Array.Copy(_entries, entries, _slots);
        _entries = entries;
        Rehash(capacity);
    }

    /// <summary>Rebuilds the bucket chains of entries [0, _slots) into a table of <paramref name="size"/> buckets.</summary>
    private void Rehash(int size)
    {
        _buckets = new int[size];
        _shift = 32 - System.Numerics.BitOperations.Log2((uint)size);
        for (int i = 0; i < _slots; i++)
        {
            ref Entry e = ref _entries[i];
            if (e.Hash == Dead) continue;
            int b = BucketOf(e.Hash);
            e.Next = _buckets[b] - 1;
            _buckets[b] = i + 1;
        }
    }

    /// <summary>Moves live entries to the front (keeping their order), clears the tail and rebuilds the chains.</summary>
    private void Compact()
    {
        int w = 0;
        for (int r = 0; r < _slots; r++)
        {
            if (_entries[r].Hash == Dead) continue;
            if (w != r) _entries[w] = _entries[r];
            w++;
        }
        Array.Clear(_entries, w, _slots - w);
        _slots = w;
        Rehash(_buckets.Length);
    }

    /// <summary><c>m.get(k)</c>: true and the value when present (the compiler wraps this into Option).</summary>
    public bool TryGet(K key, out V value)
    {
        int i = Find(key);
        if (i >= 0) { value = _entries[i].Value; return true; }
        value = default!;
        return false;
    }

    /// <summary><c>m.getOrDefault(k, d)</c>.</summary>
    public V GetOrDefault(K key, V defaultValue)
    {
        int i = Find(key);
        return i >= 0 ? _entries[i].Value : defaultValue;
    }

    /// <summary><c>m.contains(k)</c>.</summary>
    public bool Contains(K key) => Find(key) >= 0;

    /// <summary><c>m.remove(k)</c>: no-op when missing.</summary>
    public void Remove(K key)
    {
        if (_buckets.Length == 0) return;
        int h = HashOf(key);
        int b = BucketOf(h);
        int prev = -1;
        for (int i = _buckets[b] - 1; i >= 0; prev = i, i = _entries[i].Next)
        {
            ref Entry e = ref _entries[i];
            if (e.Hash != h || !EqualityComparer<K>.Default.Equals(e.Key, key)) continue;
            if (prev < 0) _buckets[b] = e.Next + 1;
            else _entries[prev].Next = e.Next;
            e = default;   // drops references to the key and value
            e.Hash = Dead;
            e.Next = -1;
            _count--;
            if (_count == 0) { Array.Clear(_entries, 0, _slots); _slots = 0; }   // every chain is empty again
            return;
        }
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

    /// <summary>
    /// A copy of the map (Milo value semantics, checklist §5.7): the same entries in the same slots, with each live key
    /// and value passed through <paramref name="keyCopy"/> / <paramref name="valueCopy"/> (null: a bitwise copy, for
    /// Copy types) so that the copy owns its own strings, Vecs and maps. Tombstones are dropped (the copy is compact).
    /// </summary>
    public MiloMap<K, V> CopyWith(Func<K, K>? keyCopy, Func<V, V>? valueCopy)
    {
        var r = new MiloMap<K, V>();
        if (_count == 0) return r;
        int capacity = _entries.Length;
        r._entries = new Entry[capacity];
        int w = 0;
        for (int i = 0; i < _slots; i++)
        {
            ref Entry e = ref _entries[i];
            if (e.Hash == Dead) continue;
            ref Entry d = ref r._entries[w++];
            d.Key = keyCopy == null ? e.Key : keyCopy(e.Key);
            d.Value = valueCopy == null ? e.Value : valueCopy(e.Value);
            d.Hash = e.Hash;
        }
        r._slots = w;
        r._count = w;
        r.Rehash(capacity);
        return r;
    }

    /// <summary>All keys in iteration order.</summary>
    public MiloVec<K> Keys()
    {
        var r = new MiloVec<K>(_count);
        for (int i = 0; i < _slots; i++) if (_entries[i].Hash != Dead) r.Items[r.Count++] = _entries[i].Key;
        return r;
    }

    /// <summary>All values in iteration order.</summary>
    public MiloVec<V> Values()
    {
        var r = new MiloVec<V>(_count);
        for (int i = 0; i < _slots; i++) if (_entries[i].Hash != Dead) r.Items[r.Count++] = _entries[i].Value;
        return r;
    }

    /// <summary>Entry at slot <paramref name="i"/> (0 ≤ i &lt; <see cref="SlotCount"/>); false for a tombstone.</summary>
    public bool TryGetSlot(int i, out K key, out V value)
    {
        if ((uint)i < (uint)_slots && _entries[i].Hash != Dead) { key = _entries[i].Key; value = _entries[i].Value; return true; }
        key = default!;
        value = default!;
        return false;
    }

    /// <summary>Whether slot i holds a live entry.</summary>
    public bool IsLive(int i) => (uint)i < (uint)_slots && _entries[i].Hash != Dead;
    /// <summary>Key at slot i (check <see cref="IsLive"/> first).</summary>
    public K KeyAt(int i) => _entries[i].Key;
    /// <summary>Value at slot i (check <see cref="IsLive"/> first).</summary>
    public V ValueAt(int i) => _entries[i].Value;

    public IEnumerator<KeyValuePair<K, V>> GetEnumerator()
    {
        for (int i = 0; i < _slots; i++)
            if (_entries[i].Hash != Dead) yield return new KeyValuePair<K, V>(_entries[i].Key, _entries[i].Value);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
