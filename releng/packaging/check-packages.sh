#!/usr/bin/env bash
# check-packages.sh — tests the per-platform archives and the update site the product build made
# (README "Packages"). Run after `./mvnw verify` (./negscope test does); needs unzip, tar, Xvfb,
# xwininfo (x11-utils), ImageMagick and Java 17.
#
# For each archive (Windows x86_64 zip, macOS aarch64/x86_64 and Linux x86_64 tar.gz), unpacked:
#   - exactly the platform's SWT fragment (and launcher fragment where one exists), no other platform's;
#   - the launcher scripts where the platform looks for them (exec bits, CRLF for Windows);
#   - configuration/config.ini and bundles.info refer only to jars present in the archive, and list
#     the platform's SWT fragment; for Windows and macOS that configuration is also started in OSGi
#     as that platform (-os/-ws/-arch, no application), and every bundle must resolve.
# The launchers, each the way it can be exercised here:
#   - Linux `negscope`: run with no Java on the PATH, with a stub Java 11 (the "Java 17 or later"
#     message) and with a stub Java 17 that records its arguments; then started for real with the
#     system Java under its own Xvfb, until the window titled "NegScope — <sample>" is up and the
#     analysis is logged; screenshot (kept as product/target/packaging/linux-started.png), not blank.
#   - macOS `NegScope.app/Contents/MacOS/NegScope`: the same stub runs (it is POSIX sh; Info.plist's
#     CFBundleExecutable must name it), plus a JVM of the wrong architecture.
#   - Windows `NegScope.cmd`/`NegScope.ps1` (no cmd.exe/PowerShell here): their launcher-jar lookup
#     (the LAUNCHER_GLOB / $LauncherDir+$LauncherFilter values) is evaluated against the unpacked zip,
#     their Java version parsing is evaluated on real and stub `java -version` outputs, and the argument
#     list of their start line is expanded and compared with what the Linux launcher passed.
# Update site: the zipped p2 repository carries the NegScope category with the feature, and the
# build's install-from-update-site step (product/pom.xml) installed the feature from it.
# Ends with "N passed, N failed"; exit status 1 when anything failed.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
target="$repo/product/target"
products="$target/products"
out="$target/packaging"
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/negscope-packages.XXXXXX")
xvfb_pid=""
app_pid=""
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

passed=0
failed=0
ok()  { passed=$((passed + 1)); printf 'ok    %s\n' "$*"; }
bad() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
need=17
sample=samba-3.0.2-strip-resp-caps.pcap

# --- stubs ----------------------------------------------------------------------------------------
# A `java` that answers -version like a real one (version and os.arch from the environment) and
# otherwise records its working directory and arguments, one per line, in $STUB_ARGS.
stubs="$work/stubs"
mkdir -p "$stubs/jdk/bin" "$stubs/nojava"
cat >"$stubs/jdk/bin/java" <<'EOF'
#!/bin/sh
for a in "$@"; do
    if [ "$a" = -version ]; then
        printf 'Property settings:\n    os.arch = %s\n    java.version = %s\n\n' "${STUB_ARCH:-x86_64}" "$STUB_VERSION" >&2
        printf 'openjdk version "%s" 2025-04-15\nOpenJDK Runtime Environment (build %s)\n' "$STUB_VERSION" "$STUB_VERSION" >&2
        exit 0
    fi
done
{ pwd; printf '%s\n' "$@"; } >"$STUB_ARGS"
EOF
chmod 755 "$stubs/jdk/bin/java"
# A PATH with the tools the launchers use and no java.
for t in sh sed head dirname cat; do ln -s "$(command -v "$t")" "$stubs/nojava/$t"; done

# run_launcher SCRIPT VERSION|none [ARGS...]: runs SCRIPT in a clean environment; VERSION selects the
# stub JDK through JAVA_HOME, "none" leaves no Java at all. Sets rc, err (stderr), args (recorded).
run_launcher() {
    local script=$1 version=$2; shift 2
    local -a env=(env -i PATH="$stubs/nojava" HOME="$work/home" NEGSCOPE_WORKSPACE="$work/ws dir"
                  STUB_ARGS="$work/args" STUB_ARCH="${STUB_ARCH:-x86_64}" STUB_VERSION="$version")
    [ "$version" = none ] || env+=(JAVA_HOME="$stubs/jdk")
    rm -f "$work/args"
    "${env[@]}" sh "$script" "$@" >"$work/out" 2>"$work/err"
    rc=$?
    err=$(cat "$work/err")
    args=$(cat "$work/args" 2>/dev/null || true)
}

