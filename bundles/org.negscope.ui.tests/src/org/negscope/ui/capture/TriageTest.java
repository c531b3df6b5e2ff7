package org.negscope.ui.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.CaptureOverview;
import org.negscope.analysis.ConnectionReport;
import org.negscope.ui.tests.Screenshots;
import org.negscope.testing.SynthCaptures;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.Ui;

/**
 * Triage at scale in the capture editor, real SWT in a bare shell: a SYNTHETIC capture of 2,000 connections from the
 * benchmark generator (ground truth beside it), a committed Samba capture and the real Windows 10 / Server 2019
 * pcapng. The overview's numbers against the ground truth, group links, filter box and quick filters, sorting,
 * next/previous fatal from the keyboard, and the Wireshark filter run through {@code tshark -Y} on the same file.
 */
class TriageTest {
    private Shell shell;
    private CapturePane pane;
    @TempDir Path tmp;

    @BeforeEach
    void open() {
        Ui.run(() -> {
            shell = new Shell(Ui.display());
            shell.setText("NegScope triage");
            shell.setLayout(new FillLayout());
            pane = new CapturePane(shell);
            shell.setSize(1400, 900);
            shell.open();
        });
    }

    @AfterEach
    void close() {
        Ui.run(() -> shell.dispose());
    }

    private void analyze(Path file) {
        Ui.run(() -> pane.analyze(file));
        Ui.waitUntil("analysis of " + file, 300, pane::isFinished);
        Ui.run(() -> assertEquals(null, pane.errorText()));
    }

    private int rows() { return Ui.call(() -> pane.viewer().getTable().getItemCount()); }

