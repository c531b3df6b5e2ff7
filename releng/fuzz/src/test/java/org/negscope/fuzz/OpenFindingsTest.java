package org.negscope.fuzz;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.capture.CaptureWarning;
import org.negscope.capture.Progress;

/**
 * Regression tests for findings in bundles whose helpers were still at work, reported to the lead rather than
 * fixed here. They FAIL until fixed, so they carry the tag "open-finding", which the default build excludes;
 * run them with {@code ./mvnw -f releng/fuzz/pom.xml test -Dsurefire.groups=open-finding -Dsurefire.excludedGroups=}.
 * When a finding is fixed, remove its tag (and this note once the class is empty).
 */
@Tag("open-finding")
class OpenFindingsTest {
    /**
     * F2 (analysis): SMB-level warnings (decoder resynchronisation, bytes missing inside a message) reach the JSON
     * with "offset": -1. DESIGN §8 shows a byte offset; the brief asks for file, frame and offset. The analysis
     * knows the frame but not where it lies in the file (the capture's StreamListener passes no file offset).
     */
    @Test
    void everyWarningNamesAByteOffsetInTheFile() throws Exception {
        Path f = Repo.broken().resolve("flipped-smb2-protocol-id.pcap");
        AnalysisResult r = CaptureAnalyzer.analyze(List.of(f), AnalysisOptions.none(), Progress.NONE, null);
        List<CaptureWarning> w = r.captures().get(0).warnings();
        assertTrue(!w.isEmpty());
        for (CaptureWarning x : w) assertTrue(x.offset() >= 0, "warning without a file offset: " + x);
    }

    /**
     * F3 (analysis): AnalysisOptions.toString() throws IllegalStateException("secret was cleared") once destroy() ran
     * (the CLI destroys the options in a finally block; any later log line or debugger view of them throws).
     */
    @Test
    void analysisOptionsCanBePrintedAfterDestroy() {
        AnalysisOptions o = AnalysisOptions.withPassword(Repo.TEST_PASSWORD.toCharArray(), null, null);
        o.destroy();
        String s = assertDoesNotThrow(o::toString);
        assertTrue(!s.contains(Repo.TEST_PASSWORD));
    }
}
