package org.negscope.ui.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.ConnectionReport;
import org.negscope.ui.tests.Reports;
import org.negscope.ui.tests.TestData;

/**
 * Every committed Samba capture through the side-by-side model: the rows marked "≠ differs" are exactly the
 * fields releng/captures/EXPECTED.tsv lists (written by the script that made the captures, frame numbers
 * read back with tshark), and the column headers carry those frame numbers.
 */
class ExpectedCapturesTest {
    /** One line of EXPECTED.tsv. */
    record Expected(String file, String verdict, Set<String> differences, long negReq, long negResp, long valReq,
                    long valResp) {
        @Override public String toString() { return file; }
    }

    static Stream<Expected> captures() throws IOException {
        List<Expected> out = new ArrayList<>();
        for (String line : Files.readAllLines(TestData.capture("EXPECTED.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            Set<String> diffs = new TreeSet<>();
            if (!f[4].equals("-")) {
                diffs.addAll(List.of(f[4].split(",")));
            }
            out.add(new Expected(f[0], f[2], diffs, Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]),
                    Long.parseLong(f[10])));
        }
        assertTrue(out.size() >= 10, "EXPECTED.tsv lists only " + out.size() + " captures");
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void differingRowsAreExactlyTheExpectedFields(Expected e) {
        AnalysisResult result = Reports.analyze(TestData.capture(e.file()));
        assertEquals(1, result.connections().size(), "one SMB2 connection per committed capture");
        ConnectionReport r = result.connections().get(0);
        assertEquals(e.verdict(), r.verdict().name(), "verdict without credentials");
        SideBySideModel m = SideBySideModel.of(r);

        Set<String> shown = new TreeSet<>();
        for (FieldRow row : m.requestRows()) {
            if (row.differs()) {
                shown.add("request:" + row.field());
                assertFalse(row.negotiate().equals(row.validate()), row.toString());
            }
        }
        for (FieldRow row : m.responseRows()) {
            if (row.differs()) {
                shown.add("response:" + row.field());
                assertFalse(row.negotiate().equals(row.validate()), row.toString());
            }
        }
        assertEquals(e.differences(), shown);
        // Rows that do not differ are either "= same" with equal values, or not comparable (a message is missing).
        for (List<FieldRow> rows : List.of(m.requestRows(), m.responseRows())) {
            for (FieldRow row : rows) {
                if (row.match() == FieldRow.Match.SAME) {
                    assertEquals(row.negotiate(), row.validate(), row.toString());
                }
            }
        }
        if (e.valReq() > 0 && e.negReq() > 0) {
            assertTrue(m.requestRows().stream().noneMatch(x -> x.match() == FieldRow.Match.UNKNOWN),
                    "a captured VALIDATE request is compared field by field: " + m.requestRows());
        }
        assertEquals(e.negReq(), m.negotiateRequestFrame());
        assertEquals(e.negResp(), m.negotiateResponseFrame());
        assertEquals(e.valReq(), m.validateRequestFrame());
        assertEquals(e.valResp(), m.validateResponseFrame());
    }
}
