#!/usr/bin/env pwsh
# Build, run, test, benchmark and pack Milo for .NET: build.sh for PowerShell 7 (Windows, or anywhere with pwsh).
# Same commands, output and exit codes as build.sh; only the "build.ps1:" prefix of its log lines differs.
#
#   ./build.ps1 [COMMAND] [ARGS...]    COMMAND defaults to build; `./build.ps1 help` lists the commands, from
#                                      .config/build-commands.txt (the one list shared with build.sh)
#
# Without a PowerShell 7 of your own: `dotnet tool restore` (the PowerShell tool pinned in .config/dotnet-tools.json),
# then `dotnet pwsh -File build.ps1 COMMAND ...` (also from cmd.exe). From a PowerShell prompt, quote
# arguments that look like numbers or `--` ('007', '--'): PowerShell turns them into numbers or drops them.
#
# Needs the .NET 10 SDK. If `dotnet` is not on PATH (and ./.dotnet has none), the official dotnet-install script installs
# the SDK into ./.dotnet (channel 10.0); that copy is then used by this script only.
#Requires -Version 7.0
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
Set-Location $Root
$OnWindows = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
$Bin = Join-Path $Root 'artifacts' 'bin'
$Milo = Join-Path $Bin ($(if ($OnWindows) { 'milo.exe' } else { 'milo' }))   # the apphost: milo.exe on Windows
$Config = 'Release'

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

function Log([string]$msg) { [Console]::Error.WriteLine("build.ps1: $msg") }

# The command list (.config/build-commands.txt): `help` prints it, an unknown command names its commands.
$Commands = Join-Path $Root '.config' 'build-commands.txt'
function Show-Usage {
    'usage: ./build.ps1 [COMMAND] [ARGS...]   (no COMMAND: build)'
    ''
    Get-Content $Commands | Where-Object { $_ -notmatch '^#' } | ForEach-Object { "  $_" }
}
function Get-CommandNames {
    (Get-Content $Commands | ForEach-Object { if ($_ -match '^[a-z][a-z-]*') { $Matches[0] } }) -join ', '
}

# Runs a program with exactly these arguments and returns its exit code; stdout/stderr go to ours unless -Quiet (stdout
# dropped), -ToStderr (stdout to our stderr) or -Capture (stdout into $script:Captured). Not `& exe @args`: on Linux and
# macOS PowerShell expands arguments holding * ? [ as file patterns even when they come from variables ('*' becomes the
# file list), which build.sh never does; ProcessStartInfo.ArgumentList also quotes for Windows' command line.
function Invoke-Native([string]$exe, [string[]]$arguments, [switch]$Quiet, [switch]$ToStderr, [switch]$Capture) {
    # Found on PATH as a shell would (.NET's own lookup tries the directory of the running dotnet first).
    if ($exe -notmatch '[\\/]') { $exe = @(Get-Command $exe -CommandType Application -ErrorAction Stop)[0].Source }
    $psi = [System.Diagnostics.ProcessStartInfo]::new($exe)
    foreach ($a in $arguments) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $Quiet -or $ToStderr -or $Capture
    $p = [System.Diagnostics.Process]::Start($psi)
    if ($psi.RedirectStandardOutput) {
        $text = $p.StandardOutput.ReadToEnd()
        if ($ToStderr) { [Console]::Error.Write($text) }
        if ($Capture) { $script:Captured = $text }
    }
    $p.WaitForExit()
    return $p.ExitCode
}

# Runs a program; a non-zero exit code ends the script with that code (build.sh: set -e).
function Invoke-Checked([string]$exe, [string[]]$arguments) {
    $rc = Invoke-Native $exe $arguments
    if ($rc -ne 0) { exit $rc }
}

