using System.Collections.Concurrent;
using Milo.Runtime;
using SQLitePCL;

namespace Milo.Stdlib;

/// <summary>
/// std/sqlite — SQLite through SQLitePCLRaw and its bundled native engine (e_sqlite3, shipped in the NuGet package
/// and copied beside every compiled program, so no system libsqlite3 is needed).
/// A Milo <c>Database</c>/<c>Statement</c> holds a handle that is an id into the tables below (never reused, so a
/// value closed explicitly and then dropped cannot close an unrelated connection opened later at the same address).
/// The id travels as a <c>*u8</c> because that is the field type of the reference's structs. Failures return 0 and
/// leave SQLite's message in a per-thread slot read by <see cref="_dbErr"/>.
/// </summary>
public static class SqliteModule
{
    private const int SQLITE_ROW = 100;
    private const int SQLITE_NULL = 5;

    private static readonly ConcurrentDictionary<long, sqlite3> Dbs = new();
    private static readonly ConcurrentDictionary<long, (sqlite3_stmt Stmt, long Db)> Stmts = new();
    private static long s_nextId;
    [ThreadStatic] private static string? t_err;
    [ThreadStatic] private static string? t_stepErr;

    static SqliteModule() => Batteries_V2.Init();

    private static long NewId() => Interlocked.Increment(ref s_nextId);

    /// <summary>SQLite's message for the last failed call on this thread.</summary>
    public static MiloString _dbErr() => MiloString.FromString(t_err ?? "");

    private static string Message(sqlite3 db, int rc)
    {
        var m = raw.sqlite3_errmsg(db).utf8_to_string();
        return string.IsNullOrEmpty(m) || m == "not an error" ? raw.sqlite3_errstr(rc).utf8_to_string() : m;
    }

    // The owning connection's message (sqlite3_db_handle would wrap the connection in a second SafeHandle).
    private static string OwnerMessage(long db, int rc) =>
        Dbs.TryGetValue(db, out var c) ? Message(c, rc) : raw.sqlite3_errstr(rc).utf8_to_string();

    private static sqlite3? Db(nint h) => Dbs.TryGetValue(h, out var db) ? db : null;
    private static sqlite3_stmt? Stmt(nint h) => Stmts.TryGetValue(h, out var s) ? s.Stmt : null;

    /// <summary>Opens (creating if needed) a database file, or an in-memory one for ":memory:". 0 on failure.</summary>
    public static nint _dbOpen(MiloString path)
    {
        int rc = raw.sqlite3_open_v2(path.ToString(), out var db,
            raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE | raw.SQLITE_OPEN_URI, null);
        if (rc != raw.SQLITE_OK)
        {
            t_err = db != null && !db.IsInvalid ? Message(db, rc) : raw.sqlite3_errstr(rc).utf8_to_string();
            db?.Dispose();
            return 0;
        }
        var id = NewId();
        Dbs[id] = db;
        return (nint)id;
    }

    /// <summary>Closes the connection; statements still open are finalized first. Closing twice is a no-op.</summary>
    public static void _dbClose(nint h)
    {
        if (!Dbs.TryRemove(h, out var db)) return;
        foreach (var (id, s) in Stmts)
            if (s.Db == h && Stmts.TryRemove(id, out var st)) st.Stmt.Dispose();
        raw.sqlite3_close_v2(db);
        db.Dispose();
    }

    /// <summary>Runs one or more statements; the number of rows changed by the last one, or -1 with the error set.</summary>
    public static int _dbExec(nint h, MiloString sql)
    {
        var db = Db(h);
        if (db == null) { t_err = "database is closed"; return -1; }
        int rc = raw.sqlite3_exec(db, sql.ToString(), out var err);
        if (rc != raw.SQLITE_OK) { t_err = err ?? Message(db, rc); return -1; }
        return raw.sqlite3_changes(db);
    }

    /// <summary>Prepares the first statement of <paramref name="sql"/>; 0 on failure.</summary>
    public static nint _dbPrepare(nint h, MiloString sql)
    {
        var db = Db(h);
        if (db == null) { t_err = "database is closed"; return 0; }
        int rc = raw.sqlite3_prepare_v2(db, sql.AsSpan(), out var stmt);
        if (rc != raw.SQLITE_OK) { t_err = Message(db, rc); stmt?.Dispose(); return 0; }
        if (stmt == null || stmt.IsInvalid) { t_err = "not an SQL statement (empty or only a comment)"; return 0; }
        var id = NewId();
        Stmts[id] = (stmt, (long)h);
        return (nint)id;
    }

