package org.negscope.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.capture.Progress;
import org.negscope.fuzz.Repo;
import org.negscope.remedy.RemedyAdvisor;
import org.negscope.report.HtmlReport;
import org.negscope.report.TextReport;

/**
 * Strings from a capture are hostile too: the real samba-3.0.2-clean.pcap with its NTLMSSP UserName ("nsuser",
 * UTF-16LE) overwritten in place by markup or by a terminal escape sequence of the same length. With the password
 * the analysis names the user in its summary ("the password does not match ... user '...'"), so the string reaches
 * every output: the HTML report must escape it, the CLI's text output and the text report must not pass control
 * characters to the terminal.
 */
class HostileStringsTest {
    @TempDir Path dir;

    Path withUser(String six) throws Exception {
        byte[] d = Files.readAllBytes(Repo.capture("samba-3.0.2-clean.pcap"));
        byte[] from = "nsuser".getBytes(StandardCharsets.UTF_16LE), to = six.getBytes(StandardCharsets.UTF_16LE);
        int at = SecretsNeverLeakTest.indexOf(d, from);
        assertTrue(at > 0 && to.length == from.length, "the capture names user nsuser");
        System.arraycopy(to, 0, d, at, to.length);
        return Files.write(dir.resolve("hostile-user.pcap"), d);
    }

    @Test
    void markupInTheUserNameIsEscapedInHtml() throws Exception {
        String markup = "<i>\"&'";
        Path f = withUser(markup);
        AnalysisOptions o = AnalysisOptions.withPassword(Repo.TEST_PASSWORD.toCharArray(), null, null);
        AnalysisResult r;
        try {
            r = CaptureAnalyzer.analyze(List.of(f), o, Progress.NONE, null);
        } finally {
            o.destroy();
        }
        assertTrue(r.connections().get(0).summary().contains(markup), "the user name reaches the summary: " + r.connections().get(0).summary());
        String html = HtmlReport.render(r, RemedyAdvisor::advise);
        assertFalse(html.contains(markup), "unescaped markup in the HTML report");
        assertTrue(html.contains("&lt;i&gt;"), "the user name is shown escaped");
    }

    /**
     * Regression test for F4 (cli): TextOutput printed the summary line, warnings and capture path without
     * {@code safe()}, so the escape sequence reached the terminal (it sets the window title here).
     */
    @Test
    void terminalEscapesInTheUserNameNeverReachTheTerminal() throws Exception {
        Path f = withUser("\u001b]0;X\u0007"); // OSC "set window title" (6 UTF-16 units, like "nsuser")
        Path pw = Files.writeString(dir.resolve("pw.txt"), Repo.TEST_PASSWORD + "\n");
        BrokenCapturesTest.Run run = BrokenCapturesTest.cli("analyze", f.toString(), "--password-file", pw.toString());
        assertTrue(run.out().contains("]0;X"), "the user name is shown (neutralised): " + run.out());
        for (String out : new String[] {run.out(), run.err()}) {
            assertFalse(out.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f),
                    "control character on the terminal: " + out);
        }
        AnalysisOptions o = AnalysisOptions.withPassword(Repo.TEST_PASSWORD.toCharArray(), null, null);
        try {
            String text = TextReport.render(CaptureAnalyzer.analyze(List.of(f), o, Progress.NONE, null), RemedyAdvisor::advise, true);
            assertFalse(text.chars().anyMatch(c -> c < 0x20 && c != '\n' || c == 0x7f), "control character in the text report");
        } finally {
            o.destroy();
        }
    }
}
