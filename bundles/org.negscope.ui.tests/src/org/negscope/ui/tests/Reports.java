package org.negscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.negscope.analysis.AnalysisListener;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ConnectionReport;
import org.negscope.capture.CaptureException;
import org.negscope.capture.Progress;

/** Real analysis results for the composites' tests (the same engine the editor runs). */
public final class Reports {
    private Reports() {}

    public static AnalysisResult analyze(Path capture) {
        try {
            return CaptureAnalyzer.analyze(List.of(capture), AnalysisOptions.none(), Progress.NONE, AnalysisListener.NONE);
        } catch (CaptureException e) {
            throw new AssertionError("cannot analyse " + capture + ": " + e.getMessage(), e);
        }
    }

    /** The connection that carries a VALIDATE exchange (the strip-resp-caps capture has exactly one such). */
    public static ConnectionReport withValidate(AnalysisResult r) {
        List<ConnectionReport> v = r.connections().stream().filter(c -> c.validateRequest() != null).toList();
        assertTrue(v.size() == 1, "expected one connection with a VALIDATE request, got " + v.size() + " of "
                + r.connections().size());
        return v.get(0);
    }
}