    /// <summary>True when a row is available; false when done or on error (see <see cref="_dbStepError"/>).</summary>
    public static bool _dbStep(nint h)
    {
        if (!Stmts.TryGetValue(h, out var s)) { t_stepErr = "statement is finalized"; return false; }
        int rc = raw.sqlite3_step(s.Stmt);
        t_stepErr = rc is SQLITE_ROW or raw.SQLITE_DONE ? null : OwnerMessage(s.Db, rc);
        return rc == SQLITE_ROW;
    }

    /// <summary>SQLite's message when the last dbStep on this thread stopped on an error, else "".</summary>
    public static MiloString _dbStepError() => MiloString.FromString(t_stepErr ?? "");

    public static int _dbColumnInt(nint h, int col) => Stmt(h) is { } s ? raw.sqlite3_column_int(s, col) : 0;
    public static long _dbColumnInt64(nint h, int col) => Stmt(h) is { } s ? raw.sqlite3_column_int64(s, col) : 0;
    public static double _dbColumnFloat(nint h, int col) => Stmt(h) is { } s ? raw.sqlite3_column_double(s, col) : 0;
    public static int _dbColumnCount(nint h) => Stmt(h) is { } s ? raw.sqlite3_column_count(s) : 0;
    public static bool _dbColumnIsNull(nint h, int col) => Stmt(h) is { } s && raw.sqlite3_column_type(s, col) == SQLITE_NULL;

    /// <summary>The column's value as UTF-8 text (numbers converted by SQLite, NULL → "").</summary>
    public static MiloString _dbColumnText(nint h, int col)
    {
        var s = Stmt(h);
        if (s == null || raw.sqlite3_column_type(s, col) == SQLITE_NULL) return new MiloString();
        // column_blob on a TEXT (or numeric, converted to text) value yields its UTF-8 bytes, embedded NULs included.
        return MiloString.FromBytes(raw.sqlite3_column_blob(s, col));
    }

    public static MiloString _dbColumnName(nint h, int col) =>
        Stmt(h) is { } s ? MiloString.FromString(raw.sqlite3_column_name(s, col).utf8_to_string() ?? "") : new MiloString();

    private static int Bind(nint h, Func<sqlite3_stmt, int> bind)
    {
        if (!Stmts.TryGetValue(h, out var s)) { t_err = "statement is finalized"; return -1; }
        int rc = bind(s.Stmt);
        if (rc == raw.SQLITE_OK) return 0;
        t_err = OwnerMessage(s.Db, rc);
        return -1;
    }

    public static int _dbBindInt(nint h, int idx, int v) => Bind(h, s => raw.sqlite3_bind_int(s, idx, v));
    public static int _dbBindInt64(nint h, int idx, long v) => Bind(h, s => raw.sqlite3_bind_int64(s, idx, v));
    public static int _dbBindFloat(nint h, int idx, double v) => Bind(h, s => raw.sqlite3_bind_double(s, idx, v));
    public static int _dbBindNull(nint h, int idx) => Bind(h, s => raw.sqlite3_bind_null(s, idx));
    public static int _dbBindText(nint h, int idx, MiloString v)
    {
        var bytes = v.AsSpan().ToArray();   // SQLitePCLRaw copies (SQLITE_TRANSIENT); an empty string stays '' not NULL
        return Bind(h, s => raw.sqlite3_bind_text(s, idx, bytes.AsSpan()));
    }

    /// <summary>Rewinds the statement (bindings are kept, as in SQLite).</summary>
    public static void _dbReset(nint h) { if (Stmt(h) is { } s) raw.sqlite3_reset(s); }

    /// <summary>Frees the statement. Finalizing twice (or after the database was closed) is a no-op.</summary>
    public static void _dbFinalize(nint h)
    {
        if (Stmts.TryRemove(h, out var s)) s.Stmt.Dispose();
    }

    public static long _dbLastInsertId(nint h) => Db(h) is { } db ? raw.sqlite3_last_insert_rowid(db) : 0;
    public static int _dbChanges(nint h) => Db(h) is { } db ? raw.sqlite3_changes(db) : 0;
    public static MiloString _dbErrorMessage(nint h) =>
        Db(h) is { } db ? MiloString.FromString(raw.sqlite3_errmsg(db).utf8_to_string() ?? "") : MiloString.FromString("database is closed");
}
