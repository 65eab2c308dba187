using Milo.Tests.Programs;

namespace Milo.Tests.Stdlib;

/// <summary>
/// std/sqlite across processes: a compiled program writes a database file and exits without closing it (Drop closes it);
/// a second process of the same program reads it back. Also checks that `milo compile` put the bundled engine beside
/// the program (the machine's own libsqlite3 is not used: the program loads e_sqlite3 from its folder).
/// </summary>
public class SqliteProcessTests
{
    private const string Program = """
        from "std/sqlite" import { Database, dbOpen, dbExec, dbQuery, dbStep, dbColumnText, dbColumnInt64, dbColumnIsNull, dbBindText, dbBindInt64, dbBindNull, dbFinalize, dbClose }
        from "std/args" import { args }

        fn write(path: string): void {
            let db = dbOpen(path)!
            dbExec(db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, n INTEGER, body TEXT)")!
            let ins = dbQuery(db, "INSERT INTO notes (n, body) VALUES (?, ?)")!
            dbBindInt64(ins, 1, 9007199254740993)!
            dbBindText(ins, 2, "it's \"done\" — naïve café ✓")!
            dbStep(ins)
            dbFinalize(ins)
            dbExec(db, "INSERT INTO notes (n, body) VALUES (-9223372036854775807 - 1, NULL)")!
            let ins2 = dbQuery(db, "INSERT INTO notes (n, body) VALUES (?, ?)")!
            dbBindNull(ins2, 1)!
            dbBindText(ins2, 2, "x'; DROP TABLE notes; --")!
            dbStep(ins2)
            print("written")
            // neither ins2 nor db is finalized/closed: Drop does it when write returns
        }

        fn read(path: string): void {
            let db = dbOpen(path)!
            let q = dbQuery(db, "SELECT id, n, body FROM notes ORDER BY id")!
            while dbStep(q) {
                var n = "NULL"
                if !dbColumnIsNull(q, 1) { n = dbColumnInt64(q, 1).toString() }
                var body = "NULL"
                if !dbColumnIsNull(q, 2) { body = "[" + dbColumnText(q, 2) + "]" }
                print(dbColumnInt64(q, 0), " ", n, " ", body)
            }
            dbFinalize(q)
            dbClose(db)
        }

        fn main(): i32 {
            let a = args()
            if a[1] == "write" { write(a[2].clone()) } else { read(a[2].clone()) }
            return 0
        }
        """;

    [Fact]
    public async Task DataWrittenByOneProcessIsReadByAnother()
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-sqlite-tests", $"{Environment.ProcessId}_{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var src = Path.Combine(dir, "notes.milo");
            await File.WriteAllTextAsync(src, Program);
            var dll = Path.Combine(dir, "out", "notes.dll");
            var compiled = ProgramHarness.Compile(src, dll, debug: false);
            Assert.True(compiled.Success, compiled.Output);
            var native = OperatingSystem.IsWindows() ? "e_sqlite3.dll" : OperatingSystem.IsMacOS() ? "libe_sqlite3.dylib" : "libe_sqlite3.so";
            Assert.True(File.Exists(Path.Combine(dir, "out", native)), "bundled SQLite engine not copied beside the program");
            Assert.True(File.Exists(Path.Combine(dir, "out", "SQLitePCLRaw.core.dll")));

            var db = Path.Combine(dir, "notes.db");
            var w = await ProgramHarness.RunProcessAsync(ProgramHarness.DotnetHost(), [dll, "write", db], dir, ProgramHarness.Timeout);
            Assert.True(w.ExitCode == 0, w.Stderr);
            Assert.Equal("written\n", w.Stdout);

            var r = await ProgramHarness.RunProcessAsync(ProgramHarness.DotnetHost(), [dll, "read", db], dir, ProgramHarness.Timeout);
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Equal(
                "1 9007199254740993 [it's \"done\" — naïve café ✓]\n" +
                "2 -9223372036854775808 NULL\n" +
                "3 NULL [x'; DROP TABLE notes; --]\n", r.Stdout);
            // Drop closed the writer's connection cleanly: no hot journal left behind.
            Assert.False(File.Exists(db + "-journal"));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void ProgramsThatDoNotUseSqliteGetNoEngineCopied()
    {
        var dir = Path.Combine(Path.GetTempPath(), "milo-sqlite-tests", $"{Environment.ProcessId}_{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var src = Path.Combine(dir, "hello.milo");
            File.WriteAllText(src, "fn main(): i32 {\n    print(\"hi\")\n    return 0\n}\n");
            var compiled = ProgramHarness.Compile(src, Path.Combine(dir, "hello.dll"), debug: false);
            Assert.True(compiled.Success, compiled.Output);
            Assert.True(File.Exists(Path.Combine(dir, "Milo.Stdlib.dll")));
            Assert.False(File.Exists(Path.Combine(dir, "SQLitePCLRaw.core.dll")));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
