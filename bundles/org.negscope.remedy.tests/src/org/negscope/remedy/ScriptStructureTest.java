package org.negscope.remedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Structure of every generated script (no PowerShell here to run them): headers, CRLF, encodings, pairing of
 * apply and revert, PowerShell that saves state before it writes and whose revert reads that state, and a
 * lint for brackets, quotes, variables, cmdlets and their parameters.
 */
class ScriptStructureTest {
    private static List<Remedy> remedies;
    private static List<Script> scripts;

    @BeforeAll
    static void generate() {
        remedies = AllRemedies.all();
        scripts = AllRemedies.distinctScripts();
        assertTrue(scripts.size() > 100, "the matrix must produce scripts to check: " + scripts.size());
        assertTrue(scripts.stream().anyMatch(s -> s.kind() == Script.Kind.POWERSHELL));
        assertTrue(scripts.stream().anyMatch(s -> s.kind() == Script.Kind.REG));
    }

    @Test
    void everyApplyHasItsRevertAndEveryReferencedFileExists() {
        for (Remedy r : remedies) {
            Set<String> names = new HashSet<>();
            for (Script s : r.scripts()) {
                assertTrue(names.add(s.fileName()), "duplicate file name " + s.fileName());
                Script other = r.script(s.counterpart());
                assertNotNull(other, s.fileName() + " has no counterpart " + s.counterpart());
                assertEquals(s.fileName(), other.counterpart());
                assertTrue(s.purpose() != other.purpose(), s.fileName());
                assertEquals(s.kind(), other.kind());
                assertEquals(s.target(), other.target());
                assertTrue(s.fileName().endsWith(s.kind() == Script.Kind.POWERSHELL ? ".ps1" : ".reg"), s.fileName());
                assertTrue(s.fileName().contains(s.purpose() == Script.Purpose.APPLY ? "-apply." : "-revert."), s.fileName());
            }
            Set<String> referenced = new HashSet<>();
            for (Recommendation rec : r.recommendations()) {
                for (String f : rec.scriptFiles()) {
                    assertNotNull(r.script(f), rec.id() + " references missing " + f);
                    referenced.add(f);
                }
            }
            assertEquals(names, referenced, "every script belongs to a recommendation");
        }
    }

    @Test
    void allScriptsUseCrlfOnlyAndPrintableAscii() {
        for (Script s : scripts) {
            String c = s.content();
            for (int i = 0; i < c.length(); i++) {
                char ch = c.charAt(i);
                if (ch == '\n') {
                    assertTrue(i > 0 && c.charAt(i - 1) == '\r', s.fileName() + ": bare LF at " + i);
                } else if (ch == '\r') {
                    assertTrue(i + 1 < c.length() && c.charAt(i + 1) == '\n', s.fileName() + ": bare CR at " + i);
                } else {
                    assertTrue(ch >= 0x20 && ch <= 0x7e, s.fileName() + ": non-ASCII or control char " + (int) ch);
                }
            }
            assertTrue(c.endsWith("\r\n"), s.fileName());
        }
    }

