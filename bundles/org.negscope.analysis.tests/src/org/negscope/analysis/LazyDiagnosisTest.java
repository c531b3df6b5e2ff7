package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.negscope.capture.CaptureException;
import org.negscope.capture.Progress;

/**
 * Performance (releng/bench/README.md): a listener that does not take progressive reports (the CLI) gets connections judged
 * once, at the end, instead of after every significant message. The final reports must not depend on it: every
 * committed REAL capture is analysed both ways and each connection's report compared field by field.
 */
class LazyDiagnosisTest {

    @Test void onlyListenersOverridingConnectionUpdatedGetProgressiveReports() {
        assertFalse(CaptureAnalyzer.takesUpdates(AnalysisListener.NONE));
        assertFalse(CaptureAnalyzer.takesUpdates(new AnalysisListener() {
            @Override public void captureFailed(Path file, CaptureException e) { } // like the CLI's
        }));
        assertTrue(CaptureAnalyzer.takesUpdates(new AnalysisListener() {
            @Override public void connectionUpdated(ConnectionReport r) { }
        }));
    }

    @Test void finalReportsAreTheSameWithAndWithoutProgressiveReports() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(TestData.captures())) {
            files = s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "committed captures: " + files);
        List<ConnectionReport> updates = new ArrayList<>();
        for (Path f : files) {
            AnalysisResult lazy = CaptureAnalyzer.analyze(List.of(f), AnalysisOptions.none(), Progress.NONE, AnalysisListener.NONE);
            updates.clear();
            AnalysisResult eager = CaptureAnalyzer.analyze(List.of(f), AnalysisOptions.none(), Progress.NONE, new AnalysisListener() {
                @Override public void connectionUpdated(ConnectionReport r) { updates.add(r); }
            });
            assertFalse(updates.isEmpty(), f + ": the progressive listener was called");
            assertEquals(eager.connections().size(), lazy.connections().size(), f.toString());
            for (int i = 0; i < lazy.connections().size(); i++) {
                assertEquals(describe(eager.connections().get(i)), describe(lazy.connections().get(i)), f + " connection " + i);
            }
        }
    }

    private static List<Object> describe(ConnectionReport r) {
        return List.of(r.client(), r.server(), String.valueOf(r.dialect()), r.verdict(), r.fatal(), r.summary(),
                r.differences(), r.signature(), r.terminatedBy(), r.frames(), r.evidence(), r.missing(),
                r.timelineTotal(), r.timelineEvents().size(), String.valueOf(r.validateError()));
    }
}
