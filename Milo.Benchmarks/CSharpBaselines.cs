using System.Runtime.CompilerServices;
using System.Text;

namespace Milo.Benchmarks;

/// <summary>
/// Idiomatic C# versions of the Milo programs in Programs/ — the same algorithm and workload, using the natural .NET
/// counterpart of each Milo type (Vec&lt;T&gt; → List&lt;T&gt;, HashMap → Dictionary, Heap&lt;T&gt; → a class, string
/// concatenation → StringBuilder). Each returns the same checksum as its Milo twin.
/// </summary>
public static class CSharpBaselines
{
    // ── fib(35) ──
    public static long Fib(long n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);
    public static long FibBench() => Fib(35);

    // ── binarytrees depth 18 ──
    private sealed class Node
    {
        public readonly Node? Left, Right;
        public Node(Node? l, Node? r) { Left = l; Right = r; }
    }
    private static Node MakeTree(int d) => d <= 0 ? new Node(null, null) : new Node(MakeTree(d - 1), MakeTree(d - 1));
    private static int Check(Node t) => t.Left is null ? 1 : 1 + Check(t.Left) + Check(t.Right!);
    public static long BinaryTrees() => Check(MakeTree(18));

    // ── sieve to 10M ──
    public static long Sieve()
    {
        const int limit = 10_000_000;
        var flags = new List<byte>();
        for (int i = 0; i <= limit; i++) flags.Add(1);
        flags[0] = 0;
        flags[1] = 0;
        for (long p = 2; p * p <= limit; p++)
            if (flags[(int)p] == 1)
                for (long m = p * p; m <= limit; m += p) flags[(int)m] = 0;
        long count = 0;
        for (int k = 0; k <= limit; k++) if (flags[k] == 1) count++;
        return count;
    }

    // ── quicksort 2M f64 ──
    private static void QuickSort(List<double> arr, int lo, int hi)
    {
        if (lo >= hi) return;
        double pivot = arr[hi];
        int i = lo;
        for (int j = lo; j < hi; j++)
        {
            if (arr[j] < pivot)
            {
                (arr[i], arr[j]) = (arr[j], arr[i]);
                i++;
            }
        }
        (arr[i], arr[hi]) = (arr[hi], arr[i]);
        QuickSort(arr, lo, i - 1);
        QuickSort(arr, i + 1, hi);
    }
    public static long QuickSort()
    {
        const int n = 2_000_000;
        var arr = new List<double>();
        long seed = 42;
        for (int i = 0; i < n; i++)
        {
            seed = seed * 16807 % 2147483647;
            arr.Add(seed / 2147483647.0);
        }
        QuickSort(arr, 0, n - 1);
        return (long)(arr[0] * 1e9) + (long)(arr[n / 2] * 1e9) + (long)(arr[n - 1] * 1e9);
    }

    // ── matmul 512×512 ──
    public static long MatMul()
    {
        const int n = 512, total = n * n;
        var a = new List<double>();
        var b = new List<double>();
        var c = new List<double>();
        for (int i = 0; i < total; i++)
        {
            a.Add(i % n + 0.1);
            b.Add(i / n + 0.1);
            c.Add(0.0);
        }
        for (int r = 0; r < n; r++)
            for (int col = 0; col < n; col++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += a[r * n + k] * b[k * n + col];
                c[r * n + col] = s;
            }
        return (long)(c[0] + c[total - 1]);
    }

    // ── maplookup 100k ──
    public static long MapLookup()
    {
        const long n = 100_000;
        var m = new Dictionary<long, long>();
        for (long i = 0; i < n; i++) m[i] = i * 2;
        long sum = 0;
        for (long j = 0; j < n; j++)
            if (m.TryGetValue(j, out var v)) sum += v;
        return sum;
    }

