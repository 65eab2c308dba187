"""Run specifications for tools/reference-diff.

A program that reads its command line is run once per entry of RUN_SPECS[program id] (args, optional stdin text),
in a scratch directory that holds the program's sibling files and FIXTURES.  Programs that read arguments and have
no entry here are listed ("needs command-line arguments"), not run.  Ids are those printed by
`tools/reference-diff --list` (docs blocks are named by file and first line, stable for the pinned reference).
"""

SAMPLE_TEXT = """the quick brown fox jumps over the lazy dog
a line without the animal
Fox in capitals, then fox again
tabs\tand  double  spaces
last line: the fox sleeps
"""

SAMPLE_JSON = """{
  "name": "widget",
  "version": 3,
  "tags": ["a", "b", "c"],
  "owner": {"login": "ada", "id": 42},
  "items": [{"price": 1.5, "active": true}, {"price": 2.25, "active": false}]
}
"""

SAMPLE_MILO = """fn add(a: i64,b: i64): i64 {
return a+b
}
fn main(): i32 {
    let x=add(1,2)
  print(x)
    return 0
}
"""

# file name (relative, '/' creates folders) -> contents, written into every run directory
FIXTURES = {
    "sample.txt": SAMPLE_TEXT,
    "sample.json": SAMPLE_JSON,
    "sample.milo": SAMPLE_MILO,
    "tree/a.txt": "a\n",
    "tree/sub/b.txt": "b\n",
}


def runs(*entries):
    return [e if isinstance(e, dict) else {"args": list(e)} for e in entries]


RUN_SPECS = {
    "benchmarks/grep/grep.milo": runs([], ["fox", "sample.txt"], ["zebra", "sample.txt"], ["fox", "missing.txt"]),
    "benchmarks/json/json.milo": runs([], ["data.json"], ["sample.json"]),
    "docs/site/examples.md:L39": runs(["fox", "sample.txt"], ["the", "sample.txt", "-n"]),
    "docs/site/stdlib/argparse.md:L12": runs(["--name", "Alice", "--loud"], ["-n", "Bob", "Dr."], ["--help"]),
    "examples/cli-tools/calc.milo": runs(["1 + 2 * 3"], ["(1 + 2) * 3 / 4"], ["2 ^ 10 - 1"], ["10 / 4"]),
    "examples/cli-tools/cat.milo": runs(["sample.txt", "--plain"], ["sample.milo", "--no-color"],
                                        ["sample.txt", "-p", "-r", "2:3"]),
    "examples/cli-tools/fmt.milo": runs(["sample.milo"], {"args": [], "stdin": SAMPLE_MILO, "label": "stdin"}),
    "examples/cli-tools/grep.milo": runs(["fox", "sample.txt", "--no-color"], ["-i", "-n", "-C", "fox", "sample.txt"],
                                         ["-c", "-C", "fox", "sample.txt"], ["-v", "-C", "fox", "sample.txt"]),
    "examples/cli-tools/hex.milo": runs(["sample.txt"], ["sample.txt", "-n", "20", "-s", "4"], ["sample.txt", "-p"]),
    "examples/cli-tools/jq.milo": runs([".name", "sample.json"], [".owner.login", "sample.json", "-r"],
                                       [".tags[1]", "sample.json"], [".items[0].price", "sample.json"],
                                       {"args": [".version"], "stdin": SAMPLE_JSON, "label": "stdin .version"}),
    "examples/cli-tools/pkg.milo": runs([], ["frobnicate"], ["add"], ["new"]),
    "examples/cli-tools/tree.milo": runs(["tree/sub"], ["tree/sub", "-L", "1"]),
    "examples/cli-tools/wc.milo": runs(["sample.txt"], ["sample.txt", "-l"], ["sample.txt", "-w"],
                                       {"args": [], "stdin": SAMPLE_TEXT, "label": "stdin"}),
}

# Programs whose reference output is wrong by the reference's own docs. When ours differs from the reference on one of
# these, the result is `reference-wrong` (listed with this reason and the diff, not counted) instead of `different`.
REFERENCE_WRONG = {
    "examples/cli-tools/pkg.milo":
        "after `match cmd { … }` the reference reads `cmd` as an empty string (`unknown command: `); a match subject "
        "is not consumed, so the command is printed",
    "docs/site/stdlib/process.md:L66":
        "Process.spawn forks with the parent's stdio buffer unflushed; the child whose exec fails flushes it again, "
        "so the reference prints `capture`'s output twice",
    # --programs Milo.Tests/Programs/realistic
    "realistic/shapes_traits.milo":
        "the default trait method `describe` of Circle calls Rect's methods on the circle's data (`rect: area=0`)",
    "realistic/tokenizer.milo":
        "`if let Token.Ident(_) = t` over a for-loop element never matches in the reference (`0 idents`)",
    "realistic/student_grades.milo":
        "`counts.insert(g, counts.getOrDefault(g, 0) + 1)` moves `g` into the key before the lookup, so counts stay 1",
    "realistic/warehouse_orders.milo":
        "`pick(stock, orders[i])` with `o: &mut Order`: the reference hands the callee a copy of the element, so the "
        "status it sets is lost (`#2 pending`); by its docs the callee of a `&mut T` argument sees the caller's storage",
    "realistic/checksum_bits.milo":
        "the FNV-1a offset basis 14695981039346656037 is above 2^53 and the reference reads integer literals through a "
        "JS double (checklist 1.6 REF-QUIRK), so its 64-bit hash differs; ours parses the literal exactly",
    "realistic/notes_files.milo":
        "`for entry in readDir(dir)` loops over a temporary Vec, which the reference gets wrong (it lists no file here and "
        "segfaults on `for e in readDir(\"d\")` alone, while `let es = readDir(\"d\")` then `for e in es` works): every "
        "file line is missing and the size summary divides by zero (`mean nan`)",
    "realistic/transfer_batch.milo":
        "`self.accounts[ia].withdraw(amt)?` calls a `&mut self` method on a Vec element: the reference runs it on a copy, "
        "so it reports `ok 1->2 30: 100 left` while no money moved (histories stay empty); `v[i]` as a place is mutated in "
        "place by its docs (`v[i].field = x`), and a `&mut Self` receiver borrows the caller's storage",
    # --programs Milo.Tests/Programs/realistic — the sys_* programs (systems: concurrency, servers, SQLite, processes)
    "realistic/sys_sqlite_orders.milo":
        "text bound with dbBindText in a helper function (`dbBindText(st, 1, sku.clone())` for a `sku: &string` "
        "parameter) is stored as '' by the reference (the same bind in main stores the text), so every later product "
        "insert collides on the PRIMARY KEY and the orders find no products; SQLite stores the bound text",
    # --programs Milo.Tests/Programs/realistic, the core_* programs (2026-12-05)
    "realistic/core_trait_defaults.milo":
        "the default methods `summary`/`available` of trait Account, copied into the impl for Checking, call Savings' "
        "`name`/`limit`/`isOverdrawn` (`savings/ana: balance 1200, available 1200 [ok]`); by its docs default methods "
        "are copied into each impl, so they call that type's own methods",
    "realistic/core_int_edges.milo":
        "`(32000 as i16).saturatingMul(-2)` prints 32767; by its docs saturating operations clamp to [MIN, MAX] and "
        "-64000 clamps to -32768",
    # --programs Milo.Tests/Programs/values
    "values/vec_callbacks.milo":
        "the reference stops with `array index out of bounds` after a callback's by-value parameter is pushed into another "
        "Vec; by checklist §5.7 what the callback keeps is an independent copy, and the program indexes what it pushed",
}
