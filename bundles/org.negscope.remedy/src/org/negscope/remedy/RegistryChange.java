package org.negscope.remedy;

import java.util.ArrayList;
import java.util.List;

/**
 * One REG_DWORD value under HKEY_LOCAL_MACHINE to set (or delete), as four files: a PowerShell apply that
 * saves the exact previous state (value and type, or its absence) before writing, a PowerShell revert
 * that puts that state back, and the .reg pair for machines where scripts are not allowed.
 * <p>
 * A .reg file cannot say "put back whatever was there" nor "only if it was absent": its revert either
 * writes a fixed value or deletes the value ({@code "Name"=-}), which makes Windows use its built-in
 * default. The .reg revert therefore restores the <em>Windows default</em>, not the previous value; the
 * header of each .reg revert says so and points to the PowerShell pair for an exact restore.
 */
final class RegistryChange {
    /** A PowerShell condition over {@code $os} ([version] of Win32_OperatingSystem) and the message when false. */
    record OsGuard(String condition, String failMessage) {}

    private final String keyPath;
    private final String valueName;
    private final Integer newValue;
    private final String fileBase;
    private final String target;
    private final ScriptHeader header;
    private final OsGuard guard;
    private final boolean withPowerShell;
    private final Integer regRevertValue;
    private final String regRevertNote;
    private final String effectNote;

    /**
     * @param keyPath        path below HKLM, backslash separated, no leading backslash
     * @param newValue       DWORD to write, null to delete the value
     * @param regRevertValue DWORD the .reg revert writes (the Windows default), null to delete the value
     * @param regRevertNote  why the .reg revert does what it does (goes into its header)
     * @param effectNote     when the change takes effect (printed by the scripts, written in the headers)
     */
    RegistryChange(String keyPath, String valueName, Integer newValue, String fileBase, String target, ScriptHeader header,
                   OsGuard guard, boolean withPowerShell, Integer regRevertValue, String regRevertNote, String effectNote) {
        this.keyPath = keyPath;
        this.valueName = valueName;
        this.newValue = newValue;
        this.fileBase = fileBase;
        this.target = target;
        this.header = header;
        this.guard = guard;
        this.withPowerShell = withPowerShell;
        this.regRevertValue = regRevertValue;
        this.regRevertNote = regRevertNote;
        this.effectNote = effectNote;
    }

    String psApplyName() { return fileBase + "-apply.ps1"; }
    String psRevertName() { return fileBase + "-revert.ps1"; }
    String regApplyName() { return fileBase + "-apply.reg"; }
    String regRevertName() { return fileBase + "-revert.reg"; }
    private String backupName() { return fileBase + ".clixml"; }

    List<String> fileNames() {
        List<String> out = new ArrayList<>();
        if (withPowerShell) {
            out.add(psApplyName());
            out.add(psRevertName());
        }
        out.add(regApplyName());
        out.add(regRevertName());
        return out;
    }

    List<Script> scripts() {
        List<Script> out = new ArrayList<>();
        if (withPowerShell) {
            out.add(new Script(Script.Kind.POWERSHELL, Script.Purpose.APPLY, psApplyName(), target, psRevertName(), psApply()));
            out.add(new Script(Script.Kind.POWERSHELL, Script.Purpose.REVERT, psRevertName(), target, psApplyName(), psRevert()));
        }
        out.add(new Script(Script.Kind.REG, Script.Purpose.APPLY, regApplyName(), target, regRevertName(), regApply()));
        out.add(new Script(Script.Kind.REG, Script.Purpose.REVERT, regRevertName(), target, regApplyName(), regRevert()));
        return out;
    }

    private String describeNew() {
        return newValue == null ? "deleted (Windows then uses its built-in default)" : "set to " + newValue + " (REG_DWORD)";
    }