function Publish-Compiler {
    # `dotnet publish Milo.Compiler` precompiles the compiler with crossgen2 (PublishReadyToRun in Milo.Compiler.csproj);
    # MILO_READY_TO_RUN=0 skips that (e.g. offline without the crossgen2/runtime packs in the NuGet cache).
    $publishArgs = @('publish', 'Milo.Compiler', '-c', $Config, '-o', $Bin, '-nologo', '-v', 'quiet', '-p:SatelliteResourceLanguages=en')
    if ($env:MILO_READY_TO_RUN -eq '0') { $publishArgs += '-p:PublishReadyToRun=false' }
    Invoke-Checked dotnet $publishArgs
    if (-not $OnWindows) { Invoke-Checked chmod @('+x', $Milo) }
    (Get-Item (Join-Path $Bin 'milo.dll')).LastWriteTime = Get-Date   # the up-to-date stamp used by `./build.ps1 run`
}

function Ensure-Dotnet {
    $local = Join-Path $Root '.dotnet'
    $localExe = Join-Path $local ($(if ($OnWindows) { 'dotnet.exe' } else { 'dotnet' }))
    if ((Test-Path $localExe) -and -not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        $env:DOTNET_ROOT = $local
        $env:PATH = $local + [IO.Path]::PathSeparator + $env:PATH
    }
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        Log 'dotnet not found; installing the .NET 10 SDK into ./.dotnet'
        New-Item -ItemType Directory -Force -Path $local | Out-Null
        if ($OnWindows) {
            $installer = Join-Path $local 'dotnet-install.ps1'
            Invoke-WebRequest -UseBasicParsing 'https://dot.net/v1/dotnet-install.ps1' -OutFile $installer
            & $installer -Channel 10.0 -InstallDir $local
        } else {
            $installer = Join-Path $local 'dotnet-install.sh'
            Invoke-WebRequest -UseBasicParsing 'https://dot.net/v1/dotnet-install.sh' -OutFile $installer
            Invoke-Checked bash @($installer, '--channel', '10.0', '--install-dir', $local)
        }
        $env:DOTNET_ROOT = $local
        $env:PATH = $local + [IO.Path]::PathSeparator + $env:PATH
    }
}

function Build-All {
    Ensure-Dotnet
    Log "building ($Config)"
    Invoke-Checked dotnet @('build', 'Milo.sln', '-c', $Config, '-nologo', '-v', 'quiet')
    Log 'publishing the compiler to artifacts/bin'
    Publish-Compiler
}

# True when artifacts/bin/milo.dll is missing or older than any compiler/runtime/stdlib input.
function Test-NeedsBuild {
    $dll = Join-Path $Bin 'milo.dll'
    if (-not (Test-Path $Milo) -or -not (Test-Path $dll)) { return $true }
    $stamp = (Get-Item $dll).LastWriteTime
    $inputs = @(@('Milo.Compiler', 'Milo.Runtime', 'Milo.Stdlib') | ForEach-Object {
        Get-ChildItem -Recurse -File -Force -Path (Join-Path $Root $_) |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
    })
    $inputs += @(Get-Item (Join-Path $Root 'Directory.Build.props'))
    return [bool]($inputs | Where-Object { $_.LastWriteTime -gt $stamp } | Select-Object -First 1)
}

function Build-IfNeeded {
    Ensure-Dotnet
    if (Test-NeedsBuild) {
        Log 'building the compiler (inputs changed)'
        Publish-Compiler
    }
}

# NuGet packages to artifacts/nupkg: Milo.Runtime, Milo.Stdlib (dependencies of every Milo.Sdk project), the milo .NET
# tool (Milo.Compiler.Tool), Milo.Sdk (the MSBuild project SDK, compiler included) and Milo.Templates (dotnet new).
# Needs Build-All first.
function Pack-All {
    foreach ($p in 'Milo.Runtime', 'Milo.Stdlib', 'Milo.Compiler') {
        Invoke-Checked dotnet @('pack', $p, '-c', $Config, '--no-build', '-nologo', '-v', 'quiet')
    }
    Invoke-Checked dotnet @('pack', 'Milo.Sdk', '-c', $Config, '-nologo', '-v', 'quiet')
    Invoke-Checked dotnet @('pack', 'Milo.Sdk/Templates', '-c', $Config, '-nologo', '-v', 'quiet')
}

