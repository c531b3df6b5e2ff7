package org.negscope.ui.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.Verdict;
import org.negscope.ui.Perspective;
import org.negscope.ui.ProbePerspective;
import org.negscope.ui.ShowPerspectiveHandler;
import org.negscope.ui.capture.CaptureEditor;
import org.negscope.ui.packets.PacketDetailView;
import org.negscope.ui.tests.Samba;
import org.negscope.ui.tests.Screenshots;
import org.negscope.ui.tests.TestSecureStorage;
import org.negscope.ui.tests.Ui;

/**
 * The Probe view inside NegScope's workbench against a real Samba smbd: run from the probe perspective, the result's
 * VALIDATE response opened in the packet-detail view, then "Open in NegScope" analyses the exchange as a capture.
 */
class ProbeWorkbenchTest {
    @TempDir static Path tmp;
    static Samba samba;

    @BeforeAll
    static void start() throws Exception {
        TestSecureStorage.install();
        samba = Samba.start(tmp.resolve("smbd"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (samba != null) {
            samba.close();
        }
        Ui.run(() -> {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            try {
                ShowPerspectiveHandler.show(page, Perspective.ID);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            page.closeAllEditors(false);
        });
    }

    @Test
    void probeFromTheWorkbenchAndOpenItsExchangeAsACapture() throws Exception {
        IWorkbenchPage page = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage());
        ProbeView view = Ui.call(() -> {
            ShowPerspectiveHandler.show(page, ProbePerspective.ID);
            ProbeView v = (ProbeView) page.findView(ProbeView.ID);
            v.composite().fill("127.0.0.1", samba.port, Samba.USER, Samba.DOMAIN, Samba.PASSWORD, false, false, "3.0.2", "3.0",
                    "2.1", "2.0.2");
            v.composite().run();
            return v;
        });
        Ui.waitUntil("the probe", 90, () -> !view.composite().isRunning());
        PacketDetailView detail = Ui.call(() -> {
            assertEquals(Verdict.VALIDATED, view.composite().connection().verdict(), view.composite().statusText());
            // Double-click path of the side-by-side: the VALIDATE response's Capabilities in the packet detail.
            assertTrue(view.composite().sideBySide().open(false, 0, 2));
            return (PacketDetailView) page.findView(PacketDetailView.ID);
        });
        assertNotNull(detail);
        Ui.waitUntil("the probe's messages", 30, () -> !detail.composite().isLoading());
        Ui.run(() -> {
            assertTrue(detail.composite().currentEntry().sameAs(view.composite().connection().validateResponse()));
            assertEquals("Capabilities", detail.composite().selectedFields().get(0).name());
            Screenshots.take(page.getWorkbenchWindow().getShell(), "screenshot-probe");
            view.composite().openAsCapture();
            assertEquals(Perspective.ID, page.getPerspective().getId(), "capture editors live in the capture perspective");
        });
        CaptureEditor editor = Ui.call(() -> (CaptureEditor) page.getActiveEditor());
        assertNotNull(editor);
        Ui.waitUntil("the probe's capture analysed", 60, () -> editor.pane().isFinished());
        Ui.run(() -> assertEquals(Verdict.VALIDATED, editor.pane().result().connections().get(0).verdict()));
    }
}
