package org.negscope.ui.diagnosis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.TabItem;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.Verdicts;
import org.negscope.analysis.ConnectionReport;
import org.negscope.remedy.Recommendation;
import org.negscope.remedy.Remedy;
import org.negscope.remedy.Script;
import org.negscope.remedy.WindowsVersion;
import org.negscope.ui.tests.Reports;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.Ui;

/** The Diagnosis and Fix tabs in a bare shell, fed the real analysis of the strip-resp-caps capture. */
class FixAndDiagnosisTest {
    private Shell shell;
    private DiagnosisComposite diagnosis;
    private FixComposite fix;
    @TempDir Path tmp;

    @BeforeEach
    void open() {
        Ui.run(() -> {
            shell = new Shell(Ui.display());
            shell.setLayout(new FillLayout());
            TabFolder tabs = new TabFolder(shell, 0);
            diagnosis = new DiagnosisComposite(tabs);
            new TabItem(tabs, 0).setControl(diagnosis);
            fix = new FixComposite(tabs);
            new TabItem(tabs, 0).setControl(fix);
            shell.setSize(600, 800);
            shell.open();
        });
    }

    @AfterEach
    void close() {
        Ui.run(() -> shell.dispose());
    }

    private static ConnectionReport mismatch() {
        return Reports.withValidate(Reports.analyze(TestData.capture(TestData.STRIP_RESP_CAPS)));
    }

    @Test
    void diagnosisNamesVerdictEvidenceSpecAndWhoEnded() {
        ConnectionReport r = mismatch();
        Ui.run(() -> {
            diagnosis.setConnection(r);
            assertEquals("RESPONSE_MISMATCH", diagnosis.verdictText());
            assertEquals(Verdicts.headline(r.verdict()), diagnosis.headlineText());
            assertEquals("MS-SMB2 3.2.5.14.12", diagnosis.specText());
            assertEquals("the client, frame " + r.frames().termination(), diagnosis.endedText());
            TableItem[] ev = diagnosis.evidenceTable().getItems();
            assertEquals(5, ev.length, "NEGOTIATE and VALIDATE request/response and the connection's end");
            assertEquals(Long.toString(r.frames().negotiateRequest()), ev[0].getText(0));
            assertEquals(Long.toString(r.frames().validateResponse()), ev[3].getText(0));
            assertEquals("VALIDATE response", ev[3].getText(1));
            assertEquals("Connection ended (client)", ev[4].getText(1));
            diagnosis.setConnection(null);
            assertEquals(0, diagnosis.evidenceTable().getItemCount());
            assertEquals("No connection selected", diagnosis.verdictText());
        });
    }

    @Test
    void fixShowsTheRemedyForTheChosenOsWithItsScripts() throws Exception {
        ConnectionReport r = mismatch();
        Path saved = tmp.resolve("saved");
        Ui.run(() -> {
            fix.setConnection(r);
            Remedy unknown = fix.remedy();
            List<String> texts = fix.adviceTexts();
            assertEquals(unknown.headline(), texts.get(0));
            int at = 1;
            for (Recommendation rec : unknown.recommendations()) {
                int i = texts.indexOf((at++) + ". " + rec.title());
                assertTrue(i > 0, "recommendation " + rec.title() + " not shown in " + texts);
            }

            // Windows 8.1 still honours RequireSecureNegotiate (docs/protocol.md, "The fix"): the advice comes with apply/revert scripts.
            fix.chooseOs(WindowsVersion.WINDOWS_81_2012R2);
            Remedy win81 = fix.remedy();
            assertEquals(WindowsVersion.WINDOWS_81_2012R2, win81.client().version());
            assertFalse(win81.scripts().isEmpty(), "no scripts for Windows 8.1");
            TableItem[] rows = fix.scriptsTable().getItems();
            assertEquals(win81.scripts().size(), rows.length);
            for (int i = 0; i < rows.length; i++) {
                assertEquals(win81.scripts().get(i).fileName(), rows[i].getText(0));
            }
            Script first = win81.scripts().get(0);
            assertEquals(first.content().replace("\r\n", "\n"), fix.scriptText().replace("\r\n", "\n"));
            try {
                FixComposite.save(first, saved);
                assertArrayEquals(first.encoded(), Files.readAllBytes(saved));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }

            fix.setConnection(null);
            assertNull(fix.remedy());
            assertEquals(0, fix.scriptsTable().getItemCount());
        });
    }
}