    @Test
    void twoThousandConnectionsAgainstGroundTruth() throws Exception {
        Path file = SynthCaptures.capture(2000);
        List<SynthCaptures.Truth> truth = SynthCaptures.truth(file);
        analyze(file);
        Map<String, Integer> verdicts = new HashMap<>();
        Map<String, Integer> fatalPerServer = new HashMap<>();
        for (SynthCaptures.Truth t : truth) {
            verdicts.merge(t.verdict(), 1, Integer::sum);
            if (!t.verdict().equals("VALIDATED")) {
                fatalPerServer.merge(t.server(), 1, Integer::sum);
            }
        }
        int fatal = truth.size() - verdicts.get("VALIDATED");
        Ui.run(() -> {
            CaptureOverview o = pane.overviewData();
            assertEquals(truth.size(), o.connections());
            assertEquals(fatal, o.fatal());
            for (CaptureOverview.Group g : o.verdicts()) {
                assertEquals(verdicts.get(g.key()), g.connections(), g.key());
            }
            for (CaptureOverview.Group g : o.servers()) {
                assertEquals(fatalPerServer.get(g.key()), g.fatal(), g.key());
            }
            String sentence = pane.overview().sentenceText();
            assertTrue(sentence.startsWith(CaptureOverview.number(fatal) + " of " + CaptureOverview.number(truth.size())
                    + " connections fail: "), sentence);
            // fatal verdicts are listed first, each a link that filters the table
            String links = pane.overview().verdictsLink().getText();
            assertTrue(links.indexOf("VALIDATED") > links.indexOf("SERVER_TERMINATED"), links);
            assertTrue(links.contains("<a href=\"verdict:RESPONSE_MISMATCH\">"), links);
            assertEquals(truth.size(), pane.viewer().getTable().getItemCount());
            assertTrue(pane.overview().timesText().startsWith("From 2026-01-01 00:00:"), pane.overview().timesText());
        });
        Ui.run(() -> Screenshots.take(shell, "screenshot-overview-synthetic")); // only with NEGSCOPE_SCREENSHOTS set

        // a group link
        Ui.run(() -> {
            Event e = new Event();
            e.text = "verdict:RESPONSE_MISMATCH";
            pane.overview().verdictsLink().notifyListeners(SWT.Selection, e);
        });
        assertEquals(verdicts.get("RESPONSE_MISMATCH"), rows());
        Ui.run(() -> {
            for (TableItem it : pane.viewer().getTable().getItems()) {
                assertEquals("RESPONSE_MISMATCH", it.getText(3));
            }
            assertEquals("verdict:RESPONSE_MISMATCH", pane.filterBox().getText());
        });
        // the filter box: server, field, port
        // (a SERVER_TERMINATED row's field is what changed beyond the capture point: not in the capture, not a difference)
        long want = truth.stream().filter(t -> t.server().equals("10.0.0.3:445") && t.verdict().endsWith("_MISMATCH")
                && t.field().equals("Guid")).count();
        Ui.run(() -> pane.setFilterText("server:10.0.0.3:445 fatal field:guid"));
        assertTrue(want > 0);
        assertEquals(want, rows());
        long port = truth.stream().filter(t -> t.client().endsWith(":51152")).count();
        Ui.run(() -> pane.setFilterText("port:51152"));
        assertEquals(port, rows());
        // typing: applied once typing pauses
        Ui.run(() -> pane.filterBox().setText("10.1.2."));
        long typed = truth.stream().filter(t -> t.client().contains("10.1.2.")).count();
        Ui.waitUntil("the typed filter", 10, () -> pane.viewer().getTable().getItemCount() == typed);
        // quick filters: fatal only, then one verdict
        Ui.run(() -> {
            pane.setFilterText("");
            pane.fatalOnlyButton().setSelection(true);
            pane.fatalOnlyButton().notifyListeners(SWT.Selection, new Event());
        });
        assertEquals(fatal, rows());
        Ui.run(() -> {
            pane.fatalOnlyButton().setSelection(false);
            pane.verdictChoice().select(pane.verdictChoice().indexOf("SERVER_TERMINATED"));
            pane.verdictChoice().notifyListeners(SWT.Selection, new Event());
        });
        assertEquals(verdicts.get("SERVER_TERMINATED"), rows());
        Ui.run(() -> {
            pane.verdictChoice().select(0);
            pane.verdictChoice().notifyListeners(SWT.Selection, new Event());
            assertEquals(CaptureOverview.number(truth.size()) + " shown", pane.shownText());
        });

        // sorting: client addresses as numbers, both directions; start times; fatal first
        Ui.run(() -> {
            Table t = pane.viewer().getTable();
            pane.sortBy(0);
            assertOrdered(t, 0, true);
            pane.sortBy(0);
            assertOrdered(t, 0, false);
            assertEquals(SWT.DOWN, t.getSortDirection());
            pane.sortBy(CapturePane.START);
            String last = "";
            for (TableItem it : t.getItems()) {
                assertTrue(it.getText(CapturePane.START).compareTo(last) >= 0, it.getText(CapturePane.START) + " after " + last);
                last = it.getText(CapturePane.START);
            }
            pane.sortBy(4);
            assertEquals("yes", t.getItem(0).getText(4));
            assertEquals("yes", t.getItem(fatal - 1).getText(4));
            assertEquals("no", t.getItem(fatal).getText(4));
            pane.sortBy(CapturePane.STREAM);
        });

        // keyboard: F8 / Shift+F8 and Ctrl+. / Ctrl+, go to the next / previous fatal connection
        Ui.run(() -> {
            Table t = pane.viewer().getTable();
            pane.selectRow(0);
            int from = 0;
            for (int k = 0; k < 3; k++) {
                key(t, SWT.F8, 0, '\0');
                int at = t.getSelectionIndex();
                assertTrue(at > from, at + " after " + from);
                assertTrue(pane.selected().fatal());
                for (int i = from + 1; i < at; i++) {
                    assertEquals("no", t.getItem(i).getText(4), "row " + i + " skipped");
                }
                from = at;
            }
            key(t, SWT.F8, SWT.SHIFT, '\0');
            int back = t.getSelectionIndex();
            assertTrue(back < from && pane.selected().fatal());
            key(t, '.', SWT.MOD1, '.');
            assertEquals(from, t.getSelectionIndex());
            key(t, ',', SWT.MOD1, ',');
            assertEquals(back, t.getSelectionIndex());
        });

        // Wireshark: the filter of the selected connection selects its frames in tshark, tcp.stream numbered alike
        ConnectionReport r = Ui.call(pane::selected);
        String filter = Ui.call(pane::wiresharkFilter);
        assertTrue(filter.endsWith(" && tcp.stream eq " + r.details().tcpStream()), filter);
        checkWithTshark(file, r, filter, true);
        List<String> cmd = Ui.call(pane::wiresharkCommand);
        assertEquals(List.of("wireshark", "-r", file.toString(), "-g", Long.toString(r.frames().validateResponse() > 0
                ? r.frames().validateResponse() : r.frames().validateRequest()), "-Y", filter), cmd);

        // CSV of what is shown
        Ui.run(() -> pane.setFilterText("verdict:REQUEST"));
        Path csv = tmp.resolve("shown.csv");
        Ui.run(() -> {
            try {
                pane.exportCsv(csv);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> lines = Files.readAllLines(csv);
        assertEquals(verdicts.get("REQUEST_MISMATCH") + 1, lines.size());
        assertTrue(lines.get(0).startsWith("capture,client,server,dialect,verdict,fatal,summary,differences,"), lines.get(0));
        assertTrue(lines.get(1).contains(",REQUEST_MISMATCH,true,"), lines.get(1));
    }

    /** The committed Samba capture: one connection, LARGE_MTU cleared by the proxy (releng/captures/README.md). */
    @Test
    void committedCaptureSentence() throws Exception {
        Path file = TestData.capture(TestData.STRIP_RESP_CAPS);
        analyze(file);
        int n = Ui.call(() -> pane.result().connections().size());
        Ui.run(() -> assertEquals("1 of " + n + " connection" + (n == 1 ? "" : "s") + " fails"
                + ", RESPONSE_MISMATCH on Capabilities, with LARGE_MTU cleared, to 1 server from 1 client.",
                pane.overview().sentenceText()));
        ConnectionReport r = Ui.call(pane::selected);
        assertTrue(r.fatal());
        checkWithTshark(file, r, Ui.call(pane::wiresharkFilter), true);
    }

    /** The real Windows 10 / Server 2019 pcapng (third-party, read in place): overview and Wireshark filters. */
    @Test
    void windowsCapture() throws Exception {
        Path file = TestData.external("msod-fasod-ex2-win10-ws2019-domain.pcapng");
        analyze(file);
        List<ConnectionReport> all = Ui.call(() -> new ArrayList<>(pane.result().connections()));
        Ui.run(() -> {
            CaptureOverview o = pane.overviewData();
            assertEquals(7, o.connections());
            assertEquals(all.stream().filter(ConnectionReport::fatal).count(), o.fatal());
            assertEquals(all.stream().map(ConnectionReport::server).distinct().count(), o.servers().size());
        });
        Ui.run(() -> Screenshots.take(shell, "screenshot-overview-windows")); // only with NEGSCOPE_SCREENSHOTS set
        for (int i = 0; i < all.size(); i++) {
            int row = i;
            Ui.run(() -> pane.selectRow(row));
            ConnectionReport r = Ui.call(pane::selected);
            checkWithTshark(file, r, Ui.call(pane::wiresharkFilter), true);
        }
    }

    private static void key(Table t, int keyCode, int state, char c) {
        Event e = new Event();
        e.keyCode = keyCode;
        e.stateMask = state;
        e.character = c;
        e.doit = true;
        t.notifyListeners(SWT.KeyDown, e);
    }

    private static void assertOrdered(Table t, int column, boolean up) {
        ConnectionColumns.EndpointKey last = null;
        for (TableItem it : t.getItems()) {
            ConnectionColumns.EndpointKey k = ConnectionColumns.EndpointKey.of(it.getText(column));
            if (last != null) {
                int c = last.compareTo(k);
                assertTrue(up ? c <= 0 : c >= 0, last.text() + " then " + k.text());
            }
            last = k;
        }
    }

    /** tshark -Y FILTER on the file: the connection's first, last and evidence frames; with a stream number, exactly its stream. */
    static void checkWithTshark(Path file, ConnectionReport r, String filter, boolean stream) throws Exception {
        TreeSet<Long> frames = tshark(file, filter);
        assertFalse(frames.isEmpty(), filter);
        assertEquals(r.firstFrame(), frames.first(), filter);
        assertTrue(frames.contains(r.lastFrame()), filter + " lacks the last frame " + r.lastFrame());
        ConnectionReport.Frames f = r.frames();
        for (long x : new long[] {f.negotiateRequest(), f.negotiateResponse(), f.validateRequest(), f.validateResponse(), f.termination()}) {
            assertTrue(x == 0 || frames.contains(x), filter + " lacks frame " + x);
        }
        if (stream) {
            assertEquals(frames, tshark(file, "tcp.stream eq " + r.details().tcpStream()), filter);
        }
    }

    static TreeSet<Long> tshark(Path file, String filter) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("tshark", "-n", "-r", file.toString(), "-Y", filter, "-T", "fields", "-e", "frame.number")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("tshark is needed for this test (Debian package tshark): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "tshark -Y " + filter);
        TreeSet<Long> s = new TreeSet<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank()) {
                s.add(Long.parseLong(l.trim()));
            }
        }
        assertNotNull(s);
        return s;
    }
}