# expect_refusal NAME SCRIPT: the launcher must name the Java it needs and start nothing.
expect_refusal() {
    local name=$1 script=$2
    run_launcher "$script" none
    check "$name: without any Java it exits non-zero naming \"Java $need or later\" ($err)" \
        eval '[ $rc -ne 0 ] && [[ $err == *"Java $need or later"* ]] && [ -z "$args" ]'
    run_launcher "$script" 11.0.22
    check "$name: with Java 11 it refuses, naming \"Java $need or later\" ($err)" \
        eval '[ $rc -ne 0 ] && [[ $err == *"Java 11"* ]] && [[ $err == *"Java $need or later"* ]] && [ -z "$args" ]'
    run_launcher "$script" 1.8.0_292
    check "$name: with Java 1.8 it refuses as Java 8" \
        eval '[ $rc -ne 0 ] && [[ $err == *"Java 8"* ]] && [ -z "$args" ]'
}

# --- archive helpers ------------------------------------------------------------------------------
unpack() { # unpack ARCHIVE DIR
    mkdir -p "$2"
    case "$1" in
        *.zip) unzip -q "$1" -d "$2" ;;
        *.tar.gz) tar --warning=no-unknown-keyword -xzf "$1" -C "$2" ;;
    esac
}

strip_version='s/_[0-9]+\.[0-9]+\.[0-9]+.*$//'   # org.eclipse.swt.win32.win32.x86_64_3.132.0.v….jar -> bundle name

# check_bundles NAME ECLIPSE_DIR SWT_FRAGMENT LAUNCHER_FRAGMENT|-
check_bundles() {
    local name=$1 dir=$2 swt=$3 lfrag=$4
    local got
    got=$(cd "$dir/plugins" && ls -d org.eclipse.swt.gtk.* org.eclipse.swt.win32.* org.eclipse.swt.cocoa.* 2>/dev/null \
          | sed -E "$strip_version" | sort -u | tr '\n' ' ')
    check "$name: SWT fragment is exactly $swt (found: $got)" [ "$got" = "$swt " ]
    got=$(cd "$dir/plugins" && ls -d org.eclipse.equinox.launcher.*.*.* 2>/dev/null | sed -E "$strip_version" | sort -u | tr '\n' ' ')
    if [ "$lfrag" = - ]; then
        check "$name: no native launcher fragment (none matches launcher 1.7 on this platform; found: $got)" [ -z "$got" ]
    else
        check "$name: launcher fragment is exactly $lfrag (found: $got)" [ "$got" = "$lfrag " ]
    fi
    local ini="$dir/configuration/config.ini"
    local info="$dir/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"
    check "$name: configuration/config.ini names the NegScope product" grep -qx 'eclipse.product=org.negscope.ui.product' "$ini"
    # osgi.bundles=reference\:file\:org.eclipse.equinox.simpleconfigurator_1.5.700.v….jar@1\:start,…
    local entries missing="" e f n=0
    entries=$(sed -n 's/^osgi\.bundles=//p' "$ini" | tr ',' '\n' | sed -e 's/\\//g' -e 's/^reference:file://' -e 's/@.*//')
    for e in $entries; do
        n=$((n + 1))
        f=$e; [ -e "$dir/plugins/$f" ] || [ -e "$dir/$f" ] || missing="$missing $f"
    done
    check "$name: all $n osgi.bundles entries of config.ini are in the archive${missing:+ (missing:$missing)}" \
        eval '[ $n -gt 0 ] && [ -z "$missing" ]'
    check "$name: config.ini starts simpleconfigurator with bundles.info" \
        eval '[[ $entries == *org.eclipse.equinox.simpleconfigurator_* ]] && grep -q "^org.eclipse.equinox.simpleconfigurator.configUrl=file\\\\:org.eclipse.equinox.simpleconfigurator/bundles.info" "$ini"'
    # bundles.info: symbolic-name,version,location,start-level,auto-start
    missing="" n=0
    while IFS=, read -r bsn version location _; do
        case "$bsn" in '#'*|'') continue ;; esac
        n=$((n + 1))
        [ -e "$dir/$location" ] || missing="$missing $location"
    done <"$info"
    check "$name: all $n bundles.info locations are in the archive${missing:+ (missing:$missing)}" \
        eval '[ $n -gt 50 ] && [ -z "$missing" ]'
    check "$name: bundles.info lists $swt and no other SWT platform fragment" \
        eval '[ "$(grep -E "^org\.eclipse\.swt\.(gtk|win32|cocoa)\." "$info" | cut -d, -f1)" = "$swt" ]'
    check "$name: bundles.info lists the NegScope UI and the sample is shipped" \
        eval 'grep -q "^org.negscope.ui," "$info" && [ -f "$dir/samples/$sample" ]'
}

