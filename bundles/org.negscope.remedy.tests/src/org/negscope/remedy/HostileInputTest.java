package org.negscope.remedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.Difference;
import org.negscope.analysis.Verdict;

/**
 * Addresses and field values come from a capture an attacker may have crafted; they end up in scripts an
 * administrator runs. They may appear in comments only, never as code.
 */
class HostileInputTest {
    static final String EVIL = "10.0.0.2:1\r\nRemove-Item C:\\ -Recurse -Force #> '; Remove-Item C:\\ -Recurse; ' \u202e";

    @Test
    void capturedTextNeverBecomesCode() {
        Difference d = new Difference("response", "SecurityMode", "0x0001\r\nRemove-Item C:\\ -Recurse", "0x0003");
        for (HostOs os : Reports.allFamilies()) {
            Remedy r = RemedyAdvisor.advise(Reports.synthetic(EVIL, EVIL, Verdict.RESPONSE_MISMATCH, true, d), os);
            for (Script s : r.scripts()) {
                String marker = s.kind() == Script.Kind.POWERSHELL ? "#" : ";";
                for (String line : s.content().split("\r\n")) {
                    if (line.contains("Remove-Item C:")) {
                        assertTrue(line.startsWith(marker), s.fileName() + ": injected text outside a comment: " + line);
                    }
                }
                if (s.kind() == Script.Kind.POWERSHELL) {
                    assertEquals(List.of(), PsLint.check(s.content()), s.fileName());
                } else {
                    assertEquals(1, RegFile.parse(s.encoded()).size(), s.fileName());
                }
            }
        }
    }
}
