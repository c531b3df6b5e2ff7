<#
  NegScope launcher for Windows PowerShell 5.1 and PowerShell 7: lives at the top of the unpacked zip,
  next to plugins\ and configuration\. There is no native Eclipse launcher (it is not on Maven
  Central), so this starts the Equinox launcher jar with javaw.exe (no console window) found the usual
  way: $env:JAVA_HOME, then the PATH.
    powershell -ExecutionPolicy Bypass -File NegScope.ps1 [CAPTURE]
  Environment: JAVA_HOME, NEGSCOPE_WORKSPACE (default %USERPROFILE%\.negscope\workspace),
  NEGSCOPE_VMARGS (e.g. -Xmx2g).
  releng/packaging/check-packages.sh evaluates the lookups below against the built zip: keep the
  $LauncherDir/$LauncherFilter lines and the argument list in their form.
#>
$ErrorActionPreference = 'Stop'
$Need = 17
$LauncherDir = Join-Path $PSScriptRoot 'plugins'
$LauncherFilter = 'org.eclipse.equinox.launcher_*.jar'

function Fail([string] $Message) {
    [Console]::Error.WriteLine("NegScope: $Message")
    # Started from Explorer ("Run with PowerShell") the console closes at once: show a dialog too.
    try {
        Add-Type -AssemblyName System.Windows.Forms
        [void][System.Windows.Forms.MessageBox]::Show($Message, 'NegScope cannot start', 'OK', 'Error')
    } catch { }
    exit 1
}

$javaw = $null
if ($env:JAVA_HOME -and (Test-Path -LiteralPath (Join-Path $env:JAVA_HOME 'bin\javaw.exe'))) {
    $javaw = Join-Path $env:JAVA_HOME 'bin\javaw.exe'
} else {
    $found = Get-Command 'javaw.exe' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($found) { $javaw = $found.Source }
}
if (-not $javaw) {
    Fail "No Java found. NegScope needs Java $Need or later: install a JDK or JRE $Need+ (e.g. Eclipse Temurin) or set JAVA_HOME."
}

# javaw prints nothing: ask java.exe beside it. "17.0.15", "21", "17-ea" -> 17; "1.8.0_292" -> 8.
$javaExe = Join-Path (Split-Path -Parent $javaw) 'java.exe'
# Windows PowerShell turns each stderr line of a native program into an error record: with 'Stop'
# the first one would end the script, so collect them as text under 'Continue'.
$ErrorActionPreference = 'Continue'
$versionText = (& $javaExe -version 2>&1 | ForEach-Object { "$_" }) -join "`n"
$ErrorActionPreference = 'Stop'
$major = 0
if ($versionText -match 'version "(\d+)(?:\.(\d+))?') {
    $major = [int]$Matches[1]
    if ($major -eq 1 -and $Matches[2]) { $major = [int]$Matches[2] }
}
if ($major -lt $Need) {
    Fail "$javaw is Java $major. NegScope needs Java $Need or later: install a JDK or JRE $Need+ or set JAVA_HOME to one."
}

$launcher = Get-ChildItem -LiteralPath $LauncherDir -Filter $LauncherFilter -File -ErrorAction SilentlyContinue |
    Sort-Object Name | Select-Object -Last 1
if (-not $launcher) {
    Fail "No plugins\$LauncherFilter in ${PSScriptRoot}: is the zip completely extracted?"
}

$workspace = if ($env:NEGSCOPE_WORKSPACE) { $env:NEGSCOPE_WORKSPACE } else { Join-Path $env:USERPROFILE '.negscope\workspace' }
$vmArgs = @('-Xmx1g')
if ($env:NEGSCOPE_VMARGS) { $vmArgs += $env:NEGSCOPE_VMARGS -split '\s+' | Where-Object { $_ } }
# Start-Process joins the list with spaces: quote what may contain spaces.
# @(...) so that no arguments add nothing (a $null element would make Start-Process refuse the list).
$argList = $vmArgs + @('-jar', "`"$($launcher.FullName)`"", '-data', "`"$workspace`"") + @($args | ForEach-Object { "`"$_`"" })
Start-Process -FilePath $javaw -ArgumentList $argList -WorkingDirectory $PSScriptRoot
