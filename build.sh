#!/usr/bin/env bash
# Build, run, test, benchmark and pack Milo for .NET. build.ps1 is the same script for PowerShell (Windows).
#
#   ./build.sh [COMMAND] [ARGS...]     COMMAND defaults to build; `./build.sh help` lists the commands, from
#                                      .config/build-commands.txt (the one list shared with build.ps1)
#
# Needs the .NET 10 SDK. If `dotnet` is not on PATH (and ./.dotnet has none), the official dotnet-install.sh installs
# the SDK into ./.dotnet (channel 10.0); that copy is then used by this script only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
BIN="$ROOT/artifacts/bin"
MILO="$BIN/milo"
CONFIG=Release

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { echo "build.sh: $*" >&2; }

# The command list (.config/build-commands.txt): `help` prints it, an unknown command names its commands.
COMMANDS="$ROOT/.config/build-commands.txt"
usage() {
  echo "usage: ./build.sh [COMMAND] [ARGS...]   (no COMMAND: build)"
  echo
  grep -v '^#' "$COMMANDS" | sed 's/^/  /'
}
command_names() { grep -o '^[a-z][a-z-]*' "$COMMANDS" | paste -sd, - | sed 's/,/, /g'; }

# `dotnet publish Milo.Compiler` precompiles the compiler with crossgen2 (PublishReadyToRun in Milo.Compiler.csproj);
# MILO_READY_TO_RUN=0 skips that (e.g. offline without the crossgen2/runtime packs in the NuGet cache).
publish_compiler() {
  local r2r=()
  [[ "${MILO_READY_TO_RUN:-1}" == 0 ]] && r2r=(-p:PublishReadyToRun=false)
  dotnet publish Milo.Compiler -c "$CONFIG" -o "$BIN" -nologo -v quiet -p:SatelliteResourceLanguages=en "${r2r[@]}"
  chmod +x "$MILO"
  touch "$BIN/milo.dll"   # the up-to-date stamp used by `./build.sh run`
}

ensure_dotnet() {
  if [[ -x "$ROOT/.dotnet/dotnet" ]] && ! command -v dotnet >/dev/null 2>&1; then
    export DOTNET_ROOT="$ROOT/.dotnet" PATH="$ROOT/.dotnet:$PATH"
  fi
  if ! command -v dotnet >/dev/null 2>&1; then
    log "dotnet not found; installing the .NET 10 SDK into ./.dotnet"
    local installer="$ROOT/.dotnet/dotnet-install.sh"
    mkdir -p "$ROOT/.dotnet"
    if command -v curl >/dev/null 2>&1; then
      curl -sSL https://dot.net/v1/dotnet-install.sh -o "$installer"
    else
      wget -q https://dot.net/v1/dotnet-install.sh -O "$installer"
    fi
    bash "$installer" --channel 10.0 --install-dir "$ROOT/.dotnet"
    export DOTNET_ROOT="$ROOT/.dotnet" PATH="$ROOT/.dotnet:$PATH"
  fi
}

# `milo compile --native` (NativeAOT) links with a C toolchain: clang plus zlib's headers, from Debian's packages
# (README: Native executables). Installed when missing and apt-get is usable (CI runs as root); otherwise a note.
ensure_native_toolchain() {
  local have_clang=0 v
  command -v clang >/dev/null 2>&1 && have_clang=1
  for v in $(seq 40 -1 11); do command -v "clang-$v" >/dev/null 2>&1 && have_clang=1; done
  if [[ $have_clang == 1 && -e /usr/include/zlib.h ]]; then return 0; fi
  if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
    log "installing clang and zlib1g-dev (needed by milo compile --native)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev; } >/dev/null \
      || log "warning: could not install clang/zlib1g-dev; the --native test will fail"
  else
    log "warning: clang/zlib1g-dev missing (apt-get install clang zlib1g-dev); milo compile --native will not link"
  fi
}

build() {
  ensure_dotnet
  log "building ($CONFIG)"
  dotnet build Milo.sln -c "$CONFIG" -nologo -v quiet
  log "publishing the compiler to artifacts/bin"
  publish_compiler
}

# True when artifacts/bin/milo.dll is missing or older than any compiler/runtime/stdlib input.
needs_build() {
  [[ -x "$MILO" && -f "$BIN/milo.dll" ]] || return 0
  local newer
  newer="$(find Milo.Compiler Milo.Runtime Milo.Stdlib Directory.Build.props \
             \( -name bin -o -name obj \) -prune -o -type f -newer "$BIN/milo.dll" -print -quit 2>/dev/null)"
  [[ -n "$newer" ]]
}

build_if_needed() {
  ensure_dotnet
  if needs_build; then
    log "building the compiler (inputs changed)"
    publish_compiler
  fi
}

