#!/usr/bin/env pwsh
# Build, run, test and benchmark Milo for .NET (PowerShell equivalent of build.sh).
#
#   ./build.ps1                          restore + build (Release) and publish the compiler to artifacts/bin/milo
#                                        (ReadyToRun-precompiled for fast start-up; MILO_READY_TO_RUN=0 publishes plain IL)
#   ./build.ps1 run FILE.milo [ARGS...]  build if needed, then `artifacts/bin/milo run FILE.milo -- ARGS...`
#   ./build.ps1 test                     build, then run the xunit tests (Milo.Tests) and the samples (if any)
#   ./build.ps1 bench [FILTER]           run the BenchmarkDotNet benchmarks (FILTER defaults to '*')
#
# Needs the .NET 10 SDK. If `dotnet` is not on PATH (and ./.dotnet has none), the official dotnet-install script installs
# the SDK into ./.dotnet (channel 10.0); that copy is then used by this script only.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
Set-Location $Root
$Bin = Join-Path $Root 'artifacts/bin'
$OnWindows = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
$Milo = Join-Path $Bin ($(if ($OnWindows) { 'milo.exe' } else { 'milo' }))
$Config = 'Release'

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

function Log([string]$msg) { [Console]::Error.WriteLine("build.ps1: $msg") }

function Invoke-Checked([string]$exe, [string[]]$arguments) {
    & $exe @arguments
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Ensure-Dotnet {
    $local = Join-Path $Root '.dotnet'
    $localExe = Join-Path $local ($(if ($OnWindows) { 'dotnet.exe' } else { 'dotnet' }))
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        if (-not (Test-Path $localExe)) {
            Log 'dotnet not found; installing the .NET 10 SDK into ./.dotnet'
            New-Item -ItemType Directory -Force -Path $local | Out-Null
            if ($OnWindows) {
                $installer = Join-Path $local 'dotnet-install.ps1'
                Invoke-WebRequest -UseBasicParsing 'https://dot.net/v1/dotnet-install.ps1' -OutFile $installer
                & $installer -Channel 10.0 -InstallDir $local
            } else {
                $installer = Join-Path $local 'dotnet-install.sh'
                Invoke-WebRequest -UseBasicParsing 'https://dot.net/v1/dotnet-install.sh' -OutFile $installer
                & bash $installer --channel 10.0 --install-dir $local
            }
        }
        $env:DOTNET_ROOT = $local
        $env:PATH = $local + [IO.Path]::PathSeparator + $env:PATH
    }
}

function Build-All {
    Ensure-Dotnet
    Log "building ($Config)"
    Invoke-Checked dotnet @('build', 'Milo.sln', '-c', $Config, '-nologo', '-v', 'quiet')
    Publish-Compiler
}

function Publish-Compiler {
    Log 'publishing the compiler to artifacts/bin'
    # PublishReadyToRun (Milo.Compiler.csproj) precompiles the compiler with crossgen2; MILO_READY_TO_RUN=0 skips that.
    $publishArgs = @('publish', 'Milo.Compiler', '-c', $Config, '-o', $Bin, '-nologo', '-v', 'quiet', '-p:SatelliteResourceLanguages=en')
    if ($env:MILO_READY_TO_RUN -eq '0') { $publishArgs += '-p:PublishReadyToRun=false' }
    Invoke-Checked dotnet $publishArgs
    $dll = Join-Path $Bin 'milo.dll'
    if (Test-Path $dll) { (Get-Item $dll).LastWriteTime = Get-Date }
}

# True when artifacts/bin/milo.dll is missing or older than any compiler/runtime/stdlib input.
function Test-NeedsBuild {
    $dll = Join-Path $Bin 'milo.dll'
    if (-not (Test-Path $Milo) -or -not (Test-Path $dll)) { return $true }
    $stamp = (Get-Item $dll).LastWriteTime
    $inputs = @(@('Milo.Compiler', 'Milo.Runtime', 'Milo.Stdlib') | ForEach-Object {
        Get-ChildItem -Recurse -File -Path (Join-Path $Root $_) |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
    })
    $inputs += @(Get-Item (Join-Path $Root 'Directory.Build.props'))
    return [bool]($inputs | Where-Object { $_.LastWriteTime -gt $stamp } | Select-Object -First 1)
}

