package org.negscope.remedy;

import java.util.ArrayList;
import java.util.List;

/**
 * "Require SMB signing" on the SMB client (LanmanWorkstation) or server (LanmanServer), as PowerShell
 * through the SmbShare cmdlets (Windows 8 / Server 2012 and later; they apply at once, no restart) and as
 * a .reg pair for older machines or where scripts are not allowed.
 * <p>
 * Only ever <em>requires</em> signing. The PowerShell revert restores the value read with
 * Get-SmbClientConfiguration / Get-SmbServerConfiguration before the change, nothing else; the .reg revert
 * deletes the value so that the built-in default of the Windows release applies again.
 */
final class SigningChange {
    enum Role {
        CLIENT("client", "SmbClientConfiguration", "SYSTEM\\CurrentControlSet\\Services\\LanmanWorkstation\\Parameters",
                "RequireSecuritySignature", "Microsoft network client: Digitally sign communications (always)"),
        // LanmanServer spells its values in lower case (names are case-insensitive; we write what Windows writes).
        SERVER("server", "SmbServerConfiguration", "SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters",
                "requiresecuritysignature", "Microsoft network server: Digitally sign communications (always)");

        final String word;
        final String noun;
        final String key;
        final String value;
        final String policy;

        Role(String word, String noun, String key, String value, String policy) {
            this.word = word;
            this.noun = noun;
            this.key = key;
            this.value = value;
            this.policy = policy;
        }
    }

    private final Role role;
    private final ScriptHeader header;
    private final boolean withPowerShell;
    private final boolean withReg;
    private final String regRevertWarning;

    SigningChange(Role role, ScriptHeader header, boolean withPowerShell, boolean withReg, String regRevertWarning) {
        this.role = role;
        this.header = header;
        this.withPowerShell = withPowerShell;
        this.withReg = withReg;
        this.regRevertWarning = regRevertWarning == null ? "" : regRevertWarning;
    }

    private String base() { return "negscope-" + role.word + "-signing-required"; }
    String psApplyName() { return base() + "-apply.ps1"; }
    String psRevertName() { return base() + "-revert.ps1"; }
    private String backupName() { return base() + ".clixml"; }

    private RegistryChange reg() {
        String effect = role == Role.CLIENT
                ? "The registry route takes effect for new connections after the Workstation service restarts (simplest: restart the computer)."
                : "The registry route takes effect after the Server service restarts (simplest: restart the computer).";
        return new RegistryChange(role.key, role.value, 1, base(), role.word, header, null, false, null,
                "it deletes " + role.value + ", so the built-in default of this Windows release applies (not required, except "
                        + (role == Role.CLIENT ? "on Windows 11 24H2 / Server 2025 and later" : "on Windows 11 24H2 and on domain controllers")
                        + "). " + regRevertWarning, effect);
    }

    List<String> fileNames() {
        List<String> out = new ArrayList<>();
        if (withPowerShell) {
            out.add(psApplyName());
            out.add(psRevertName());
        }
        if (withReg) {
            out.addAll(reg().fileNames());
        }
        return out;
    }

    List<Script> scripts() {
        List<Script> out = new ArrayList<>();
        if (withPowerShell) {
            out.add(new Script(Script.Kind.POWERSHELL, Script.Purpose.APPLY, psApplyName(), role.word, psRevertName(), psApply()));
            out.add(new Script(Script.Kind.POWERSHELL, Script.Purpose.REVERT, psRevertName(), role.word, psApplyName(), psRevert()));
        }
        if (withReg) {
            out.addAll(reg().scripts());
        }
        return out;
    }

    private void prologue(ScriptText t) {
        t.line("$ErrorActionPreference = 'Stop'");
        t.line("Set-StrictMode -Version 2.0");
        t.blank();
        t.line("$BackupDir  = Join-Path -Path $env:ProgramData -ChildPath 'NegScope'");
        t.line("$BackupFile = Join-Path -Path $BackupDir -ChildPath " + ScriptText.psQuote(backupName()));
        t.line("$Setting    = " + ScriptText.psQuote(role.noun + ".RequireSecuritySignature"));
        t.blank();
        t.line("# The SmbShare cmdlets exist from Windows 8 / Server 2012 on.");
        t.line("if (-not (Get-Command -Name 'Set-" + role.noun + "' -ErrorAction SilentlyContinue)) {");
        t.line("    throw " + ScriptText.psQuote("Set-" + role.noun + " is not available here (it needs Windows 8 / Server 2012 or later): "
                + "use the .reg files instead. Nothing was changed."));
        t.line("}");
        t.blank();
    }