# Samples: every examples/*.milo that carries `// @expect:` annotations is checked with the shared conformance rules
# (when the runner is available); the others are only compiled. A failure sets $script:Failed.
function Run-Samples {
    $examples = Join-Path $Root 'examples'
    if (-not (Test-Path $examples)) { return }
    $runner = Join-Path $Root '..' 'shared' 'conformance' 'milo-conformance'
    $out = Join-Path ([IO.Path]::GetTempPath()) ('milo-samples-' + [Guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Force -Path $out | Out-Null
    try {
        $files = @(Get-ChildItem -Path $examples -Filter '*.milo' -File | Sort-Object Name)
        foreach ($f in $files) {
            $rc = Invoke-Native $Milo @('compile', "examples/$($f.Name)", '-o', (Join-Path $out ($f.BaseName + '.dll'))) -Quiet
            if ($rc -ne 0) { Log "sample failed to compile: examples/$($f.Name)"; $script:Failed = $true }
        }
        $annotated = $files.Count -gt 0 -and (Select-String -Path $files.FullName -Pattern '// @expect:' -SimpleMatch -Quiet)
        # build.sh: [[ -x runner ]] — on Linux/macOS only an executable runner counts.
        $runnable = (Test-Path $runner) -and ($OnWindows -or ([int][IO.File]::GetUnixFileMode($runner) -band 0x49) -ne 0)
        if ($runnable -and $annotated) {
            # The runner runs --build/--exec through the shell (sh; cmd.exe on Windows): the compiler path is double-quoted.
            $runnerArgs = @('examples', '-q', '--build', "`"$Milo`" compile {src} -o {out}.dll", '--exec', 'dotnet {out}.dll')
            $rc = if (-not $OnWindows) {
                Invoke-Native $runner $runnerArgs
            } elseif (Get-Command py -ErrorAction SilentlyContinue) {
                Invoke-Native py (@('-3', $runner) + $runnerArgs)   # no shebangs on Windows: the Python launcher runs it
            } else {
                Invoke-Native python (@($runner) + $runnerArgs)
            }
            if ($rc -ne 0) { $script:Failed = $true }
        }
    } finally {
        Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue
    }
}

# Text as build.sh compares it: LF line ends, no trailing newlines.
function Get-NormalizedText([string[]]$lines) { (($lines -join "`n") -replace "`r", '').TrimEnd("`n") }

# C# samples: every samples/*/*.csproj is built (its Milo.targets compiles the Milo code with artifacts/bin/milo.dll) and
# run; when the sample has an expected.txt, stdout must match it exactly. A failure sets $script:Failed.
function Run-CSharpSamples {
    $projects = @(Get-ChildItem -Path (Join-Path $Root 'samples') -Directory -ErrorAction SilentlyContinue | Sort-Object Name |
        ForEach-Object { Get-ChildItem -Path $_.FullName -Filter '*.csproj' -File | Sort-Object Name })
    foreach ($proj in $projects) {
        $dir = 'samples/' + $proj.Directory.Name
        $path = "$dir/$($proj.Name)"
        Log "C# sample: $dir"
        $buildArgs = @('build', $path, '-c', $Config, '-nologo', '-v', 'quiet')
        if ((Invoke-Native dotnet $buildArgs -Quiet) -ne 0) {
            Invoke-Native dotnet $buildArgs -ToStderr | Out-Null
            Log "C# sample failed to build: $dir"; $script:Failed = $true; continue
        }
        $script:Captured = ''
        $rc = Invoke-Native dotnet @('run', '--project', $path, '-c', $Config, '--no-build') -Capture
        $out = $script:Captured
        if ($rc -ne 0) { Log "C# sample failed: $dir"; $script:Failed = $true; continue }
        $expectedFile = Join-Path $proj.DirectoryName 'expected.txt'
        if (Test-Path $expectedFile) {
            $expected = Get-NormalizedText (Get-Content -Raw $expectedFile)
            $actual = Get-NormalizedText $out
            if ($expected -ne $actual) {
                Write-LineDiff "$dir/expected.txt" $expected.Split("`n") 'output' $actual.Split("`n")
                Log "C# sample output differs from $dir/expected.txt"; $script:Failed = $true
            }
        }
    }
}

# Solutions using the packed Milo.Sdk: every samples/*/*.slnx is restored from artifacts/nupkg into artifacts/sdk-packages
# (its NuGet.config; emptied of milo.* first so this build's packages are used), built and tested; when it has a
# RoundTrip project, the solution is packed to artifacts/sample-nupkg and RoundTrip built against those packages; each
# of its projects with an expected.txt is run and its stdout compared; the files an expected-outputs.txt lists must be in
# that project's bin/CONFIG/net10.0. A failure sets $script:Failed.
function Run-SolutionSamples {
    $solutions = @(Get-ChildItem -Path (Join-Path $Root 'samples') -Directory -ErrorAction SilentlyContinue | Sort-Object Name |
        ForEach-Object { Get-ChildItem -Path $_.FullName -Filter '*.slnx' -File | Sort-Object Name })
    foreach ($slnFile in $solutions) {
        $sln = "samples/$($slnFile.Directory.Name)/$($slnFile.Name)"
        Log "solution sample: $sln"
        Get-ChildItem -Path (Join-Path $Root 'artifacts' 'sdk-packages') -Filter 'milo.*' -Directory -ErrorAction SilentlyContinue |
            Remove-Item -Recurse -Force
        $buildArgs = @('build', $sln, '-c', $Config, '-nologo', '-v', 'quiet')
        if ((Invoke-Native dotnet $buildArgs -Quiet) -ne 0) {
            Invoke-Native dotnet $buildArgs -ToStderr | Out-Null
            Log "solution sample failed to build: $sln"; $script:Failed = $true; continue
        }
        if ((Invoke-Native dotnet @('test', $sln, '-c', $Config, '--no-build', '-nologo') -ToStderr) -ne 0) {
            Log "solution sample tests failed: $sln"; $script:Failed = $true
        }
        $roundTrip = "samples/$($slnFile.Directory.Name)/RoundTrip"
        if (Test-Path (Join-Path $Root $roundTrip)) {
            # NuGet round trip: pack the solution's libraries, then build RoundTrip against the packages.
            foreach ($d in 'sample-nupkg', 'roundtrip-packages') {
                Remove-Item -Recurse -Force (Join-Path $Root 'artifacts' $d) -ErrorAction SilentlyContinue
            }
            $packed = (Invoke-Native dotnet @('pack', $sln, '-c', $Config, '--no-build', '-nologo', '-v', 'quiet', '-o', 'artifacts/sample-nupkg') -ToStderr) -eq 0
            if (-not $packed -or (Invoke-Native dotnet @('build', $roundTrip, '-c', $Config, '-nologo', '-v', 'quiet') -ToStderr) -ne 0) {
                Log "solution sample round trip failed: $sln"; $script:Failed = $true
            }
        }
        # expected-outputs.txt: files that must be in the project's bin/CONFIG/net10.0 (e.g. a referenced C# project's dll).
        foreach ($dir in Get-ChildItem -Path $slnFile.DirectoryName -Directory | Sort-Object Name) {
            $listFile = Join-Path $dir.FullName 'expected-outputs.txt'
            if (-not (Test-Path $listFile)) { continue }
            foreach ($f in (Get-Content $listFile | Where-Object { $_.Trim() -ne '' })) {
                $path = Join-Path $dir.FullName 'bin' $Config 'net10.0' $f.Trim()
                if (-not (Test-Path $path)) { Log "missing build output $path"; $script:Failed = $true }
            }
        }
        foreach ($dir in Get-ChildItem -Path $slnFile.DirectoryName -Directory | Sort-Object Name) {
            $expectedFile = Join-Path $dir.FullName 'expected.txt'
            if (-not (Test-Path $expectedFile)) { continue }
            $projFile = @(Get-ChildItem -Path $dir.FullName -Filter '*.*proj' -File | Sort-Object Name)[0]
            $proj = "samples/$($slnFile.Directory.Name)/$($dir.Name)/$($projFile.Name)"
            $script:Captured = ''
            if ((Invoke-Native dotnet @('run', '--project', $proj, '-c', $Config, '--no-build') -Capture) -ne 0) {
                Log "sample failed: $proj"; $script:Failed = $true; continue
            }
            $expected = Get-NormalizedText (Get-Content -Raw $expectedFile)
            $actual = Get-NormalizedText $script:Captured
            if ($expected -ne $actual) {
                $exp = "samples/$($slnFile.Directory.Name)/$($dir.Name)/expected.txt"
                Write-LineDiff $exp $expected.Split("`n") 'output' $actual.Split("`n")
                Log "sample output differs from $exp"; $script:Failed = $true
            }
        }
    }
}

# A line-by-line difference on stderr (build.sh uses diff -u, which Windows lacks).
function Write-LineDiff([string]$nameA, [string[]]$a, [string]$nameB, [string[]]$b) {
    [Console]::Error.WriteLine("--- $nameA")
    [Console]::Error.WriteLine("+++ $nameB")
    for ($i = 0; $i -lt [Math]::Max($a.Count, $b.Count); $i++) {
        $x = if ($i -lt $a.Count) { $a[$i] } else { $null }
        $y = if ($i -lt $b.Count) { $b[$i] } else { $null }
        if ($x -ceq $y) { continue }
        if ($null -ne $x) { [Console]::Error.WriteLine("-$x") }
        if ($null -ne $y) { [Console]::Error.WriteLine("+$y") }
    }
}

# The VS Code extension (editors/vscode, docs/editor.md): npm packages from the npm registry through `npm ci` (the
# committed package-lock.json) with the machine's Node.js >= 20 and npm. `vsix` packages it with @vscode/vsce; `test`
# runs its TextMate grammar tests when npm is on PATH and otherwise says that it skips them.
$ExtDir = Join-Path $Root (Join-Path 'editors' 'vscode')
function Test-HaveNpm { [bool](Get-Command npm -CommandType Application -ErrorAction SilentlyContinue) -and [bool](Get-Command node -CommandType Application -ErrorAction SilentlyContinue) }
# Invoke-Native in editors/vscode (a started process inherits the .NET current directory, not PowerShell's location).
function Invoke-InExt([string]$exe, [string[]]$arguments) {
    $saved = [Environment]::CurrentDirectory
    [Environment]::CurrentDirectory = $ExtDir
    try { return (Invoke-Native $exe $arguments -ToStderr) } finally { [Environment]::CurrentDirectory = $saved }
}

# npm ci, unless node_modules was installed from the current package-lock.json already (npm ci starts from scratch).
function Invoke-NpmCi {
    $installed = Join-Path $ExtDir (Join-Path 'node_modules' '.package-lock.json')
    $lock = Join-Path $ExtDir 'package-lock.json'
    if ((Test-Path $installed) -and (Get-Item -Force $installed).LastWriteTimeUtc -gt (Get-Item -Force $lock).LastWriteTimeUtc) { return 0 }
    return (Invoke-InExt npm @('ci', '--no-audit', '--no-fund', '--loglevel=error'))
}

function Run-GrammarTests {
    if (-not (Test-HaveNpm)) {
        Log 'skipping the VS Code grammar tests: npm not found (install Node.js >= 20 with npm to run them)'
        return
    }
    Log 'VS Code extension: grammar tests (editors/vscode/test)'
    if ((Invoke-NpmCi) -ne 0 -or
        (Invoke-InExt npm @('run', '--silent', 'test:grammar')) -ne 0) { $script:Failed = $true }
}

function Build-Vsix {
    if (-not (Test-HaveNpm)) {
        Log 'error: npm not found: the .vsix is packaged with @vscode/vsce from the npm registry (install Node.js >= 20 with npm)'
        exit 1
    }
    $version = (Get-Content (Join-Path $ExtDir 'package.json') -Raw | ConvertFrom-Json).version
    $rc = Invoke-NpmCi
    if ($rc -ne 0) { exit $rc }
    New-Item -ItemType Directory -Force -Path (Join-Path $Root 'artifacts') | Out-Null
    $out = Join-Path $Root (Join-Path 'artifacts' "milo-$version.vsix")
    $rc = Invoke-InExt npx @('--no-install', 'vsce', 'package', '--no-update-package-json', '--skip-license', '--allow-missing-repository', '-o', $out)
    if ($rc -ne 0) { exit $rc }
    Log "wrote artifacts/milo-$version.vsix"
}

$cliArgs = @($args | ForEach-Object { [string]$_ })
$cmd = if ($cliArgs.Count -gt 0) { $cliArgs[0] } else { 'build' }
$rest = @(if ($cliArgs.Count -gt 1) { $cliArgs[1..($cliArgs.Count - 1)] })

switch -CaseSensitive ($cmd) {
    'build' {
        Build-All
    }
    'run' {
        if ($rest.Count -lt 1) { [Console]::Error.WriteLine('usage: ./build.ps1 run FILE.milo [ARGS...]'); exit 2 }
        $file = $rest[0]
        $programArgs = @(if ($rest.Count -gt 1) { $rest[1..($rest.Count - 1)] })
        Build-IfNeeded
        exit (Invoke-Native $Milo (@('run', $file, '--') + $programArgs))
    }
    'test' {
        Build-All
        Log 'running Milo.Tests'
        $testArgs = @('test', 'Milo.Tests', '-c', $Config, '--no-build', '-nologo')
        if ($rest.Count -gt 0 -and $rest[0] -ne '') { $testArgs += @('--filter', $rest[0]) }
        Invoke-Checked dotnet $testArgs
        Log 'building and running samples'
        $script:Failed = $false
        Run-Samples
        Run-GrammarTests
        Run-CSharpSamples
        Log 'packing to artifacts/nupkg'
        Pack-All
        Run-SolutionSamples
        exit $(if ($script:Failed) { 1 } else { 0 })
    }
    'pack' {
        Build-All
        Log 'packing to artifacts/nupkg'
        Pack-All
    }
    'bench' {
        # Short job by default (1 launch, 3 warm-ups, 3 iterations), in-process (no per-run generated project build): the
        # whole suite is slow on a 2-core machine. Full job, one process per benchmark:
        #   $env:MILO_BENCH_JOB='default'; $env:MILO_BENCH_INPROCESS='0'; ./build.ps1 bench
        # Extra arguments go to BenchmarkDotNet.
        Ensure-Dotnet
        $filter = if ($rest.Count -gt 0) { $rest[0] } else { '*' }
        $extra = @(if ($rest.Count -gt 1) { $rest[1..($rest.Count - 1)] })
        $mode = if ($env:MILO_BENCH_INPROCESS -eq '0') { @('--buildTimeout', '900') } else { @('--inProcess') }
        $job = if ($env:MILO_BENCH_JOB) { $env:MILO_BENCH_JOB } else { 'short' }
        Invoke-Checked dotnet (@('run', '-c', 'Release', '--project', 'Milo.Benchmarks', '--', '--filter', $filter, '--job', $job) + $mode + $extra)
    }
    'vsix' {
        Build-Vsix
    }
    'help' { Show-Usage }
    '-h' { Show-Usage }
    '--help' { Show-Usage }
    default {
        [Console]::Error.WriteLine("unknown command '$cmd' (expected: $(Get-CommandNames))")
        exit 2
    }
}
exit 0