    // ── stringops: 20 rounds of 100k concatenations ──
    public static long StringOps()
    {
        const string chunk = "the quick brown fox jumps over the lazy dog";
        long total = 0;
        for (int r = 0; r < 20; r++)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < 100_000; i++) sb.Append(chunk);
            total += sb.Length;
        }
        return total;
    }

    // ── forloops: for-each over a Vec (with index and continue), a string's bytes and a map, ×1000 ──
    public static long ForLoops()
    {
        var v = new List<long>();
        for (long i = 0; i < 10000; i++) v.Add(i);
        var m = new Dictionary<long, long>();
        for (int i = 0; i < 1000; i++) m[i] = i * 2L;
        var s = "the quick brown fox jumps over the lazy dog"u8.ToArray();
        long total = 0;
        for (int r = 0; r < 1000; r++)
        {
            foreach (var x in v) total += x;
            for (int i = 0; i < v.Count; i++)
            {
                if (i % 2 == 0) continue;
                total += v[i];
            }
            foreach (var b in s) total += b;
            foreach (var (k, val) in m) total += k + val;
        }
        return total;
    }

    // ── nbody, 1M steps ──
    private struct Body { public double X, Y, Z, Vx, Vy, Vz, Mass; }
    private const double SolarMass = 39.47841760435743, DaysPerYear = 365.24;
    private static Body MakeBody(double x, double y, double z, double vx, double vy, double vz, double mass)
        => new() { X = x, Y = y, Z = z, Vx = vx * DaysPerYear, Vy = vy * DaysPerYear, Vz = vz * DaysPerYear, Mass = mass * SolarMass };

    private static void Advance(Body[] bodies, double dt)
    {
        int n = bodies.Length;
        for (int i = 0; i < n; i++)
        {
            ref Body bi = ref bodies[i];
            for (int j = i + 1; j < n; j++)
            {
                ref Body bj = ref bodies[j];
                double dx = bi.X - bj.X, dy = bi.Y - bj.Y, dz = bi.Z - bj.Z;
                double d2 = dx * dx + dy * dy + dz * dz;
                double mag = dt / (d2 * Math.Sqrt(d2));
                double mi = bi.Mass * mag, mj = bj.Mass * mag;
                bi.Vx -= dx * mj; bi.Vy -= dy * mj; bi.Vz -= dz * mj;
                bj.Vx += dx * mi; bj.Vy += dy * mi; bj.Vz += dz * mi;
            }
        }
        for (int k = 0; k < n; k++)
        {
            ref Body b = ref bodies[k];
            b.X += dt * b.Vx; b.Y += dt * b.Vy; b.Z += dt * b.Vz;
        }
    }

    private static double Energy(Body[] bodies)
    {
        double e = 0;
        for (int i = 0; i < bodies.Length; i++)
        {
            var b = bodies[i];
            e += 0.5 * b.Mass * (b.Vx * b.Vx + b.Vy * b.Vy + b.Vz * b.Vz);
            for (int j = i + 1; j < bodies.Length; j++)
            {
                var o = bodies[j];
                double dx = b.X - o.X, dy = b.Y - o.Y, dz = b.Z - o.Z;
                e -= b.Mass * o.Mass / Math.Sqrt(dx * dx + dy * dy + dz * dz);
            }
        }
        return e;
    }

    public static long NBody()
    {
        Body[] bodies =
        [
            MakeBody(0, 0, 0, 0, 0, 0, 1),
            MakeBody(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01, 1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05, 9.54791938424326609e-04),
            MakeBody(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01, -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05, 2.85885980666130812e-04),
            MakeBody(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01, 2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05, 4.36624404335156298e-05),
            MakeBody(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01, 2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05, 5.15138902046611451e-05),
        ];
        double px = 0, py = 0, pz = 0;
        foreach (var b in bodies) { px += b.Vx * b.Mass; py += b.Vy * b.Mass; pz += b.Vz * b.Mass; }
        bodies[0].Vx = -px / SolarMass; bodies[0].Vy = -py / SolarMass; bodies[0].Vz = -pz / SolarMass;
        for (int step = 0; step < 1_000_000; step++) Advance(bodies, 0.01);
        return (long)(Energy(bodies) * 1e9);
    }

    // ── concurrency ──
    /// <summary>Same program as mutex.milo: the counter is an atomic (sequentially consistent load + store, as
    /// std/sync AtomicI64 does them) updated inside the lock — not a plain <c>counter++</c>, which would measure a
    /// shorter critical section than the Milo program has.</summary>
    public static long MutexContention()
    {
        var gate = new object();
        long counter = 0;
        const long per = 500_000;
        void Work()
        {
            for (long i = 0; i < per; i++)
                lock (gate) Interlocked.Exchange(ref counter, Volatile.Read(ref counter) + 1);
        }
        var t1 = new Thread(Work); var t2 = new Thread(Work);
        t1.Start(); t2.Start(); t1.Join(); t2.Join();
        return counter;
    }

    /// <summary>pingpong.milo's twin: two OS threads, 500k round trips (1M messages) over two capacity-1 queues.</summary>
    public static long ChannelPingPong()
    {
        const long n = 500_000;
        using var ping = new System.Collections.Concurrent.BlockingCollection<long>(1);
        using var pong = new System.Collections.Concurrent.BlockingCollection<long>(1);
        var t = new Thread(() =>
        {
            for (long i = 0; i < n; i++) pong.Add(ping.Take() + 1);
        });
        t.Start();
        long sum = 0;
        for (long i = 0; i < n; i++)
        {
            ping.Add(i);
            sum += pong.Take();
        }
        t.Join();
        return sum;
    }

    /// <summary>
    /// Green-thread ping-pong's twin: two async methods, 500k round trips (1M messages) over two bounded(1)
    /// System.Threading.Channels channels; each await that cannot complete suspends the method, like a parked green task.
    /// </summary>
    public static long GreenPingPong()
    {
        const long n = 500_000;
        var ping = System.Threading.Channels.Channel.CreateBounded<long>(1);
        var pong = System.Threading.Channels.Channel.CreateBounded<long>(1);
        async Task Echo()
        {
            for (long i = 0; i < n; i++) await pong.Writer.WriteAsync(await ping.Reader.ReadAsync() + 1);
        }
        async Task<long> Drive()
        {
            long sum = 0;
            for (long i = 0; i < n; i++)
            {
                await ping.Writer.WriteAsync(i);
                sum += await pong.Reader.ReadAsync();
            }
            return sum;
        }
        var echo = Echo();
        var total = Drive();
        echo.Wait();
        return total.Result;
    }

    /// <summary>1M C# async tasks that each `await Task.Yield()` once, then WhenAll (the async/await counterpart of green threads).</summary>
    public static long GreenYield()
    {
        const int n = 1_000_000;
        long done = 0;
        async Task One() { await Task.Yield(); Interlocked.Increment(ref done); }
        var tasks = new Task[n];
        for (int i = 0; i < n; i++) tasks[i] = One();
        Task.WaitAll(tasks);
        return Interlocked.Read(ref done);
    }

    /// <summary>
    /// The green-thread anchor the issue asks for: 1M hand-written C# state machines on one FIFO run queue, each
    /// yielding once (re-queued at the back) and then incrementing a shared counter with Interlocked, plus one waiter
    /// that yields until all are done: what a Milo green thread compiles to, without a scheduler library.
    /// </summary>
    public static long GreenYieldStateMachine()
    {
        const int n = 1_000_000;
        var done = new StrongBox<long>();
        var run = new Queue<YieldStep>();
        for (int i = 0; i < n; i++) run.Enqueue(new YieldOnce(done));
        var waiter = new WaitAll(done, n);
        run.Enqueue(waiter);
        while (run.TryDequeue(out var t))
            if (t.MoveNext()) run.Enqueue(t);
        return waiter.Result;
    }

    private abstract class YieldStep
    {
        public int State;
        /// <summary>Runs until the next yield (true) or the end (false).</summary>
        public abstract bool MoveNext();
    }

    private sealed class YieldOnce(StrongBox<long> done) : YieldStep
    {
        public override bool MoveNext()
        {
            if (State == 0) { State = 1; return true; }
            Interlocked.Increment(ref done.Value);
            return false;
        }
    }

    private sealed class WaitAll(StrongBox<long> done, long n) : YieldStep
    {
        public long Result;
        public override bool MoveNext()
        {
            if (Interlocked.Read(ref done.Value) < n) return true;
            Result = Interlocked.Read(ref done.Value);
            return false;
        }
    }
}