    private String psPrologue(ScriptText t) {
        t.line("$ErrorActionPreference = 'Stop'");
        t.line("Set-StrictMode -Version 2.0");
        t.blank();
        t.line("$KeyPath    = " + ScriptText.psQuote("HKLM:\\" + keyPath));
        t.line("$ValueName  = " + ScriptText.psQuote(valueName));
        t.line("$BackupDir  = Join-Path -Path $env:ProgramData -ChildPath 'NegScope'");
        t.line("$BackupFile = Join-Path -Path $BackupDir -ChildPath " + ScriptText.psQuote(backupName()));
        t.blank();
        return "";
    }

    private static void requires(ScriptText t) {
        // -RunAsAdministrator needs PowerShell 4.0; saying so makes PowerShell 3.0 fail with a clear message.
        t.line("#Requires -Version 4.0");
        t.line("#Requires -RunAsAdministrator");
    }

    String psApply() {
        ScriptText t = new ScriptText();
        requires(t);
        header.write(t, "#", psApplyName(), Script.Purpose.APPLY, "the SMB " + target,
                "run " + psRevertName() + " as administrator. This script first saves the current value and its type (or the fact "
                        + "that the value does not exist) in %ProgramData%\\NegScope\\" + backupName() + "; the revert script puts "
                        + "exactly that back, deleting the value if it did not exist before. " + effectNote);
        t.blank();
        psPrologue(t);
        int step = 1;
        if (guard != null) {
            t.line("# Step " + step++ + ": make sure the change means something on this Windows release.");
            t.line("$os = [version](Get-CimInstance -ClassName Win32_OperatingSystem).Version");
            t.line("if (-not (" + guard.condition() + ")) {");
            t.line("    throw (" + ScriptText.psQuote(guard.failMessage() + " This computer runs Windows {0}. Nothing was changed.") + " -f $os)");
            t.line("}");
            t.blank();
        }
        t.line("# Step " + step++ + ": never overwrite an earlier backup: it holds the value from before the first run.");
        t.line("if (Test-Path -LiteralPath $BackupFile) {");
        t.line("    throw (" + ScriptText.psQuote("A backup from an earlier run exists: {0}. Run " + psRevertName()
                + " first. Nothing was changed.") + " -f $BackupFile)");
        t.line("}");
        t.blank();
        t.line("# Step " + step++ + ": save the current state (value and type, or its absence) BEFORE changing anything.");
        t.line("$key = Get-Item -LiteralPath $KeyPath");
        t.line("$existed = @($key.GetValueNames()) -contains $ValueName");
        t.line("$state = [pscustomobject]@{");
        t.line("    KeyPath   = $KeyPath");
        t.line("    ValueName = $ValueName");
        t.line("    Existed   = $existed");
        t.line("    Kind      = $(if ($existed) { $key.GetValueKind($ValueName).ToString() } else { $null })");
        t.line("    Value     = $(if ($existed) { $key.GetValue($ValueName, $null, 'DoNotExpandEnvironmentNames') } else { $null })");
        t.line("    SavedAt   = (Get-Date).ToString('o')");
        t.line("    Computer  = $env:COMPUTERNAME");
        t.line("}");
        t.line("New-Item -ItemType Directory -Path $BackupDir -Force | Out-Null");
        t.line("$state | Export-Clixml -LiteralPath $BackupFile");
        t.blank();
        t.line("# Step " + step++ + ": the change: " + valueName + " is " + describeNew() + ".");
        if (newValue != null) {
            t.line("New-ItemProperty -LiteralPath $KeyPath -Name $ValueName -PropertyType DWord -Value " + newValue + " -Force | Out-Null");
        } else {
            t.line("if ($existed) {");
            t.line("    Remove-ItemProperty -LiteralPath $KeyPath -Name $ValueName");
            t.line("}");
        }
        t.blank();
        t.line("# Step " + step + ": show the result.");
        t.line("$now = (Get-Item -LiteralPath $KeyPath).GetValue($ValueName, $null)");
        t.line("if ($null -eq $now) { $now = '(not set)' }");
        t.line("$was = $(if ($existed) { $state.Value } else { '(not set)' })");
        t.line("Write-Output ('{0}\\{1}: was {2}, now {3}. Previous state saved in {4}' -f $KeyPath, $ValueName, $was, $now, $BackupFile)");
        t.line("Write-Output " + ScriptText.psQuote(effectNote));
        return t.toString();
    }

