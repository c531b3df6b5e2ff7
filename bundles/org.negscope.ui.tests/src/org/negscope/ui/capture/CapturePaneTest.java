package org.negscope.ui.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.ConnectionReport;
import org.negscope.ui.tests.Reports;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.Ui;

/** The capture editor's content in a bare shell: a real capture analysed by the real job. */
class CapturePaneTest {
    private Shell shell;
    private CapturePane pane;
    @TempDir Path tmp;

    @BeforeEach
    void open() {
        Ui.run(() -> {
            shell = new Shell(Ui.display());
            shell.setLayout(new FillLayout());
            pane = new CapturePane(shell);
            shell.setSize(1200, 500);
            shell.open();
        });
    }

    @AfterEach
    void close() {
        Ui.run(() -> shell.dispose());
    }

    private void analyze(Path file) {
        Ui.run(() -> pane.analyze(file));
        Ui.waitUntil("analysis of " + file, 120, pane::isFinished);
    }

    /**
     * Performance: the workbench says when an analysis first showed verdicts (the log line releng/bench/workbench-bench.sh
     * times a 1 GB capture with). Real Windows 10 / Server 2019 capture with seven connections.
     */
    @Test
    void firstVerdictsAreTimedOncePerAnalysis() {
        int[] calls = {0};
        int[] rowsThen = {0};
        Ui.run(() -> pane.addFirstRowsListener(() -> {
            calls[0]++;
            rowsThen[0] = pane.viewer().getTable().getItemCount();
        }));
        Ui.run(() -> assertEquals(-1, pane.firstVerdictsMillis(), "nothing analysed yet"));
        analyze(TestData.external("msod-fasod-ex2-win10-ws2019-domain.pcapng"));
        Ui.run(() -> {
            assertEquals(1, calls[0], "told once");
            assertTrue(rowsThen[0] >= 1, "rows shown when told: " + rowsThen[0]);
            long first = pane.firstVerdictsMillis();
            assertTrue(first >= 0 && first <= pane.analysisMillis(), first + " ms of " + pane.analysisMillis());
            assertEquals(7, pane.viewer().getTable().getItemCount());
        });
    }

    @Test
    void connectionRowShowsTheVerdictAndIsSelected() {
        Path capture = TestData.capture(TestData.STRIP_RESP_CAPS);
        analyze(capture);
        Ui.run(() -> {
            assertNull(pane.errorText());
            TableItem[] rows = pane.viewer().getTable().getItems();
            assertTrue(rows.length >= 1, "no connection rows");
            TableItem mismatch = null;
            for (TableItem it : rows) {
                if (it.getText(3).equals("RESPONSE_MISMATCH")) {
                    mismatch = it;
                }
            }
            assertNotNull(mismatch, "no RESPONSE_MISMATCH row");
            assertEquals("yes", mismatch.getText(4));
            assertEquals("3.0.2", mismatch.getText(2));
            ConnectionReport r = (ConnectionReport) mismatch.getData();
            assertEquals(r.summary(), mismatch.getText(6));
            assertTrue(mismatch.getText(1).endsWith(":" + r.server().substring(r.server().lastIndexOf(':') + 1)));
            // The first fatal connection is selected once the analysis ends, so the views have something to show.
            assertEquals(r, pane.viewer().getStructuredSelection().getFirstElement());
            assertTrue(pane.statusText().contains(pane.result().connections().size() + " SMB2 connection(s), 1 fatal"),
                    pane.statusText());
        });
    }

    /**
     * Without a fatal connection the pane selects the first one where Validate Negotiate applies, not a 3.1.1 row that
     * says nothing about it: in Microsoft's MS-AZOD example 3 (a Message Analyzer trace) the first row is SMB 3.1.1,
     * the second a 3.0 connection of the other client (NTLMSSP version 6.2) whose signed VALIDATE exchange was captured.
     */
    @Test
    void withoutFatalTheFirstConnectionWhereValidateAppliesIsSelected() {
        Path matp = TestData.repoRoot().resolveSibling("shared").resolve("external-captures-3").resolve("matp")
                .resolve("MS-AZOD_Example3_Win2016_X64_Win10_X64_Domain.matp");
        assertTrue(Files.isRegularFile(matp), "missing third-party capture " + matp);
        analyze(matp);
        Ui.run(() -> {
            assertEquals(0, pane.result().connections().stream().filter(ConnectionReport::fatal).count());
            TableItem first = pane.viewer().getTable().getItem(0);
            assertEquals("NOT_APPLICABLE", first.getText(3), "the capture's first row is a 3.1.1 connection");
            ConnectionReport chosen = (ConnectionReport) pane.viewer().getStructuredSelection().getFirstElement();
            assertNotNull(chosen, "nothing selected");
            assertEquals("INCOMPLETE", chosen.verdict().name());
            assertEquals("192.168.0.12:50447", chosen.client());
            assertTrue(pane.statusText().startsWith("7 SMB2 connection(s), 0 fatal"), pane.statusText());
        });
    }

    @Test
    void unreadableFileShowsErrorNamingTheFile() throws Exception {
        // Synthetic: a text file named like a capture.
        Path bogus = tmp.resolve("not-a-capture.pcap");
        Files.writeString(bogus, "this is not a packet capture\n", StandardCharsets.US_ASCII);
        analyze(bogus);
        Ui.run(() -> {
            String error = pane.errorText();
            assertNotNull(error, "no error shown");
            assertTrue(error.startsWith("Cannot analyse " + bogus), error);
            assertFalse(error.contains("Exception"), "no stack trace or exception class names: " + error);
            assertFalse(error.contains("\tat "), error);
            assertEquals(0, pane.viewer().getTable().getItemCount());
            assertFalse(pane.viewer().getTable().isVisible(), "table hidden behind the error");
        });
    }

    @Test
    void missingFileShowsErrorNamingTheFile() {
        Path missing = tmp.resolve("gone.pcapng");
        analyze(missing);
        Ui.run(() -> {
            String error = pane.errorText();
            assertNotNull(error, "no error shown");
            assertTrue(error.contains(missing.toString()), error);
        });
    }

    /** Without credentials the Signatures column says what is known of the VALIDATE response's signature. */
    @Test
    void signaturesColumnWithoutCredentialsSaysWhatIsKnown() {
        ConnectionReport signed = Reports.withValidate(Reports.analyze(TestData.capture(TestData.STRIP_RESP_CAPS)));
        assertEquals("not checked (Credentials\u2026)", ConnectionColumns.text(signed, CapturePane.SIGNATURES));
        ConnectionReport unsigned = Reports.withValidate(Reports.analyze(TestData.capture("samba-3.0.2-unsign-validate-resp.pcap")));
        assertEquals("VALIDATE response unsigned", ConnectionColumns.text(unsigned, CapturePane.SIGNATURES));
        analyze(TestData.capture(TestData.STRIP_RESP_CAPS));
        Ui.run(() -> {
            boolean shown = false;
            for (TableItem it : pane.viewer().getTable().getItems()) {
                shown |= it.getText(CapturePane.SIGNATURES).equals("not checked (Credentials\u2026)");
            }
            assertTrue(shown, "the editor's row shows it");
        });
    }
}
