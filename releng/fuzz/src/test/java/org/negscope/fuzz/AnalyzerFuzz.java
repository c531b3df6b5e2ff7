package org.negscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.negscope.analysis.AnalysisListener;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ConnectionReport;
import org.negscope.capture.CaptureException;
import org.negscope.capture.Progress;
import org.negscope.report.HtmlReport;
import org.negscope.report.JsonReport;
import org.negscope.report.TextReport;

/**
 * Fuzz target: the whole headless path on a hostile file: reader, reassembly, SMB2 decoding, the
 * analysis (with the test password, so NTLM key derivation and signature checks run on hostile data too)
 * and all three report renderers. Checks: a file is either refused with a CaptureException or analysed;
 * every connection has a verdict, a summary and a spec section; the JSON is valid JSON; no output
 * contains the password. Input byte 0 decides whether credentials are given. Seeds: the real captures.
 */
class AnalyzerFuzz {
    static final FuzzStats STATS = new FuzzStats("Analyzer");

    @FuzzTest(maxDuration = "15s")
    void fuzz(byte[] data) throws Exception {
        STATS.execution();
        Path f = ReaderOracle.scratch(data);
        boolean withPassword = data.length > 0 && (data[data.length - 1] & 1) == 0;
        AnalysisOptions options = withPassword ? AnalysisOptions.withPassword(Repo.TEST_PASSWORD.toCharArray(), null, null) : AnalysisOptions.none();
        boolean[] refused = {false};
        AnalysisResult r;
        try {
            r = CaptureAnalyzer.analyze(List.of(f), options, Progress.NONE, new AnalysisListener() {
                @Override public void captureFailed(Path file, CaptureException e) {
                    refused[0] = true;
                    if (!e.getMessage().startsWith(file + ", offset ")) throw new AssertionError("refusal without file and offset: " + e.getMessage());
                }
            });
        } finally {
            options.destroy();
        }
        if (refused[0]) {
            STATS.outcome("refused");
            if (!r.captures().isEmpty()) throw new AssertionError("a refused capture is reported as read");
            return;
        }
        if (r.captures().size() != 1) throw new AssertionError("one capture expected, got " + r.captures().size());
        for (ConnectionReport c : r.connections()) {
            if (c.verdict() == null || c.summary() == null || c.summary().isBlank() || c.spec() == null || c.signature() == null
                    || c.terminatedBy() == null || c.frames() == null) {
                throw new AssertionError("incomplete connection report: " + c);
            }
            STATS.outcome(c.verdict().name());
        }
        String json = JsonReport.toJson(r);
        JsonParser.parseString(json); // throws on invalid JSON
        String text = TextReport.render(r);
        String html = HtmlReport.render(r);
        // A name in the capture that happens to spell the password (Jazzer plants compared literals)
        // is echoed, not leaked: only a capture that does not carry it must not show it.
        if (!Repo.carries(data, Repo.TEST_PASSWORD)) {
            for (String out : new String[] {json, text, html}) {
                if (out.contains(Repo.TEST_PASSWORD)) throw new AssertionError("password in a report");
            }
        }
        STATS.outcome(r.connections().isEmpty() ? "noSmb" : "smb");
    }

    @AfterAll static void report() { STATS.report(); }
}