    private static void requires(ScriptText t) {
        t.line("#Requires -Version 4.0");
        t.line("#Requires -RunAsAdministrator");
    }

    private String policyNote() {
        return "If Group Policy (\"" + role.policy + "\") manages this setting, change it there instead: the next policy "
                + "refresh overwrites local changes.";
    }

    String psApply() {
        ScriptText t = new ScriptText();
        requires(t);
        header.write(t, "#", psApplyName(), Script.Purpose.APPLY, "the SMB " + role.word,
                "run " + psRevertName() + " as administrator. This script first saves the current RequireSecuritySignature value "
                        + "(read with Get-" + role.noun + ") in %ProgramData%\\NegScope\\" + backupName()
                        + "; the revert script restores exactly that value. " + policyNote());
        t.blank();
        prologue(t);
        t.line("# Step 1: never overwrite an earlier backup: it holds the value from before the first run.");
        t.line("if (Test-Path -LiteralPath $BackupFile) {");
        t.line("    throw (" + ScriptText.psQuote("A backup from an earlier run exists: {0}. Run " + psRevertName()
                + " first. Nothing was changed.") + " -f $BackupFile)");
        t.line("}");
        t.blank();
        t.line("# Step 2: save the current value BEFORE changing anything.");
        t.line("$before = Get-" + role.noun);
        t.line("$state = [pscustomobject]@{");
        t.line("    Setting                  = $Setting");
        t.line("    RequireSecuritySignature = [bool]$before.RequireSecuritySignature");
        t.line("    SavedAt                  = (Get-Date).ToString('o')");
        t.line("    Computer                 = $env:COMPUTERNAME");
        t.line("}");
        t.line("New-Item -ItemType Directory -Path $BackupDir -Force | Out-Null");
        t.line("$state | Export-Clixml -LiteralPath $BackupFile");
        t.blank();
        t.line("# Step 3: the change: require signing (only if it is not required already).");
        t.line("if ($state.RequireSecuritySignature) {");
        if (role == Role.CLIENT) {
            t.line("    Write-Output 'SMB signing is already required on this client (the default on Windows 11 24H2 / Server 2025 and later, or set by policy): nothing to change.'");
        } else {
            t.line("    Write-Output 'SMB signing is already required on this server (the default on domain controllers and on Windows 11 24H2, or set by policy): nothing to change.'");
        }
        t.line("} else {");
        t.line("    Set-" + role.noun + " -RequireSecuritySignature $true -Force");
        t.line("}");
        t.blank();
        t.line("# Step 4: show the result.");
        t.line("$after = Get-" + role.noun);
        t.line("Write-Output ('RequireSecuritySignature: was {0}, now {1}. Previous value saved in {2}' -f $state.RequireSecuritySignature, $after.RequireSecuritySignature, $BackupFile)");
        t.line("Write-Output " + ScriptText.psQuote(policyNote()));
        return t.toString();
    }

    String psRevert() {
        ScriptText t = new ScriptText();
        requires(t);
        header.write(t, "#", psRevertName(), Script.Purpose.REVERT, "the SMB " + role.word,
                psApplyName() + ": reads the RequireSecuritySignature value it saved in %ProgramData%\\NegScope\\" + backupName()
                        + " and sets exactly that value again with Set-" + role.noun + ", then deletes the backup.");
        t.blank();
        prologue(t);
        t.line("# Step 1: read the value that " + psApplyName() + " saved.");
        t.psReadBackup(psApplyName());
        t.line("if ($state.Setting -ne $Setting) {");
        t.line("    throw ('{0} belongs to another change ({1}). Nothing was changed.' -f $BackupFile, $state.Setting)");
        t.line("}");
        t.line("$previous = [bool]$state.RequireSecuritySignature");
        t.blank();
        t.line("# Step 2: restore the saved value.");
        t.line("Set-" + role.noun + " -RequireSecuritySignature $previous -Force");
        t.blank();
        t.line("# Step 3: the backup has done its job.");
        t.line("Remove-Item -LiteralPath $BackupFile");
        t.line("Write-Output ('RequireSecuritySignature restored to {0} (saved {1} on {2})' -f $previous, $state.SavedAt, $state.Computer)");
        return t.toString();
    }
}