# NuGet packages to artifacts/nupkg: Milo.Runtime, Milo.Stdlib (dependencies of every Milo.Sdk project), the milo .NET
# tool (Milo.Compiler.Tool), Milo.Sdk (the MSBuild project SDK, compiler included) and Milo.Templates (dotnet new).
# Needs `build` first.
pack_all() {
  local p
  for p in Milo.Runtime Milo.Stdlib Milo.Compiler; do
    dotnet pack "$p" -c "$CONFIG" --no-build -nologo -v quiet
  done
  dotnet pack Milo.Sdk -c "$CONFIG" -nologo -v quiet
  dotnet pack Milo.Sdk/Templates -c "$CONFIG" -nologo -v quiet
}

run_samples() {
  # Samples: every examples/*.milo that carries `// @expect:` annotations is checked with the shared conformance rules
  # (when the runner is available); the others are only compiled.
  local runner="$ROOT/../shared/conformance/milo-conformance"
  [[ -d examples ]] || return 0
  local out; out="$(mktemp -d)"
  local failed=0 f
  for f in examples/*.milo; do
    [[ -e "$f" ]] || continue
    if ! "$MILO" compile "$f" -o "$out/$(basename "${f%.milo}").dll" >/dev/null; then
      log "sample failed to compile: $f"; failed=1
    fi
  done
  if [[ -x "$runner" ]] && grep -lq '// @expect:' examples/*.milo 2>/dev/null; then
    "$runner" examples -q --build "$MILO compile {src} -o {out}.dll" --exec "dotnet {out}.dll" || failed=1
  fi
  rm -rf "$out"
  return $failed
}

run_csharp_samples() {
  # C# samples: every samples/*/*.csproj is built (its Milo.targets compiles the Milo code with artifacts/bin/milo.dll) and
  # run; when the sample has an expected.txt, stdout must match it exactly.
  local failed=0 proj dir out
  for proj in samples/*/*.csproj; do
    [[ -e "$proj" ]] || continue
    dir="$(dirname "$proj")"
    log "C# sample: $dir"
    if ! dotnet build "$proj" -c "$CONFIG" -nologo -v quiet >/dev/null; then
      dotnet build "$proj" -c "$CONFIG" -nologo -v quiet >&2 || true
      log "C# sample failed to build: $dir"; failed=1; continue
    fi
    if ! out="$(dotnet run --project "$proj" -c "$CONFIG" --no-build)"; then
      log "C# sample failed: $dir"; failed=1; continue
    fi
    if [[ -f "$dir/expected.txt" ]] && ! diff -u "$dir/expected.txt" <(printf '%s\n' "$out") >&2; then
      log "C# sample output differs from $dir/expected.txt"; failed=1
    fi
  done
  return $failed
}

run_solution_samples() {
  # Solutions using the packed Milo.Sdk: every samples/*/*.slnx is restored from artifacts/nupkg into artifacts/sdk-packages
  # (its NuGet.config; emptied of milo.* first so this build's packages are used), built and tested; when it has a
  # RoundTrip project, the solution is packed to artifacts/sample-nupkg and RoundTrip built against those packages; each
  # of its projects with an expected.txt is run and its stdout compared; the files an expected-outputs.txt lists must be
  # in that project's bin/CONFIG/net10.0.
  local failed=0 sln exp proj out
  for sln in samples/*/*.slnx; do
    [[ -e "$sln" ]] || continue
    log "solution sample: $sln"
    rm -rf artifacts/sdk-packages/milo.*
    if ! dotnet build "$sln" -c "$CONFIG" -nologo -v quiet >/dev/null; then
      dotnet build "$sln" -c "$CONFIG" -nologo -v quiet >&2 || true
      log "solution sample failed to build: $sln"; failed=1; continue
    fi
    dotnet test "$sln" -c "$CONFIG" --no-build -nologo >&2 || { log "solution sample tests failed: $sln"; failed=1; }
    if [[ -d "$(dirname "$sln")/RoundTrip" ]]; then
      # NuGet round trip: pack the solution's libraries, then build RoundTrip against the packages.
      rm -rf artifacts/sample-nupkg artifacts/roundtrip-packages
      if ! dotnet pack "$sln" -c "$CONFIG" --no-build -nologo -v quiet -o artifacts/sample-nupkg >&2 \
         || ! dotnet build "$(dirname "$sln")/RoundTrip" -c "$CONFIG" -nologo -v quiet >&2; then
        log "solution sample round trip failed: $sln"; failed=1
      fi
    fi
    # expected-outputs.txt: files that must be in the project's bin/CONFIG/net10.0 (e.g. a referenced C# project's dll).
    for exp in "$(dirname "$sln")"/*/expected-outputs.txt; do
      [[ -e "$exp" ]] || continue
      while IFS= read -r f; do
        [[ -z "$f" ]] && continue
        if [[ ! -f "$(dirname "$exp")/bin/$CONFIG/net10.0/$f" ]]; then
          log "missing build output $(dirname "$exp")/bin/$CONFIG/net10.0/$f"; failed=1
        fi
      done < "$exp"
    done
    for exp in "$(dirname "$sln")"/*/expected.txt; do
      [[ -e "$exp" ]] || continue
      proj="$(ls "$(dirname "$exp")"/*.*proj | head -n 1)"
      if ! out="$(dotnet run --project "$proj" -c "$CONFIG" --no-build)"; then
        log "sample failed: $proj"; failed=1; continue
      fi
      if ! diff -u "$exp" <(printf '%s\n' "$out") >&2; then
        log "sample output differs from $exp"; failed=1
      fi
    done
  done
  return $failed
}

# The VS Code extension (editors/vscode, docs/editor.md): its npm packages come from the npm registry through
# `npm ci` (the committed package-lock.json) with the machine's Node.js >= 20 and npm. `vsix` packages it with
# @vscode/vsce; `test` runs its TextMate grammar tests (vscode-tmgrammar-test) when npm is on PATH and otherwise says
# that it skips them (the .NET build and tests do not need Node.js).
EXT="$ROOT/editors/vscode"
have_npm() { command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; }
# npm ci, unless node_modules was installed from the current package-lock.json already (npm ci starts from scratch).
ext_npm_ci() {
  [[ "$EXT/node_modules/.package-lock.json" -nt "$EXT/package-lock.json" ]] && return 0
  (cd "$EXT" && npm ci --no-audit --no-fund --loglevel=error >&2)
}

run_grammar_tests() {
  if ! have_npm; then
    log "skipping the VS Code grammar tests: npm not found (install Node.js >= 20 with npm to run them)"
    return 0
  fi
  log "VS Code extension: grammar tests (editors/vscode/test)"
  ext_npm_ci && (cd "$EXT" && npm run --silent test:grammar)
}

vsix() {
  if ! have_npm; then
    log "error: npm not found: the .vsix is packaged with @vscode/vsce from the npm registry (install Node.js >= 20 with npm)"
    return 1
  fi
  local version
  version="$(cd "$EXT" && node -p 'require("./package.json").version')"
  ext_npm_ci
  mkdir -p "$ROOT/artifacts"
  (cd "$EXT" && npx --no-install vsce package --no-update-package-json --skip-license --allow-missing-repository \
     -o "$ROOT/artifacts/milo-$version.vsix" >&2)
  log "wrote artifacts/milo-$version.vsix"
}

cmd="${1:-build}"
[[ $# -gt 0 ]] && shift
case "$cmd" in
  build)
    build
    ;;
  run)
    [[ $# -ge 1 ]] || { echo "usage: ./build.sh run FILE.milo [ARGS...]" >&2; exit 2; }
    file="$1"; shift
    build_if_needed
    exec "$MILO" run "$file" -- "$@"
    ;;
  test)
    ensure_native_toolchain
    build
    log "running Milo.Tests"
    filter=()
    [[ -n "${1:-}" ]] && filter=(--filter "$1")
    dotnet test Milo.Tests -c "$CONFIG" --no-build -nologo "${filter[@]}"
    log "building and running samples"
    rc=0
    run_samples || rc=1
    run_grammar_tests || rc=1
    run_csharp_samples || rc=1
    log "packing to artifacts/nupkg"
    pack_all
    run_solution_samples || rc=1
    exit $rc
    ;;
  pack)
    build
    log "packing to artifacts/nupkg"
    pack_all
    ;;
  bench)
    # Short job by default (1 launch, 3 warm-ups, 3 iterations), in-process (no per-run generated project build): the
    # whole suite is slow on a 2-core machine. Full job, one process per benchmark:
    #   MILO_BENCH_JOB=default MILO_BENCH_INPROCESS=0 ./build.sh bench
    # Extra arguments go to BenchmarkDotNet.
    ensure_dotnet
    filter="${1:-*}"
    [[ $# -gt 0 ]] && shift
    mode=(--inProcess)
    [[ "${MILO_BENCH_INPROCESS:-1}" == 0 ]] && mode=(--buildTimeout 900)
    dotnet run -c Release --project Milo.Benchmarks -- --filter "$filter" --job "${MILO_BENCH_JOB:-short}" "${mode[@]}" "$@"
    ;;
  vsix)
    vsix
    ;;
  help|-h|--help)
    usage
    ;;
  *)
    echo "unknown command '$cmd' (expected: $(command_names))" >&2
    exit 2
    ;;
esac
