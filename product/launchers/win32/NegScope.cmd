@echo off
rem NegScope launcher for Windows: lives at the top of the unpacked zip, next to plugins\ and
rem configuration\. There is no native Eclipse launcher (it is not on Maven Central), so this starts
rem the Equinox launcher jar with javaw.exe (no console window) found the usual way: %JAVA_HOME%,
rem then the PATH.   NegScope.cmd [CAPTURE]
rem Environment: JAVA_HOME, NEGSCOPE_WORKSPACE (default %USERPROFILE%\.negscope\workspace),
rem NEGSCOPE_VMARGS (e.g. -Xmx2g), NEGSCOPE_NO_PAUSE=1 (do not wait for a key after an error).
rem releng/packaging/check-packages.sh evaluates the lookups below against the built zip: keep the
rem "set LAUNCHER_GLOB" and "start" lines in their form.
setlocal EnableExtensions EnableDelayedExpansion
set "NEED=17"
set "HOME_DIR=%~dp0"
set "LAUNCHER_GLOB=plugins\org.eclipse.equinox.launcher_*.jar"
if not defined NEGSCOPE_WORKSPACE set "NEGSCOPE_WORKSPACE=%USERPROFILE%\.negscope\workspace"

set "JAVAW="
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\javaw.exe" set "JAVAW=%JAVA_HOME%\bin\javaw.exe"
if not defined JAVAW for %%J in (javaw.exe) do if not "%%~$PATH:J"=="" set "JAVAW=%%~$PATH:J"
if not defined JAVAW (
  set "MSG=No Java found. NegScope needs Java %NEED% or later: install a JDK or JRE %NEED%+ (e.g. Eclipse Temurin) or set JAVA_HOME."
  goto fail
)

rem javaw prints nothing: ask java.exe beside it, through a file (a "for /f" over the command line
rem would break on paths like "C:\Program Files (x86)"). The line "<vendor> version "<v>" ..." gives
rem the version: "17.0.15", "21", "17-ea" -> 17; "1.8.0_292" -> 8.
for %%J in ("%JAVAW%") do set "JAVA_EXE=%%~dpJjava.exe"
set "VERSION_FILE=%TEMP%\negscope-java-version-%RANDOM%.txt"
"%JAVA_EXE%" -version > "%VERSION_FILE%" 2>&1
set "JVER="
for /f "usebackq tokens=1-3" %%A in ("%VERSION_FILE%") do if /i "%%B"=="version" if not defined JVER set "JVER=%%~C"
del "%VERSION_FILE%" >nul 2>&1
set "MAJOR=0"
for /f "tokens=1,2 delims=._-+" %%A in ("%JVER%") do (
  set "MAJOR=%%A"
  if "%%A"=="1" set "MAJOR=%%B"
)
set /a MAJOR=MAJOR+0 2>nul
if %MAJOR% LSS %NEED% (
  set "MSG=%JAVAW% is Java %MAJOR%. NegScope needs Java %NEED% or later: install a JDK or JRE %NEED%+ or set JAVA_HOME to one."
  goto fail
)

set "LAUNCHER="
for %%L in ("%HOME_DIR%%LAUNCHER_GLOB%") do set "LAUNCHER=%%~fL"
if not defined LAUNCHER (
  set "MSG=No %LAUNCHER_GLOB% in %HOME_DIR%: is the zip completely extracted?"
  goto fail
)

cd /d "%HOME_DIR%"
start "NegScope" "%JAVAW%" -Xmx1g %NEGSCOPE_VMARGS% -jar "%LAUNCHER%" -data "%NEGSCOPE_WORKSPACE%" %*
exit /b 0

:fail
echo NegScope: !MSG! 1>&2
if not defined NEGSCOPE_NO_PAUSE pause
exit /b 1