# framework_resolves NAME ECLIPSE_DIR OS WS ARCH: starts the archive's own OSGi configuration (its
# config.ini and bundles.info) with the system Java as if on OS/WS/ARCH, without the application (no
# SWT display is opened), and checks that every bundle resolved and started: Equinox logs an error
# entry ("Could not resolve module: …") for any that did not.
framework_resolves() {
    local name=$1 dir=$2 os=$3 ws=$4 arch=$5 log="$work/resolve-$1.log"
    (cd "$dir" && timeout 180 java -Declipse.ignoreApp=true -Dosgi.noShutdown=false \
        -jar plugins/org.eclipse.equinox.launcher_*.jar -os "$os" -ws "$ws" -arch "$arch" \
        -data "$work/ws-$name" -consoleLog -debug) >"$log" 2>&1
    local rc=$?
    check "$name: its configuration starts in OSGi as $os/$ws/$arch with every bundle resolved" \
        eval '[ $rc -eq 0 ] && grep -q "^Time to load bundles: " "$log" &&
              ! grep -qE "^!ENTRY .* 4 |Could not resolve module" "$log"'
    [ $rc -eq 0 ] && ! grep -qE "^!ENTRY .* 4 |Could not resolve module" "$log" || grep -E -m5 "^!ENTRY|resolve" "$log"
}

sizes=""
archive_for() { # archive_for OS.WS.ARCH EXT: sets $a to the archive, or to "" when it is missing
    a="$products/org.negscope.product-$1.$2"
    if [ -f "$a" ]; then
        ok "archive $1: $(basename "$a") ($(du -m "$a" | cut -f1) MB)"
        sizes="$sizes $(basename "$a")=$(du -h "$a" | cut -f1)"
    else
        bad "archive $1: $(basename "$a") missing (run ./mvnw verify first)"
        a=""
    fi
}

# --- Linux x86_64 ---------------------------------------------------------------------------------
echo "== linux.gtk.x86_64 (${SECONDS}s)"
linux_args=""
archive_for linux.gtk.x86_64 tar.gz
if [ -n "$a" ]; then
    unpack "$a" "$work/linux"
    root="$work/linux/negscope"
    check_bundles linux "$root" org.eclipse.swt.gtk.linux.x86_64 org.eclipse.equinox.launcher.gtk.linux.x86_64
    check "linux: negscope launcher at the top, executable" [ -x "$root/negscope" ]
    expect_refusal linux "$root/negscope"
    run_launcher "$root/negscope" 17.0.15 "$work/$sample"
    jar=$(ls "$root"/plugins/org.eclipse.equinox.launcher_*.jar)
    linux_args=$(printf '%s\n' "$args" | tail -n +2)
    expected=$(printf '%s\n' -Xmx1g -jar "$jar" -data "$work/ws dir" "$work/$sample")
    check "linux: with Java 17 it runs java $(echo $linux_args | sed "s|$work|TMP|g")" \
        eval '[ $rc -eq 0 ] && [ "$linux_args" = "$expected" ]'
    run_launcher "$root/negscope" 21
    check "linux: Java 21 (no minor version) is accepted" eval '[ $rc -eq 0 ] && [ -n "$args" ]'
fi