function Run-Samples {
    $examples = Join-Path $Root 'examples'
    if (-not (Test-Path $examples)) { return }
    $out = Join-Path ([IO.Path]::GetTempPath()) ("milo-samples-" + [Guid]::NewGuid())
    New-Item -ItemType Directory -Force -Path $out | Out-Null
    $failed = $false
    try {
        foreach ($f in Get-ChildItem -Path $examples -Filter '*.milo' -File) {
            & $Milo compile $f.FullName -o (Join-Path $out ($f.BaseName + '.dll')) | Out-Null
            if ($LASTEXITCODE -ne 0) { Log "sample failed to compile: $($f.Name)"; $failed = $true }
        }
        $runner = Join-Path $Root '../shared/conformance/milo-conformance'
        $python = Get-Command python3 -ErrorAction SilentlyContinue
        if ((Test-Path $runner) -and $python -and (Select-String -Path (Join-Path $examples '*.milo') -Pattern '// @expect:' -SimpleMatch -Quiet)) {
            & $python.Source $runner $examples -q --build "`"$Milo`" compile {src} -o {out}.dll" --exec 'dotnet {out}.dll'
            if ($LASTEXITCODE -ne 0) { $failed = $true }
        }
    } finally {
        Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue
    }
    if ($failed) { exit 1 }
}

function Run-CSharpSamples {
    # samples/*/*.csproj: build (Milo.targets compiles the Milo code with artifacts/bin/milo.dll), run, compare with expected.txt.
    $failed = $false
    foreach ($proj in Get-ChildItem -Path (Join-Path $Root 'samples') -Filter '*.csproj' -Recurse -Depth 1 -ErrorAction SilentlyContinue) {
        $dir = $proj.DirectoryName
        Log "C# sample: $dir"
        & dotnet build $proj.FullName -c $Config -nologo -v quiet | Out-Null
        if ($LASTEXITCODE -ne 0) { Log "C# sample failed to build: $dir"; $failed = $true; continue }
        $out = & dotnet run --project $proj.FullName -c $Config --no-build
        if ($LASTEXITCODE -ne 0) { Log "C# sample failed: $dir"; $failed = $true; continue }
        $expected = Join-Path $dir 'expected.txt'
        if ((Test-Path $expected) -and ((@($out) -join "`n") -ne ((Get-Content $expected) -join "`n"))) {
            Log "C# sample output differs from $expected"; $failed = $true
        }
    }
    if ($failed) { exit 1 }
}

$cliArgs = @($args)
$cmd = if ($cliArgs.Count -gt 0) { $cliArgs[0] } else { 'build' }
$rest = @(if ($cliArgs.Count -gt 1) { $cliArgs[1..($cliArgs.Count - 1)] })

switch ($cmd) {
    'build' { Build-All }
    'run' {
        if ($rest.Count -lt 1) { [Console]::Error.WriteLine('usage: ./build.ps1 run FILE.milo [ARGS...]'); exit 2 }
        $file = $rest[0]
        $programArgs = @(if ($rest.Count -gt 1) { $rest[1..($rest.Count - 1)] })
        Ensure-Dotnet
        if (Test-NeedsBuild) { Log 'building the compiler (inputs changed)'; Publish-Compiler }
        & $Milo run $file -- @programArgs
        exit $LASTEXITCODE
    }
    'test' {
        Build-All
        Log 'running Milo.Tests'
        Invoke-Checked dotnet @('test', 'Milo.Tests', '-c', $Config, '--no-build', '-nologo')
        Log 'building and running samples'
        Run-Samples
        Run-CSharpSamples
    }
    'bench' {
        Ensure-Dotnet
        $filter = if ($rest.Count -gt 0) { $rest[0] } else { '*' }
        Invoke-Checked dotnet @('run', '-c', 'Release', '--project', 'Milo.Benchmarks', '--', '--filter', $filter)
    }
    { $_ -in 'help', '-h', '--help' } {
        Get-Content $PSCommandPath | Select-Object -Skip 1 -First 11 | ForEach-Object { $_ -replace '^# ?', '' }
    }
    default { [Console]::Error.WriteLine("unknown command '$cmd' (expected: build, run, test, bench)"); exit 2 }
}
