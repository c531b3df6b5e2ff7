package org.negscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.ConnectionReport;

/**
 * NegScope's own workbench (Tycho UI harness running org.negscope.ui.application): open a real capture in
 * the capture editor, wait for the job, select the connection, and read what the views show.
 */
class WorkbenchTest {
    private IWorkbenchPage page;
    @TempDir Path tmp;

    @BeforeEach
    void page() {
        assertTrue(Ui.inWorkbench(), "these tests run inside NegScope's workbench (Tycho UI harness)");
        page = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage());
        assertNotNull(page);
    }

    @AfterEach
    void closeEditors() {
        Ui.run(() -> page.closeAllEditors(false));
    }

    @Test
    void perspectiveShowsBothViews() {
        Ui.run(() -> {
            assertEquals(Perspective.ID, page.getPerspective().getId());
            assertNotNull(page.findView(SideBySideView.ID), "Negotiate | Validate view");
            assertNotNull(page.findView(DiagnosisView.ID), "Diagnosis view");
        });
    }

    @Test
    void menusCarryTheCommandsWithHandlers() {
        Ui.run(() -> {
            ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
            for (String id : new String[] {"org.negscope.ui.open", "org.negscope.ui.exportReport", "org.negscope.ui.about",
                    "org.eclipse.ui.file.exit"}) {
                assertTrue(commands.getCommand(id).isHandled(), id + " has no handler");
            }
            Menu bar = page.getWorkbenchWindow().getShell().getMenuBar();
            assertNotNull(bar, "no menu bar");
            StringBuilder all = new StringBuilder();
            for (MenuItem top : bar.getItems()) {
                all.append(top.getText().replace("&", "")).append(':');
                Menu m = top.getMenu();
                // Contributed menus fill themselves when shown: fire SWT.Show as opening the menu would.
                m.notifyListeners(SWT.Show, new Event());
                for (MenuItem it : m.getItems()) {
                    all.append(it.getText().replace("&", "").replaceAll("\\t.*", "")).append(',');
                }
                m.notifyListeners(SWT.Hide, new Event());
                all.append(';');
            }
            String menus = all.toString();
            assertTrue(menus.contains("File:Open Capture\u2026,Export Report\u2026,"), menus);
            assertTrue(menus.contains("Exit,"), menus);
            assertTrue(menus.contains("Help:About NegScope,"), menus);
        });
    }

    @Test
    void selectedConnectionShowsTheDifferingFieldSideBySide() {
        Path capture = TestData.capture(TestData.STRIP_RESP_CAPS);
        CaptureEditor editor = Ui.call(() -> Captures.open(page, capture));
        Ui.waitUntil("analysis in the editor", 120, () -> editor.pane().isFinished());
        SideBySideView sideBySide = Ui.call(() -> (SideBySideView) page.findView(SideBySideView.ID));
        DiagnosisView diagnosis = Ui.call(() -> (DiagnosisView) page.findView(DiagnosisView.ID));

        ConnectionReport selected = Ui.call(() -> {
            assertEquals("NegScope \u2014 " + TestData.STRIP_RESP_CAPS, page.getWorkbenchWindow().getShell().getText());
            assertEquals(TestData.STRIP_RESP_CAPS, editor.getPartName());
            ConnectionReport row = null;
            for (TableItem it : editor.pane().viewer().getTable().getItems()) {
                if (it.getText(3).equals("RESPONSE_MISMATCH")) {
                    row = (ConnectionReport) it.getData();
                }
            }
            assertNotNull(row, "no RESPONSE_MISMATCH row in the editor");
            // Start from empty views, then select the row as a click would.
            sideBySide.composite().setConnection(null);
            diagnosis.composite().setConnection(null);
            editor.pane().viewer().setSelection(new StructuredSelection(row), true);
            return row;
        });
        Ui.waitUntil("the views to follow the selection", 10,
                () -> sideBySide.composite().connection() == selected && diagnosis.composite().connection() == selected);

        Ui.run(() -> {
            Table resp = sideBySide.composite().responseTable();
            int differing = 0;
            for (TableItem it : resp.getItems()) {
                if (it.getText(0).equals("Capabilities")) {
                    assertEquals("\u2260 differs", it.getText(3));
                    differing++;
                } else {
                    assertEquals("= same", it.getText(3), it.getText(0));
                }
            }
            assertEquals(1, differing);
            assertTrue(resp.getColumn(2).getText().endsWith("(frame " + selected.frames().validateResponse() + ")"));
            for (TableItem it : sideBySide.composite().requestTable().getItems()) {
                assertEquals("= same", it.getText(3), it.getText(0));
            }
            assertEquals("RESPONSE_MISMATCH", diagnosis.composite().verdictText());
            assertEquals(VerdictText.headline(selected.verdict()), diagnosis.composite().headlineText());
            assertEquals(selected.spec(), diagnosis.composite().specText());
            // Closing the last capture clears the views: they must not show a connection of a closed file.
            page.closeAllEditors(false);
            assertEquals(null, sideBySide.composite().connection());
            assertEquals("No connection selected", diagnosis.composite().verdictText());
            assertEquals("NegScope", page.getWorkbenchWindow().getShell().getText());
        });
    }

    @Test
    void unreadableFileShowsItsErrorInTheEditor() throws Exception {
        Path bogus = tmp.resolve("truncated.pcapng");
        Files.write(bogus, new byte[] {0x0a, 0x0d}); // synthetic: two bytes of a pcapng magic, nothing more
        CaptureEditor editor = Ui.call(() -> Captures.open(page, bogus));
        Ui.waitUntil("analysis in the editor", 60, () -> editor.pane().isFinished());
        Ui.run(() -> {
            String error = editor.pane().errorText();
            assertNotNull(error, "no error in the editor");
            assertTrue(error.contains(bogus.toString()), error);
            assertEquals("NegScope \u2014 truncated.pcapng", page.getWorkbenchWindow().getShell().getText());
        });
    }
}