# --- macOS aarch64 and x86_64 ---------------------------------------------------------------------
for arch in aarch64 x86_64; do
    name="macosx-$arch"
    echo "== macosx.cocoa.$arch (${SECONDS}s)"
    archive_for "macosx.cocoa.$arch" tar.gz
    [ -n "$a" ] || continue
    unpack "$a" "$work/$name"
    app="$work/$name/NegScope.app"
    lfrag=-
    [ $arch = x86_64 ] && lfrag=org.eclipse.equinox.launcher.cocoa.macosx.x86_64
    check_bundles "$name" "$app/Contents/Eclipse" "org.eclipse.swt.cocoa.macosx.$arch" $lfrag
    exe=$(tr -d '\n\t ' <"$app/Contents/Info.plist" | sed -n 's|.*<key>CFBundleExecutable</key><string>\([^<]*\)</string>.*|\1|p')
    framework_resolves "$name" "$app/Contents/Eclipse" macosx cocoa "$arch"
    check "$name: Info.plist's CFBundleExecutable ($exe) is an executable in Contents/MacOS" \
        eval '[ -n "$exe" ] && [ -x "$app/Contents/MacOS/$exe" ]'
    script="$app/Contents/MacOS/$exe"
    expect_refusal "$name" "$script"
    STUB_ARCH=$arch run_launcher "$script" 17.0.15 "$work/$sample"
    jar=$(ls "$app"/Contents/Eclipse/plugins/org.eclipse.equinox.launcher_*.jar)
    expected=$(printf '%s\n' "$(cd "$app/Contents/Eclipse" && pwd -P)" -XstartOnFirstThread -Xdock:name=NegScope \
               -Xmx1g -jar "$jar" -data "$work/ws dir" "$work/$sample")
    check "$name: with an $arch Java 17 it runs java -XstartOnFirstThread … -jar launcher -data … in Contents/Eclipse" \
        eval '[ $rc -eq 0 ] && [ "$args" = "$expected" ]'
    same_jar='s|^.*/plugins/org\.eclipse\.equinox\.launcher_|LAUNCHER_|'
    check "$name: it passes what the Linux launcher passes, after the macOS options" \
        eval '[ -n "$linux_args" ] && [ "$(printf "%s\n" "$args" | tail -n +4 | sed "$same_jar")" = "$(printf "%s\n" "$linux_args" | sed "$same_jar")" ]'
    other=x86_64; [ $arch = x86_64 ] && other=aarch64
    STUB_ARCH=$other run_launcher "$script" 17.0.15
    check "$name: an $other Java is refused with the package to use ($err)" \
        eval '[ $rc -ne 0 ] && [[ $err == *"macOS $arch package"* ]] && [ -z "$args" ]'
done

