package org.negscope.ui.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.ReportDetail;
import org.negscope.analysis.ValidateMessages;
import org.negscope.capture.Progress;
import org.negscope.smb2.Smb2Message;
import org.negscope.ui.ConnectionContext;
import org.negscope.ui.packets.ConnectionMessages;
import org.negscope.ui.packets.MessageEntry;
import org.negscope.ui.sidebyside.SideBySideComposite;
import org.negscope.ui.tests.Reports;
import org.negscope.testing.SynthCaptures;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.Ui;

/**
 * The capture editor keeps most connections packed (docs/architecture.md "Memory"): a row each for the table, a bounded
 * number of full reports, the rest read again when selected. With the budget at zero every connection of REAL captures
 * is packed; selecting each one must show exactly what the editor showed when it kept every full report: the same
 * side-by-side tables, the same messages in the packet detail, the same report (decoded messages byte for byte,
 * timeline, evidence) as a FULL analysis. And on the 2,000-connection SYNTHETIC capture the editor holds at most the
 * budget of full reports, the fatal connections first.
 */
class PackedConnectionsTest {
    private Shell shell;
    private CapturePane pane;
    private SideBySideComposite sideBySide;
    @TempDir Path tmp;

    @BeforeEach
    void open() {
        Ui.run(() -> {
            shell = new Shell(Ui.display());
            shell.setLayout(new FillLayout(SWT.VERTICAL));
            pane = new CapturePane(shell);
            sideBySide = new SideBySideComposite(shell);
            // as the workbench's views do: follow the selection, ignore what is not a report (a packed row)
            pane.viewer().addPostSelectionChangedListener(e -> {
                if (((IStructuredSelection) e.getSelection()).getFirstElement() instanceof ConnectionReport r) {
                    sideBySide.setConnection(r);
                }
            });
            shell.setSize(1400, 1000);
            shell.open();
        });
    }

    @AfterEach
    void close() {
        Ui.run(() -> shell.dispose());
        CapturePane.fullBudget = ConnectionRows.FULL_BUDGET;
    }