    @Test
    void encodings() {
        for (Script s : scripts) {
            byte[] b = s.encoded();
            if (s.kind() == Script.Kind.REG) {
                assertEquals((byte) 0xFF, b[0], s.fileName());
                assertEquals((byte) 0xFE, b[1], s.fileName());
                assertEquals(s.content(), new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE));
            } else {
                assertEquals(s.content(), new String(b, StandardCharsets.US_ASCII));
                assertFalse(b.length >= 3 && b[0] == (byte) 0xEF, "no BOM needed for ASCII");
            }
        }
    }

    @Test
    void powerShellHeaderSaysWhatWhyAndHowToRevert() {
        for (Script s : scripts) {
            if (s.kind() != Script.Kind.POWERSHELL) {
                continue;
            }
            String c = s.content();
            assertTrue(c.startsWith("#Requires -Version 4.0\r\n#Requires -RunAsAdministrator\r\n"), s.fileName());
            for (String label : List.of("# What:", "# Why:", "# Security:", "# Applies to:", "# File:")) {
                assertTrue(c.contains("\r\n" + label), s.fileName() + " lacks " + label);
            }
            if (s.purpose() == Script.Purpose.APPLY) {
                assertTrue(c.contains("# Revert:     run " + s.counterpart()), s.fileName());
            } else {
                assertTrue(c.contains("# What:       undoes " + s.counterpart()), s.fileName());
            }
            int eap = c.indexOf("\r\n$ErrorActionPreference = 'Stop'\r\n");
            assertTrue(eap > 0, s.fileName());
            assertTrue(eap < c.indexOf("\r\nSet-StrictMode"), s.fileName());
        }
    }

    @Test
    void powerShellLintIsClean() {
        for (Script s : scripts) {
            if (s.kind() == Script.Kind.POWERSHELL) {
                assertEquals(List.of(), PsLint.check(s.content()), s.fileName());
            }
        }
    }

    @Test
    void lintCatchesWhatItClaimsTo() {
        assertFalse(PsLint.check("$a = ('x'\r\n").isEmpty(), "unbalanced paren");
        assertFalse(PsLint.check("$a = 'x\r\n").isEmpty(), "unterminated string");
        assertFalse(PsLint.check("Write-Output $b\r\n").isEmpty(), "undefined variable");
        assertFalse(PsLint.check("$a = 1\r\nWrite-Output \"$a:\"\r\n").isEmpty(), "expanding string");
        assertFalse(PsLint.check("Set-SmbClientConfiguration -RequireSecuritySignatur $true -Force\r\n").isEmpty(), "bad parameter");
        assertFalse(PsLint.check("Set-SmbClientConfig -RequireSecuritySignature $true\r\n").isEmpty(), "unknown cmdlet");
        assertEquals(List.of(), PsLint.check("$a = 'it''s'\r\nWrite-Output ('{0}' -f $a) # (unbalanced in comment\r\n"));
    }

    /** Index of the first line that changes machine state, in a script's code (comments stripped). */
    private static int firstWrite(String code) {
        int min = Integer.MAX_VALUE;
        for (String w : List.of("New-ItemProperty", "Remove-ItemProperty", "Set-SmbClientConfiguration -", "Set-SmbServerConfiguration -")) {
            int i = code.indexOf(w);
            if (i >= 0) {
                min = Math.min(min, i);
            }
        }
        return min;
    }

    private static String code(Script s) {
        return String.join("\n", PsLint.codeLines(s.content(), new java.util.ArrayList<>()));
    }

    @Test
    void applySavesTheCurrentStateBeforeWriting() {
        int checked = 0;
        for (Script s : scripts) {
            if (s.kind() != Script.Kind.POWERSHELL || s.purpose() != Script.Purpose.APPLY) {
                continue;
            }
            String c = code(s);
            int write = firstWrite(c);
            assertTrue(write < Integer.MAX_VALUE, s.fileName() + " writes nothing");
            int guard = c.indexOf("if (Test-Path -LiteralPath $BackupFile)");
            int read = Math.max(c.indexOf("$key = Get-Item -LiteralPath $KeyPath"), Math.max(c.indexOf("$before = Get-SmbClientConfiguration"),
                    c.indexOf("$before = Get-SmbServerConfiguration")));
            int save = c.indexOf("$state | Export-Clixml -LiteralPath $BackupFile");
            assertTrue(guard >= 0 && guard < read, s.fileName() + ": refuses to overwrite an earlier backup first");
            assertTrue(read >= 0 && read < save, s.fileName() + ": reads the current value");
            assertTrue(save < write, s.fileName() + ": saves before the first write");
            checked++;
        }
        assertTrue(checked > 0);
    }

    @Test
    void revertReadsTheSavedStateAndRestoresIt() {
        int checked = 0;
        for (Script s : scripts) {
            if (s.kind() != Script.Kind.POWERSHELL || s.purpose() != Script.Purpose.REVERT) {
                continue;
            }
            String c = code(s);
            int load = c.indexOf("$state = Import-Clixml -LiteralPath $BackupFile");
            int write = firstWrite(c);
            int cleanup = c.indexOf("Remove-Item -LiteralPath $BackupFile");
            assertTrue(load >= 0 && load < write && write < cleanup, s.fileName());
            if (c.contains("$KeyPath")) {
                assertTrue(c.contains("if ($state.Existed) {\n    New-ItemProperty -LiteralPath $KeyPath -Name $ValueName -PropertyType $state.Kind -Value $state.Value -Force"),
                        s.fileName() + ": restores value and type");
                assertTrue(c.contains("} elseif (@((Get-Item -LiteralPath $KeyPath).GetValueNames()) -contains $ValueName) {\n    Remove-ItemProperty"),
                        s.fileName() + ": removes the value when it did not exist before");
            } else {
                assertTrue(c.contains("$previous = [bool]$state.RequireSecuritySignature"), s.fileName());
                assertTrue(c.contains("-RequireSecuritySignature $previous -Force"), s.fileName());
            }
            Script apply = remedies.stream().map(r -> r.script(s.counterpart())).filter(x -> x != null).findFirst().orElseThrow();
            String backup = backupLine(apply.content());
            assertEquals(backup, backupLine(s.content()), s.fileName() + " reads the file its apply writes");
            checked++;
        }
        assertTrue(checked > 0);
    }

    private static String backupLine(String script) {
        return script.lines().filter(l -> l.startsWith("$BackupFile = ")).findFirst().orElseThrow();
    }

    @Test
    void signingScriptsUseTheExactCmdlets() {
        Script client = scripts.stream().filter(s -> s.fileName().equals("negscope-client-signing-required-apply.ps1")).findFirst().orElseThrow();
        assertTrue(client.content().contains("\r\n$before = Get-SmbClientConfiguration\r\n"));
        assertTrue(client.content().contains("\r\n    Set-SmbClientConfiguration -RequireSecuritySignature $true -Force\r\n"));
        Script server = scripts.stream().filter(s -> s.fileName().equals("negscope-server-signing-required-apply.ps1")).findFirst().orElseThrow();
        assertTrue(server.content().contains("\r\n$before = Get-SmbServerConfiguration\r\n"));
        assertTrue(server.content().contains("\r\n    Set-SmbServerConfiguration -RequireSecuritySignature $true -Force\r\n"));
    }

    @Test
    void regFilesParse() {
        for (Script s : scripts) {
            if (s.kind() == Script.Kind.REG) {
                List<RegFile.Op> ops = RegFile.parse(s.encoded());
                assertEquals(1, ops.size(), s.fileName());
                assertTrue(s.content().contains("; Security:"), s.fileName());
                assertTrue(s.content().contains(s.purpose() == Script.Purpose.APPLY ? "; Revert:     import " + s.counterpart()
                        : "; What:       undoes " + s.counterpart()), s.fileName());
            }
        }
    }

    @Test
    void regReaderRejectsWhatRegeditWouldNotImportAsMeant() {
        Script any = scripts.stream().filter(s -> s.kind() == Script.Kind.REG && s.content().contains("=dword:")).findFirst().orElseThrow();
        byte[] ascii = any.content().getBytes(StandardCharsets.US_ASCII);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> RegFile.parse(ascii), "no BOM");
        Script lf = new Script(Script.Kind.REG, Script.Purpose.APPLY, "x.reg", "client", "y.reg", any.content().replace("\r\n", "\n"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> RegFile.parse(lf.encoded()), "LF only");
        Script bad = new Script(Script.Kind.REG, Script.Purpose.APPLY, "x.reg", "client", "y.reg",
                any.content().replace("=dword:", "=hex:"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> RegFile.parse(bad.encoded()), "not a DWORD");
    }
}
