package org.negscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.TerminatedBy;
import org.negscope.analysis.Verdict;
import org.negscope.capture.CaptureWarning;
import org.negscope.remedy.HostOs;
import org.negscope.remedy.RemedyAdvisor;

class TextReportTest {

    private static String line(String text, String start) {
        return text.lines().filter(l -> l.trim().startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(start + "\n" + text));
    }

    @Test
    void diagnosisWithTableAndEvidence() {
        String t = TextReport.render(Fixtures.result(Fixtures.responseMismatchDecoded(), Fixtures.notSent()));
        assertTrue(t.startsWith("NegScope report\n===============\n"));
        assertTrue(t.contains("  [0] captures/client-side.pcapng (pcapng, 123 frames, 1 warning)\n"));
        assertTrue(t.contains("      warning: frame 7, offset 4096: IPv4 fragment not reassembled\n"));
        assertTrue(t.contains("2 SMB connections, 1 fatal"));
        assertTrue(t.contains("[1] 10.0.0.2:50432 -> 10.0.0.9:445   RESPONSE_MISMATCH\n"));
        assertTrue(line(t, "Fatal:").endsWith("yes - a Windows client drops this connection"));
        assertTrue(t.contains("NEGOTIATE response (frame 5)") && t.contains("VALIDATE response (frame 13)"));
        String mode = t.lines().filter(l -> l.trim().startsWith("SecurityMode") && l.contains("SIGNING_REQUIRED")).findFirst().orElseThrow();
        assertTrue(mode.endsWith("| != DIFFERS"), mode);
        assertTrue(mode.indexOf("0x0001 (SIGNING_ENABLED)") < mode.indexOf("0x0003 (SIGNING_ENABLED, SIGNING_REQUIRED)"),
                "NEGOTIATE column left, VALIDATE right");
        String guid = t.lines().filter(l -> l.trim().startsWith("Guid") && l.contains(Fixtures.SERVER_GUID.toString())).findFirst().orElseThrow();
        assertTrue(guid.endsWith("| = same"), guid);
        assertTrue(line(t, "Signature:").contains("VALID (verified with the session key)"));
        assertTrue(line(t, "Spec:").contains("MS-SMB2 3.2.5.14.12"));
        String flat = t.replaceAll("\\s+", " ");
        assertTrue(flat.contains("Evidence: NEGOTIATE request: frame 4; NEGOTIATE response: frame 5; VALIDATE request: frame 12; "
                + "VALIDATE response: frame 13; connection end: frame 14"), "wrapped, but complete");
        assertTrue(t.contains("[2] [fe80::2]:50500 -> [fe80::9]:445   NOT_SENT\n----"));
        assertTrue(t.contains("Capture:       [1] captures/server-side.pcap"));
        assertTrue(t.contains("Note: no VALIDATE request in the capture"));
        assertFalse(t.contains("What to do"), "no advice without a remedy source");
    }

    @Test
    void adviceAndOptionalScripts() {
        AnalysisResult res = Fixtures.result(Fixtures.responseMismatchDecoded());
        String without = TextReport.render(res, r -> RemedyAdvisor.advise(r, HostOs.fromNtlmssp(6, 2, 9200)), false);
        assertTrue(without.contains("What to do:"));
        assertTrue(without.contains("1. Stop the device between 10.0.0.2:50432 and 10.0.0.9:445 from rewriting SMB NEGOTIATE"));
        assertTrue(without.contains("Risk: Weakens security"));
        assertTrue(without.contains("Scripts: negscope-secure-negotiate-off-apply.ps1"));
        assertTrue(without.contains("Ask the WAN accelerator / SMB proxy / firewall vendor:"));
        assertFalse(without.contains("#Requires -RunAsAdministrator"));
        String with = TextReport.render(res, r -> RemedyAdvisor.advise(r, HostOs.fromNtlmssp(6, 2, 9200)), true);
        assertTrue(with.contains("---- negscope-secure-negotiate-off-revert.reg (.reg, REVERT, run on the client) ----"));
        assertTrue(with.contains("    \"RequireSecureNegotiate\"=-\n"));
        assertFalse(with.contains("\r"), "text report uses LF only");
    }

    @Test
    void linesAreWrapped() {
        String t = TextReport.render(Fixtures.result(Fixtures.responseMismatchDifferencesOnly()),
                r -> RemedyAdvisor.advise(r, HostOs.unknown()), false);
        for (String l : t.lines().toList()) {
            if (!l.contains(" | ") && !l.startsWith("    -") && !l.matches("^\\s*\\S+$")) {
                assertTrue(l.length() <= 100 || !l.trim().contains(" "), "long line: " + l);
            }
        }
    }

    @Test
    void controlCharactersFromTheCaptureAreNeutralised() {
        ConnectionReport r = new ConnectionReport(0, "x\u001b]0;pwned\u0007", "s:445", "3.0", Verdict.VALIDATED, false, "ok\u009b31m",
                List.of(), SignatureStatus.VALID, TerminatedBy.NONE, new ConnectionReport.Frames(1, 2, 3, 4, 0), "spec", null, null, null, null);
        String t = TextReport.render(new AnalysisResult(List.of(new CaptureReport("a\rb.pcap", "pcap", 1,
                List.of(new CaptureWarning("a", 1, 2, "bad\u001b[2J")))), List.of(r)));
        for (char c : t.toCharArray()) {
            assertTrue(c == '\n' || (c >= 0x20 && c != 0x7f && (c < 0x80 || c > 0x9f)), "control char " + (int) c);
        }
        assertEquals(1, t.lines().filter(l -> l.contains("x?]0;pwned?")).count());
    }
}
