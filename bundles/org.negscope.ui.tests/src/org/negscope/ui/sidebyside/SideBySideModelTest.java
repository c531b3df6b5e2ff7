package org.negscope.ui.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.analysis.Verdict;
import org.negscope.report.SideBySide;
import org.negscope.ui.tests.Reports;
import org.negscope.ui.tests.TestData;

class SideBySideModelTest {

    static FieldRow row(List<FieldRow> rows, String field) {
        return rows.stream().filter(r -> r.field().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + field + " in " + rows));
    }

    /** Flag names inside "0x0000002f (DFS, LEASING, ...)" (the CLI's tables write them so, FieldFormat.display). */
    static Set<String> names(String described) {
        int open = described.indexOf('(');
        return open < 0 ? Set.of() : new HashSet<>(Arrays.asList(described.substring(open + 1, described.indexOf(')')).split(", ")));
    }

    @Test
    void strippedServerCapabilitiesDifferOnlyInTheResponseCapabilitiesRow() {
        ConnectionReport r = Reports.withValidate(Reports.analyze(TestData.capture(TestData.STRIP_RESP_CAPS)));
        assertEquals(Verdict.RESPONSE_MISMATCH, r.verdict());
        SideBySideModel m = SideBySideModel.of(r);

        FieldRow caps = row(m.responseRows(), "Capabilities");
        assertEquals(FieldRow.Match.DIFFERS, caps.match(), caps.toString());
        assertEquals("\u2260 differs", caps.match().text());
        Difference d = r.differences().stream().filter(x -> x.side().equals("response") && x.field().equals("Capabilities"))
                .findFirst().orElseThrow(() -> new AssertionError("analysis names no response Capabilities difference"));
        // Decoded values agree with the analysis' values, and carry the flag names.
        assertTrue(caps.negotiate().startsWith(d.negotiate() + " ("), caps.negotiate() + " vs " + d.negotiate());
        assertTrue(caps.validate().startsWith(d.validate() + " ("), caps.validate() + " vs " + d.validate());
        // The proxy stripped bits from the NEGOTIATE response: VALIDATE names flags the NEGOTIATE lacks.
        Set<String> stripped = names(caps.validate());
        stripped.removeAll(names(caps.negotiate()));
        assertFalse(stripped.isEmpty(), caps.negotiate() + " / " + caps.validate());

        for (String f : List.of("Guid", "SecurityMode", "Dialect")) {
            FieldRow same = row(m.responseRows(), f);
            assertEquals(FieldRow.Match.SAME, same.match(), same.toString());
            assertEquals(same.negotiate(), same.validate());
        }
        assertEquals("3.0.2", row(m.responseRows(), "Dialect").negotiate());
        assertEquals(4, m.requestRows().size());
        for (FieldRow q : m.requestRows()) {
            assertEquals(FieldRow.Match.SAME, q.match(), q.toString());
            assertEquals(q.negotiate(), q.validate());
        }
        assertEquals(r.frames().negotiateRequest(), m.negotiateRequestFrame());
        assertEquals(r.frames().validateResponse(), m.validateResponseFrame());
        assertTrue(m.negotiateResponseFrame() > 0 && m.validateRequestFrame() > m.negotiateResponseFrame());
        assertTrue(m.notes().isEmpty(), m.notes().toString());
    }

    @Test
    void withoutValidateTheNegotiateValuesStillShowAndNothingIsCompared() {
        // Windows 10 -> Server 2019 on 3.1.1 (third-party capture): no VALIDATE exists on 3.1.1.
        AnalysisResult result = Reports.analyze(TestData.external("msod-fasod-ex1-win10-ws2019-workgroup.pcapng"));
        List<ConnectionReport> smb311 = result.connections().stream()
                .filter(c -> "3.1.1".equals(c.dialect()) && c.negotiateRequest() != null).toList();
        assertFalse(smb311.isEmpty(), "no 3.1.1 connection among " + result.connections().size());
        for (ConnectionReport r : smb311) {
            SideBySideModel m = SideBySideModel.of(r);
            FieldRow caps = row(m.requestRows(), "Capabilities");
            assertTrue(caps.negotiate().startsWith("0x0000007f ("), caps.negotiate());
            assertEquals("(no VALIDATE request in capture)", caps.validate());
            assertEquals(FieldRow.Match.UNKNOWN, caps.match());
            FieldRow dialect = row(m.responseRows(), "Dialect");
            assertEquals("3.1.1", dialect.negotiate());
            assertEquals(FieldRow.Match.UNKNOWN, dialect.match());
            assertTrue(row(m.requestRows(), "Dialects").negotiate().contains("3.1.1"));
            assertEquals(0, m.validateRequestFrame());
            assertEquals("VALIDATE request (not in capture)", SideBySideModel.header("VALIDATE request", m.validateRequestFrame()));
            assertNotEquals(0, m.negotiateRequestFrame());
        }
    }

    /**
     * The workbench's table is the CLI's (the HTML and text reports' {@link SideBySide}) on every committed capture:
     * the same values wherever the CLI shows one, and the same rows marked as differing — one decoding
     * (ValidateFields), one comparison (ValidateComparison), one formatter (FieldFormat).
     */
    @Test
    void rowsAreTheReportTablesRowsOnEveryCommittedCapture() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(TestData.capture("samba-3.0.2-clean.pcap").getParent())) {
            files = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertTrue(files.size() >= 40, "committed captures: " + files.size());
        int rows = 0, differing = 0;
        for (Path f : files) {
            for (ConnectionReport r : Reports.analyze(f).connections()) {
                SideBySideModel m = SideBySideModel.of(r);
                SideBySide cli = SideBySide.of(r);
                for (int side = 0; side < 2; side++) {
                    List<FieldRow> ui = side == 0 ? m.requestRows() : m.responseRows();
                    List<SideBySide.Row> want = cli.sections().get(side).rows();
                    assertEquals(want.size(), ui.size(), f.toString());
                    for (int i = 0; i < ui.size(); i++) {
                        String what = f.getFileName() + " " + cli.sections().get(side).side() + ": " + ui.get(i) + " / " + want.get(i);
                        assertEquals(want.get(i).field(), ui.get(i).field(), what);
                        if (want.get(i).negotiate() != null) {
                            assertEquals(want.get(i).negotiate(), ui.get(i).negotiate(), what);
                        }
                        if (want.get(i).validate() != null) {
                            assertEquals(want.get(i).validate(), ui.get(i).validate(), what);
                        }
                        assertEquals(want.get(i).state() == SideBySide.State.DIFFERS, ui.get(i).differs(), what);
                        rows++;
                        differing += ui.get(i).differs() ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(rows >= 320 && differing >= 15, rows + " rows, " + differing + " differing");
    }
}