# --- Windows x86_64 -------------------------------------------------------------------------------
echo "== win32.win32.x86_64 (${SECONDS}s)"
archive_for win32.win32.x86_64 zip
if [ -n "$a" ]; then
    unpack "$a" "$work/win"
    root="$work/win/negscope"
    check_bundles windows "$root" org.eclipse.swt.win32.win32.x86_64 org.eclipse.equinox.launcher.win32.win32.x86_64
    framework_resolves windows "$root" win32 win32 x86_64
    cmd="$root/NegScope.cmd"
    ps1="$root/NegScope.ps1"
    check "windows: NegScope.cmd and NegScope.ps1 at the top" eval '[ -f "$cmd" ] && [ -f "$ps1" ]'
    check "windows: NegScope.cmd has CRLF line ends only (cmd.exe mis-parses LF-only batch files)" \
        eval '[ "$(grep -c $'"'"'\r$'"'"' "$cmd")" -eq "$(wc -l <"$cmd")" ] && [ "$(wc -l <"$cmd")" -gt 10 ]'
    tr -d '\r' <"$cmd" >"$work/cmd.txt"
    tr -d '\r' <"$ps1" >"$work/ps1.txt"
    main_class() { unzip -p "$1" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Main-Class: //p'; }

    # NegScope.cmd: for %%L in ("%HOME_DIR%%LAUNCHER_GLOB%") with HOME_DIR=%~dp0 (the script's folder).
    glob=$(sed -n 's/^set "LAUNCHER_GLOB=\(.*\)"$/\1/p' "$work/cmd.txt")
    home_dir=$(sed -n 's/^set "HOME_DIR=\(.*\)"$/\1/p' "$work/cmd.txt")
    found=$(cd "$root" && compgen -G "${glob//\\//}" || true)
    check "windows cmd: HOME_DIR is the script's folder (%~dp0) and LAUNCHER_GLOB '$glob' matches one jar: $found" \
        eval '[ "$home_dir" = "%~dp0" ] && [ "$(printf "%s\n" "$found" | grep -c .)" -eq 1 ]'
    check "windows cmd: that jar is the Equinox launcher (Main-Class $(main_class "$root/$found"))" \
        eval '[ "$(main_class "$root/$found")" = org.eclipse.equinox.launcher.Main ]'
    check "windows cmd: javaw from %JAVA_HOME%\\bin first, then the PATH" \
        eval 'grep -qF "if exist \"%JAVA_HOME%\\bin\\javaw.exe\" set \"JAVAW=%JAVA_HOME%\\bin\\javaw.exe\"" "$work/cmd.txt" &&
              grep -qF "for %%J in (javaw.exe) do if not \"%%~\$PATH:J\"==\"\" set \"JAVAW=%%~\$PATH:J\"" "$work/cmd.txt"'
    check "windows cmd: both refusals name \"Java %NEED% or later\" with NEED=$need" \
        eval '[ "$(grep -c "NegScope needs Java %NEED% or later" "$work/cmd.txt")" -eq 2 ] && grep -qx "set \"NEED=$need\"" "$work/cmd.txt"'
    # Its version parsing, evaluated: the first line whose 2nd token is "version", 3rd token unquoted,
    # split at the script's delims; "1" as first part means the second part is the major version.
    delims=$(sed -n 's/^for \/f "tokens=1,2 delims=\([^"]*\)" %%A in ("%JVER%").*/\1/p' "$work/cmd.txt")
    cmd_major() {
        local v
        v=$(printf '%s\n' "$1" | awk '$2 == "version" { gsub(/"/, "", $3); print $3; exit }')
        IFS="$delims" read -r p1 p2 _ <<<"$v"
        [ "$p1" = 1 ] && p1=$p2
        printf '%s' "${p1:-0}"
    }
    real=$(java -version 2>&1)
    real_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    check "windows cmd: version parsing (delims '$delims') reads this machine's java -version as $real_major" \
        eval '[ -n "$delims" ] && [ "$(cmd_major "$real")" = "$real_major" ]'
    check "windows cmd: … and 'java version \"1.8.0_292\"' as 8, '\"11.0.22\"' as 11, '\"21\"' as 21, '\"17-ea\"' as 17" \
        eval '[ "$(cmd_major "java version \"1.8.0_292\" 2021-04-20")" = 8 ] &&
              [ "$(cmd_major "Picked up JAVA_TOOL_OPTIONS: -Dx=1
openjdk version \"11.0.22\" 2024-01-16")" = 11 ] &&
              [ "$(cmd_major "openjdk version \"21\" 2023-09-19")" = 21 ] &&
              [ "$(cmd_major "openjdk version \"17-ea\" 2021-09-14")" = 17 ]'
    # The start line, expanded as cmd.exe would (%* = the user's arguments), compared with Linux's.
    start=$(grep -m1 '^start "NegScope" ' "$work/cmd.txt")
    expanded=$(printf '%s' "$start" | sed -e 's/^start "NegScope" "%JAVAW%" //' -e "s|%LAUNCHER%|$root/$found|" \
               -e "s|%NEGSCOPE_WORKSPACE%|$work/ws dir|" -e 's/%NEGSCOPE_VMARGS% //' -e "s|%\\*|\"$work/$sample\"|")
    eval "cmd_args=($expanded)"
    linux_like=$(printf '%s\n' "${cmd_args[@]}" | sed "s|$root/|ROOT/|")
    check "windows cmd: 'start \"NegScope\" \"%JAVAW%\" …' passes what the Linux launcher passes" \
        eval '[ -n "$linux_args" ] && [ "$linux_like" = "$(printf "%s\n" "$linux_args" | sed "s|$work/linux/negscope/|ROOT/|")" ]'

    # NegScope.ps1: Get-ChildItem -LiteralPath $LauncherDir -Filter $LauncherFilter, where
    # $LauncherDir = Join-Path $PSScriptRoot '<dir>'.
    ldir=$(sed -n "s/^\$LauncherDir = Join-Path \$PSScriptRoot '\(.*\)'$/\1/p" "$work/ps1.txt")
    lfilter=$(sed -n "s/^\$LauncherFilter = '\(.*\)'$/\1/p" "$work/ps1.txt")
    found=$(cd "$root/${ldir//\\//}" 2>/dev/null && compgen -G "$lfilter" || true)
    check "windows ps1: \$LauncherDir '$ldir' + \$LauncherFilter '$lfilter' match one jar, the Equinox launcher" \
        eval '[ "$(printf "%s\n" "$found" | grep -c .)" -eq 1 ] && [ "$(main_class "$root/$ldir/$found")" = org.eclipse.equinox.launcher.Main ]'
    check "windows ps1: javaw from \$env:JAVA_HOME\\bin first, then Get-Command javaw.exe" \
        eval 'grep -qF "Join-Path \$env:JAVA_HOME '"'"'bin\\javaw.exe'"'"'" "$work/ps1.txt" && grep -qF "Get-Command '"'"'javaw.exe'"'"'" "$work/ps1.txt"'
    check "windows ps1: both refusals name \"Java \$Need or later\" with \$Need = $need" \
        eval '[ "$(grep -c "NegScope needs Java \$Need or later" "$work/ps1.txt")" -eq 2 ] && grep -qx "\$Need = $need" "$work/ps1.txt"'
    # Its version regex, evaluated with the same semantics (.NET and PCRE agree on it).
    regex=$(sed -n "s/^if (\$versionText -match '\(.*\)') {$/\1/p" "$work/ps1.txt")
    ps1_major() {
        local m1 m2
        m1=$(printf '%s\n' "$1" | grep -oP "$regex" | head -n1 | grep -oP '"\K\d+')
        m2=$(printf '%s\n' "$1" | grep -oP "$regex" | head -n1 | grep -oP '"\d+\.\K\d+')
        [ "$m1" = 1 ] && [ -n "$m2" ] && m1=$m2
        printf '%s' "${m1:-0}"
    }
    check "windows ps1: version regex '$regex' reads this machine's java -version as $real_major, 1.8.0_292 as 8, 21 as 21" \
        eval '[ -n "$regex" ] && [ "$(ps1_major "$real")" = "$real_major" ] &&
              [ "$(ps1_major "java version \"1.8.0_292\"")" = 8 ] && [ "$(ps1_major "openjdk version \"21\" 2023-09-19")" = 21 ]'
    # Its argument list: $vmArgs (-Xmx1g) + -jar launcher -data workspace + the user's arguments.
    check "windows ps1: Start-Process javaw with -Xmx1g -jar <launcher> -data <workspace> <arguments>" \
        eval 'grep -qxF "\$vmArgs = @('"'"'-Xmx1g'"'"')" "$work/ps1.txt" &&
              grep -qF "\$argList = \$vmArgs + @('"'"'-jar'"'"', \"\`\"\$(\$launcher.FullName)\`\"\", '"'"'-data'"'"', \"\`\"\$workspace\`\"\") + @(\$args" "$work/ps1.txt" &&
              grep -qF "Start-Process -FilePath \$javaw -ArgumentList \$argList" "$work/ps1.txt"'
fi

# --- update site ----------------------------------------------------------------------------------
echo "== update site (${SECONDS}s)"
site=$(ls "$target"/org.negscope.product-*.zip 2>/dev/null | head -n1)
if [ -n "$site" ]; then
    ok "update site: $(basename "$site") ($(du -m "$site" | cut -f1) MB)"
    sizes="$sizes $(basename "$site")=$(du -h "$site" | cut -f1)"
    unzip -p "$site" content.jar >"$work/content.jar"
    unzip -p "$work/content.jar" content.xml >"$work/content.xml"
    # The category IU(s): <unit> blocks with the p2.type.category property.
    category=$(awk '/<unit /{u=""} {u=u $0 "\n"} /<\/unit>/{ if (u ~ /org\.eclipse\.equinox\.p2\.type\.category/) printf "%s", u }' "$work/content.xml")
    check "update site: its category 'NegScope' (product/category.xml) requires org.negscope.feature" \
        eval 'grep -q "name=.org.eclipse.equinox.p2.name. value=.NegScope." <<<"$category" &&
              grep -q "required namespace=.org.eclipse.equinox.p2.iu. name=.org.negscope.feature.feature.group." <<<"$category"'
    site_has_all_swt() {
        local f
        for f in gtk.linux.x86_64 win32.win32.x86_64 cocoa.macosx.aarch64 cocoa.macosx.x86_64; do
            grep -q "<unit id=.org.eclipse.swt.$f. " "$work/content.xml" || return 1
        done
    }
    check "update site: it carries every platform's SWT fragment" site_has_all_swt
    installed="$target/update-site-install"
    check "update site: the build installed org.negscope.feature from it alone (install-from-update-site)" \
        eval 'ls "$installed"/features/org.negscope.feature_* >/dev/null 2>&1 && ls "$installed"/plugins/org.negscope.ui_*.jar "$installed"/plugins/org.eclipse.swt.gtk.linux.x86_64_*.jar >/dev/null 2>&1'
else
    bad "update site: no product/target/org.negscope.product-*.zip"
fi

# --- Linux: start for real under Xvfb -------------------------------------------------------------
echo "== linux: start under Xvfb (${SECONDS}s)"
if [ -x "$work/linux/negscope/negscope" ]; then
    root="$work/linux/negscope"
    display=""
    for n in ${NEGSCOPE_PKG_DISPLAYS:-81 82 83 84 85 86 87 88 89}; do
        if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then display=$n; break; fi
    done
    if [ -z "$display" ]; then
        bad "linux: no free X display"
    else
        Xvfb ":$display" -screen 0 1400x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
        xvfb_pid=$!
        for _ in $(seq 1 50); do DISPLAY=":$display" xwininfo -root >/dev/null 2>&1 && break; sleep 0.1; done
        cp "$repo/releng/captures/$sample" "$work/$sample"
        # The unpacked archive's own launcher, the system Java; the configuration area is the archive's.
        (cd "$work" && exec env DISPLAY=":$display" HOME="$work/home" NEGSCOPE_WORKSPACE="$work/ws" \
            "$root/negscope" -consoleLog "$work/$sample") >"$work/app.log" 2>&1 &
        app_pid=$!
        title="NegScope — $sample"
        deadline=$((SECONDS + ${NEGSCOPE_PKG_TIMEOUT:-150}))
        started=""
        while [ $SECONDS -lt $deadline ] && kill -0 "$app_pid" 2>/dev/null; do
            if DISPLAY=":$display" xwininfo -root -tree 2>/dev/null | grep -qF "$title" &&
               grep -qE '^!MESSAGE (Analysed|Cannot analyse) ' "$work/app.log"; then
                # "Cannot analyse" ends the wait (no point waiting on), but only "Analysed" is success (below)
                started=yes; break
            fi
            sleep 0.5
        done
        analysed=""
        grep -qE '^!MESSAGE Analysed ' "$work/app.log" && ! grep -qE '^!MESSAGE Cannot analyse ' "$work/app.log" && analysed=yes
        check "linux: the unpacked archive's negscope opened the window '$title' and analysed the sample" [ "$started$analysed" = yesyes ]
        if [ -n "$started" ]; then
            grep -m1 -E '^!MESSAGE (Analysed|Cannot analyse) ' "$work/app.log" | sed 's/^!MESSAGE /      /'
            sleep 2
            shot="$out/linux-started.png"
            DISPLAY=":$display" import -window root "$shot"
            colours=$(identify -format '%k' "$shot" 2>/dev/null || echo 0)
            stddev=$(convert "$shot" -colorspace Gray -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
            check "linux: screenshot $(realpath --relative-to="$repo" "$shot") is not blank ($colours colours, grey stddev $stddev)" \
                eval '[ "$colours" -gt 64 ] && awk "BEGIN { exit !($stddev > 0.05) }"'
        else
            tail -n 20 "$work/app.log"
        fi
        check "linux: the workbench was still running when stopped (no crash)" kill -0 "$app_pid"
        kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null; app_pid=""
        kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null; xvfb_pid=""
    fi
else
    bad "linux: no unpacked launcher to start"
fi

echo "archives:$sizes (checked in ${SECONDS}s)"
echo "packages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