    /** A real capture set of three Samba captures (several connections with VALIDATE) read as one, every row packed. */
    @Test
    void everyPackedConnectionOfARealSetShowsWhatTheFullReportShows() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("set"));
        for (String name : List.of(TestData.STRIP_RESP_CAPS, "samba-3.0.2-clean.pcap", "samba-3.0.2-corrupt-validate-sig.pcap")) {
            Files.copy(TestData.capture(name), dir.resolve(name));
        }
        AnalysisResult full = CaptureAnalyzer.analyzeSet(List.of(dir), AnalysisOptions.none(), Progress.NONE, null, ReportDetail.FULL);
        CapturePane.fullBudget = 0;
        Ui.run(() -> pane.analyze(dir, List.of(dir)));
        Ui.waitUntil("analysis of the set", 120, pane::isFinished);
        checkEveryRow(full, 3, 2, r -> ConnectionMessages.readSet(List.of(dir), r, Progress.NONE, null));
    }

    /**
     * The real Windows 10 / Server 2019 capture: seven connections between the same hosts, so each full report read
     * again must also carry the reconnect facts, which only the whole capture gives.
     */
    @Test
    void everyPackedConnectionOfARealCaptureShowsWhatTheFullReportShows() throws Exception {
        Path f = TestData.external("msod-fasod-ex2-win10-ws2019-domain.pcapng");
        AnalysisResult full = Reports.analyze(f);
        CapturePane.fullBudget = 0;
        Ui.run(() -> pane.analyze(f));
        Ui.waitUntil("analysis of " + f, 120, pane::isFinished);
        checkEveryRow(full, 7, 0, r -> ConnectionMessages.read(f, r, Progress.NONE));
    }

    /** Reads every message of a connection of the FULL analysis as the packet detail does. */
    interface Reader {
        ConnectionMessages read(ConnectionReport r) throws Exception;
    }

    private void checkEveryRow(AnalysisResult full, int connections, int validates, Reader reader) throws Exception {
        int n = Ui.call(() -> pane.viewer().getTable().getItemCount());
        assertEquals(connections, n);
        assertEquals(connections, full.connections().size());
        // budget 0: nothing kept from the analysis; only the row selected at its end is read again
        Ui.run(() -> assertTrue(pane.fullReportsHeld() <= 1, "held: " + pane.fullReportsHeld()));
        int withValidate = 0;
        for (int i = 0; i < n; i++) {
            int row = i;
            ConnectionReport before = Ui.call(() -> {
                pane.viewer().getTable().deselectAll();
                sideBySide.setConnection(null);
                return null;
            });
            assertNull(before);
            Ui.run(() -> pane.selectRow(row));
            // the row was packed: the view does not get the row itself, the status says the connection is being read
            Ui.waitUntil("connection " + row + " read again", 60, () -> !pane.isReadingConnection() && sideBySide.connection() != null);
            ConnectionReport shown = Ui.call(() -> sideBySide.connection());
            ConnectionReport want = full.connections().stream().filter(c -> CapturePane.same(c, shown)).findFirst().orElse(null);
            assertNotNull(want, "the FULL analysis has connection " + shown.client());
            assertEquals(describe(want), describe(shown), "connection " + shown.client());
            withValidate += want.validateRequest() != null ? 1 : 0;
            List<String> texts = Ui.call(() -> tables(sideBySide));
            Ui.run(() -> sideBySide.setConnection(want));
            assertEquals(Ui.call(() -> tables(sideBySide)), texts, "side by side of " + shown.client());
            Ui.run(() -> {
                assertTrue(pane.viewer().getTable().getItem(row).getData() instanceof ConnectionReport, "the row holds the full report now");
                assertTrue(pane.statusText().contains("SMB2 connection(s)"), pane.statusText());
            });
            // the packet detail reads all messages from the source the editor registered for the full report
            List<String> fromFull = list(reader.read(want));
            assertTrue(fromFull.size() >= 4, "messages: " + fromFull);
            assertEquals(fromFull, list(ConnectionContext.of(shown).source().load(Progress.NONE)), "packet detail of " + shown.client());
        }
        assertTrue(withValidate >= validates, "connections with VALIDATE: " + withValidate);
        Ui.run(() -> assertTrue(pane.fullReportsHeld() <= ConnectionRows.RECENT, "held: " + pane.fullReportsHeld()));
    }

    /**
     * The analysis selects the first fatal connection when it ends: packed, so at that moment the row is not a report
     * (the views keep what they show) and the status line says it is being read; then the row holds the full report.
     */
    @Test
    void aPackedRowIsReadAgainWhileTheStatusSaysSo() throws Exception {
        Path f = TestData.capture(TestData.STRIP_RESP_CAPS);
        CapturePane.fullBudget = 0;
        List<String> atFinish = new ArrayList<>();
        Ui.run(() -> {
            pane.addFinishListener(() -> {
                Object element = pane.viewer().getTable().getItem(0).getData();
                atFinish.add(pane.statusText());
                atFinish.add(element instanceof ConnectionReport ? "report" : element.getClass().getSimpleName());
                atFinish.add(String.valueOf(sideBySide.connection()));
                atFinish.add(String.valueOf(pane.isReadingConnection()));
            });
            pane.analyze(f);
        });
        Ui.waitUntil("analysis", 120, pane::isFinished);
        Ui.waitUntil("the selected row read again", 60, () -> !pane.isReadingConnection() && sideBySide.connection() != null);
        assertTrue(atFinish.get(0).startsWith("Reading connection 127.0.0."), atFinish.get(0));
        assertEquals(List.of("PackedRow", "null", "true"), atFinish.subList(1, 4));
        Ui.run(() -> {
            ConnectionReport r = sideBySide.connection();
            assertNotNull(r.negotiateResponse(), "full: messages");
            assertFalse(r.timelineEvents().isEmpty(), "full: timeline");
            assertTrue(pane.viewer().getTable().getItem(0).getData() == r, "the row holds the report the view shows");
            assertTrue(pane.statusText().contains("SMB2 connection(s), 1 fatal"), pane.statusText());
            assertEquals("\u2260 LARGE_MTU cleared", capabilities(sideBySide));
        });
    }

    private static String capabilities(SideBySideComposite c) {
        for (TableItem it : c.responseTable().getItems()) {
            if (it.getText(0).equals("Capabilities")) {
                return it.getText(3);
            }
        }
        return null;
    }

    /** Memory held per connection is bounded: at most the budget of full reports, fatal connections kept first. */
    @Test
    void twoThousandConnectionsHoldAtMostTheBudgetOfFullReports() throws Exception {
        Path file = SynthCaptures.capture(2000);
        CapturePane.fullBudget = 500;
        Ui.run(() -> pane.analyze(file));
        Ui.waitUntil("analysis of " + file, 300, pane::isFinished);
        Ui.run(() -> {
            assertEquals(2000, pane.viewer().getTable().getItemCount());
            assertEquals(500, pane.fullReportsHeld(), "the budget, and no more");
            List<ConnectionReport> all = pane.result().connections();
            int fatalFull = 0, fatal = 0, packed = 0;
            for (int i = 0; i < all.size(); i++) {
                ConnectionReport r = all.get(i);
                fatal += r.fatal() ? 1 : 0;
                boolean isFull = !r.timelineEvents().isEmpty();
                fatalFull += r.fatal() && isFull ? 1 : 0;
                packed += isFull ? 0 : 1;
            }
            assertEquals(400, fatal);
            assertEquals(400, fatalFull, "every fatal connection kept (400 < 500)");
            assertEquals(1500, packed);
        });
    }

    /**
     * 100 000 SYNTHETIC connections (349 MB): the table and the overview equal the ground truth with rows only, the
     * editor holds at most the budget of full reports, and a filter over all rows shows the ground truth's count.
     */
    @Test
    void hundredThousandConnectionsAgainstGroundTruthWithBoundedFullReports() throws Exception {
        Path file = SynthCaptures.capture(100_000);
        List<SynthCaptures.Truth> truth = SynthCaptures.truth(file);
        Ui.run(() -> pane.analyze(file));
        Ui.waitUntil("analysis of " + file, 600, pane::isFinished);
        java.util.Map<String, Integer> verdicts = new java.util.HashMap<>();
        for (SynthCaptures.Truth t : truth) {
            verdicts.merge(t.verdict(), 1, Integer::sum);
        }
        assertEquals(100_000, truth.size());
        Ui.run(() -> {
            assertEquals(null, pane.errorText());
            assertEquals(100_000, pane.viewer().getTable().getItemCount());
            org.negscope.analysis.CaptureOverview o = pane.overviewData();
            assertEquals(truth.size(), o.connections());
            assertEquals(truth.size() - verdicts.get("VALIDATED"), o.fatal());
            for (org.negscope.analysis.CaptureOverview.Group g : o.verdicts()) {
                assertEquals(verdicts.get(g.key()), g.connections(), g.key());
            }
            int held = pane.fullReportsHeld();
            assertTrue(held <= ConnectionRows.FULL_BUDGET + ConnectionRows.RECENT && held >= ConnectionRows.FULL_BUDGET, "held: " + held);
            pane.setFilterText("verdict:REQUEST_MISMATCH");
        });
        Ui.waitUntil("the filter over 100 000 rows", 120,
                () -> pane.viewer().getTable().getItemCount() == verdicts.get("REQUEST_MISMATCH"));
    }

    private static List<String> tables(SideBySideComposite c) {
        List<String> out = new ArrayList<>();
        for (Table t : List.of(c.requestTable(), c.responseTable())) {
            for (int col = 0; col < t.getColumnCount(); col++) {
                out.add(t.getColumn(col).getText());
            }
            for (TableItem it : t.getItems()) {
                for (int col = 0; col < t.getColumnCount(); col++) {
                    out.add(it.getText(col));
                }
            }
        }
        out.add(c.verdictText());
        out.add(c.summaryText());
        out.add(c.signatureText());
        out.add(c.peersText());
        return out;
    }

    private static List<String> list(ConnectionMessages m) {
        List<String> out = new ArrayList<>();
        for (MessageEntry e : m.entries()) {
            out.add(e.frame() + " " + e.fromClient() + " " + (e.message() == null ? "-" : Arrays.toString(e.message().bytes())));
        }
        return out;
    }

    private static List<Object> describe(ConnectionReport r) {
        List<Object> l = new ArrayList<>(List.of(String.valueOf(r.client()), String.valueOf(r.server()), String.valueOf(r.dialect()),
                r.verdict(), r.fatal(), String.valueOf(r.summary()), r.differences(), String.valueOf(r.signature()),
                String.valueOf(r.frames()), r.evidence(), r.missing(), String.valueOf(r.clientVersion()), r.timelineTotal(),
                new ArrayList<>(r.timelineEvents()), r.reconnect(), String.valueOf(r.validateSignature())));
        for (Smb2Message m : Arrays.asList(r.negotiateRequest(), r.negotiateResponse(), r.validateRequest(), r.validateResponse())) {
            l.add(m == null ? "-" : m.firstFrame() + ":" + Arrays.toString(m.bytes()));
        }
        for (ValidateMessages v : r.validateExchanges()) {
            l.add(v.messageId() + ":" + (v.request() == null ? "-" : v.request().firstFrame()) + ":"
                    + (v.response() == null ? "-" : v.response().firstFrame()));
        }
        return l;
    }
}
