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
import org.negscope.analysis.Verdicts;
import org.negscope.analysis.ConnectionReport;
import org.negscope.ui.capture.CaptureEditor;
import org.negscope.ui.capture.Captures;
import org.negscope.ui.diagnosis.DiagnosisView;
import org.negscope.ui.diagnosis.FixComposite;
import org.negscope.ui.diagnosis.TimelineView;
import org.negscope.ui.packets.PacketDetailView;
import org.negscope.ui.probe.ProbeView;
import org.negscope.ui.sidebyside.SideBySideView;
import org.negscope.ui.tests.Reports;
import org.negscope.ui.tests.Screenshots;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.TestSecureStorage;
import org.negscope.ui.tests.Ui;
import org.negscope.ui.twopoint.TwoPointEditor;

/**
 * NegScope's own workbench (Tycho UI harness running org.negscope.ui.application): open a real capture in
 * the capture editor, wait for the job, select the connection, and read what the views show.
 */
class WorkbenchTest {
    private IWorkbenchPage page;
    @TempDir Path tmp;

    @BeforeEach
    void page() {
        TestSecureStorage.install(); // never the user's real secure storage
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
            assertNotNull(page.findViewReference(PacketDetailView.ID), "Packet Detail view (in the side-by-side's folder)");
            assertNotNull(page.findView(TimelineView.ID), "Timeline view next to the side-by-side");
            // Both views of the bottom folder are tabs the user can click (a non-restorable view that is not on top
            // would be dropped at start-up).
            java.util.List<String> tabs = new java.util.ArrayList<>();
            java.util.ArrayDeque<org.eclipse.swt.widgets.Control> q = new java.util.ArrayDeque<>(java.util.List.of(page.getWorkbenchWindow().getShell()));
            while (!q.isEmpty()) {
                org.eclipse.swt.widgets.Control c = q.poll();
                if (c instanceof org.eclipse.swt.custom.CTabFolder f) {
                    for (org.eclipse.swt.custom.CTabItem it : f.getItems()) {
                        tabs.add(it.getText());
                    }
                }
                if (c instanceof org.eclipse.swt.widgets.Composite comp) {
                    q.addAll(java.util.List.of(comp.getChildren()));
                }
            }
            assertTrue(tabs.containsAll(java.util.List.of("Negotiate | Validate", "Packet Detail", "Timeline", "Diagnosis")), tabs.toString());
        });
    }

    @Test
    void doubleClickInTheSideBySideViewOpensThePacketDetailWithTheField() {
        Path capture = TestData.capture(TestData.STRIP_RESP_CAPS);
        CaptureEditor editor = Ui.call(() -> Captures.open(page, capture));
        Ui.waitUntil("analysis in the editor", 120, () -> editor.pane().isFinished());
        SideBySideView sideBySide = Ui.call(() -> (SideBySideView) page.showView(SideBySideView.ID));
        ConnectionReport r = Ui.call(() -> Reports.withValidate(editor.pane().result()));
        Ui.run(() -> editor.pane().viewer().setSelection(new StructuredSelection(r), true));
        Ui.waitUntil("the side-by-side view to follow", 10, () -> sideBySide.composite().connection() == r);
        Ui.run(() -> {
            Table resp = sideBySide.composite().responseTable();
            TableItem caps = null;
            for (TableItem it : resp.getItems()) {
                if (it.getText(0).equals("Capabilities")) {
                    caps = it;
                }
            }
            org.eclipse.swt.graphics.Rectangle cell = caps.getBounds(2);
            Event e = new Event();
            e.x = cell.x + 3;
            e.y = cell.y + cell.height / 2;
            e.button = 1;
            resp.notifyListeners(SWT.MouseDoubleClick, e);
        });
        PacketDetailView detail = Ui.call(() -> (PacketDetailView) page.findView(PacketDetailView.ID));
        assertNotNull(detail, "the double-click opened the Packet Detail view");
        Ui.waitUntil("all messages of the connection", 60, () -> !detail.composite().isLoading());
        Ui.run(() -> {
            assertTrue(page.isPartVisible(detail), "brought to the front");
            assertEquals(r, detail.composite().connection());
            assertTrue(detail.composite().currentEntry().sameAs(r.validateResponse()));
            assertEquals("Capabilities", detail.composite().selectedFields().get(0).name());
            assertTrue(detail.composite().entries().size() > 10, "every message of the connection: "
                    + detail.composite().entries().size());
            page.activate(sideBySide);
        });
    }

    @Test
    void twoPointEditorShowsWhatTheMiddleboxChanged() {
        Path client = TestData.capture("samba-3.0.2-strip-resp-caps.client-side.pcap");
        Path server = TestData.capture("samba-3.0.2-strip-resp-caps.server-side.pcap");
        CaptureEditor editor = Ui.call(() -> Captures.open(page, client));
        Ui.waitUntil("analysis in the editor", 120, () -> editor.pane().isFinished());
        Ui.run(() -> assertTrue(editor.pane().signaturesText().contains("Compare with server-side capture"),
                "the capture editor points at the two-point comparison: " + editor.pane().signaturesText()));
        // What the editor's "Compare with server-side capture…" does once the user has picked the file.
        TwoPointEditor two = Ui.call(() -> TwoPointEditor.open(page, client, server));
        Ui.waitUntil("the two-point comparison", 120, two::isFinished);
        Ui.run(() -> {
            assertEquals(null, two.error());
            assertEquals(1, two.composite().result().pairs().size());
            assertTrue(two.composite().bannerText().contains("Capabilities 0x0000004f \u2192 0x0000004b"),
                    two.composite().bannerText());
            assertEquals("NegScope \u2014 " + client.getFileName() + " \u2194 " + server.getFileName(),
                    page.getWorkbenchWindow().getShell().getText());
            assertEquals(org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED, page.getPartState(page.getReference(two)),
                    "the comparison gets the whole window");
            Screenshots.take(page.getWorkbenchWindow().getShell(), "screenshot-twopoint");
            page.closeEditor(two, false);
            assertTrue(page.isPartVisible(page.findView(TimelineView.ID)), "closing it gives the views their room back");
        });
    }

    @Test
    void viewMenuSwitchesToTheProbePerspectiveAndBack() throws Exception {
        ICommandService commands = Ui.call(() -> PlatformUI.getWorkbench().getService(ICommandService.class));
        org.eclipse.ui.handlers.IHandlerService handlers = Ui.call(() -> PlatformUI.getWorkbench().getService(
                org.eclipse.ui.handlers.IHandlerService.class));
        Ui.run(() -> {
            try {
                org.eclipse.core.commands.ParameterizedCommand probe = org.eclipse.core.commands.ParameterizedCommand.generateCommand(
                        commands.getCommand("org.negscope.ui.showPerspective"),
                        java.util.Map.of(ShowPerspectiveHandler.PARAMETER, ProbePerspective.ID));
                handlers.executeCommand(probe, null);
                assertEquals(ProbePerspective.ID, page.getPerspective().getId());
                ProbeView v = (ProbeView) page.findView(ProbeView.ID);
                assertNotNull(v, "the Probe view");
                assertTrue(page.isPartVisible(v));
                handlers.executeCommand(org.eclipse.core.commands.ParameterizedCommand.generateCommand(
                        commands.getCommand("org.negscope.ui.showPerspective"),
                        java.util.Map.of(ShowPerspectiveHandler.PARAMETER, Perspective.ID)), null);
                assertEquals(Perspective.ID, page.getPerspective().getId());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void menusCarryTheCommandsWithHandlers() {
        Ui.run(() -> {
            ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
            for (String id : new String[] {"org.negscope.ui.open", "org.negscope.ui.exportReport", "org.negscope.ui.about",
                    "org.negscope.ui.credentials", "org.negscope.ui.showPerspective", "org.eclipse.ui.file.exit"}) {
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
                    // "&&" shows a literal ampersand: a label with both "&amp;" and mnemonic="" in plugin.xml.
                    assertTrue(!it.getText().contains("&&"), "menu label shows its '&': " + it.getText());
                    all.append(it.getText().replace("&", "").replaceAll("\\t.*", "")).append(',');
                }
                m.notifyListeners(SWT.Hide, new Event());
                all.append(';');
            }
            String menus = all.toString();
            assertTrue(menus.contains("File:Open Capture\u2026,Open Capture Set\u2026,Compare with Server-Side Capture\u2026,Export Report\u2026,Credentials\u2026,"), menus);
            assertTrue(menus.contains("View:Captures,Probe a Server,"), menus);
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
                    assertEquals("\u2260 LARGE_MTU cleared", it.getText(3)); // 0x4f -> 0x4b, releng/captures/README.md
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
            assertEquals(Verdicts.headline(selected.verdict()), diagnosis.composite().headlineText());
            assertEquals(selected.spec(), diagnosis.composite().specText());
            Screenshots.take(page.getWorkbenchWindow().getShell(), "screenshot-main");
            diagnosis.tabs().setSelection(1);
            assertTrue(diagnosis.fix().osText().startsWith(FixComposite.FROM_CAPTURE), diagnosis.fix().osText());
            // The picture shows the registry fix: a Windows 8.1 client, where RequireSecureNegotiate still exists.
            diagnosis.fix().chooseOs(org.negscope.remedy.WindowsVersion.WINDOWS_81_2012R2);
            if (System.getenv("NEGSCOPE_SCREENSHOTS") != null) {
                // As a user reads the fix: the view maximized (double-click on its tab).
                page.setPartState(page.getReference(diagnosis), IWorkbenchPage.STATE_MAXIMIZED);
                Screenshots.take(page.getWorkbenchWindow().getShell(), "screenshot-fix");
                page.setPartState(page.getReference(diagnosis), IWorkbenchPage.STATE_RESTORED);
            }
            diagnosis.tabs().setSelection(0);
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