    String psRevert() {
        ScriptText t = new ScriptText();
        requires(t);
        header.write(t, "#", psRevertName(), Script.Purpose.REVERT, "the SMB " + target,
                psApplyName() + ": reads the state it saved in %ProgramData%\\NegScope\\" + backupName()
                        + " and restores it exactly (the same value and type, or no value at all if there was none), then "
                        + "deletes the backup. " + effectNote);
        t.blank();
        psPrologue(t);
        t.line("# Step 1: read the state that " + psApplyName() + " saved.");
        t.psReadBackup(psApplyName());
        t.line("if ($state.KeyPath -ne $KeyPath -or $state.ValueName -ne $ValueName) {");
        t.line("    throw ('{0} belongs to another change ({1}\\{2}). Nothing was changed.' -f $BackupFile, $state.KeyPath, $state.ValueName)");
        t.line("}");
        t.blank();
        t.line("# Step 2: put back exactly what was there before.");
        t.line("if ($state.Existed) {");
        t.line("    New-ItemProperty -LiteralPath $KeyPath -Name $ValueName -PropertyType $state.Kind -Value $state.Value -Force | Out-Null");
        t.line("} elseif (@((Get-Item -LiteralPath $KeyPath).GetValueNames()) -contains $ValueName) {");
        t.line("    Remove-ItemProperty -LiteralPath $KeyPath -Name $ValueName");
        t.line("}");
        t.blank();
        t.line("# Step 3: the backup has done its job.");
        t.line("Remove-Item -LiteralPath $BackupFile");
        t.line("$now = (Get-Item -LiteralPath $KeyPath).GetValue($ValueName, $null)");
        t.line("if ($null -eq $now) { $now = '(not set)' }");
        t.line("Write-Output ('{0}\\{1} restored: now {2} (saved {3} on {4})' -f $KeyPath, $ValueName, $now, $state.SavedAt, $state.Computer)");
        t.line("Write-Output " + ScriptText.psQuote(effectNote));
        return t.toString();
    }

    private void regPrologue(ScriptText t) {
        t.line("Windows Registry Editor Version 5.00");
        t.blank();
    }

    private String regKeyLine() {
        return "[HKEY_LOCAL_MACHINE\\" + keyPath + "]";
    }

    private static String dword(int v) {
        return String.format("dword:%08x", v);
    }

    String regApply() {
        ScriptText t = new ScriptText();
        regPrologue(t);
        header.write(t, ";", regApplyName(), Script.Purpose.APPLY, "the SMB " + target,
                "import " + regRevertName() + ". Note: a .reg file cannot restore the previous value, only the Windows default. "
                        + regRevertNote + (withPowerShell ? " To restore the exact previous state use " + psApplyName()
                        + " / " + psRevertName() + " instead of the .reg pair." : "") + " " + effectNote);
        t.comment(";", "How", "double-click the file and confirm, or run as administrator: reg import " + regApplyName());
        t.blank();
        t.line(regKeyLine());
        t.line("\"" + valueName + "\"=" + (newValue == null ? "-" : dword(newValue)));
        t.blank();
        return t.toString();
    }

    String regRevert() {
        ScriptText t = new ScriptText();
        regPrologue(t);
        header.write(t, ";", regRevertName(), Script.Purpose.REVERT, "the SMB " + target,
                regApplyName() + " by restoring the Windows default: " + regRevertNote + " " + effectNote);
        t.comment(";", "How", "double-click the file and confirm, or run as administrator: reg import " + regRevertName());
        t.blank();
        t.line(regKeyLine());
        t.line("\"" + valueName + "\"=" + (regRevertValue == null ? "-" : dword(regRevertValue)));
        t.blank();
        return t.toString();
    }
}
