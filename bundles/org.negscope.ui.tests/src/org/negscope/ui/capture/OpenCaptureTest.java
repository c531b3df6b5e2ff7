package org.negscope.ui.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.negscope.ui.StartupFile;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.TestSecureStorage;
import org.negscope.ui.tests.Ui;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.dnd.TransferData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways a capture reaches the workbench besides File > Open: named on the command line (what a double-click
 * in Explorer or a file manager does through the launcher), the OS's open-document event (macOS Finder), and a
 * drop on the editor area. Real captures from releng/captures, real SWT events on the real window.
 */
class OpenCaptureTest {
    private static final String MISMATCH = TestData.STRIP_RESP_CAPS;              // RESPONSE_MISMATCH
    private static final String SERVER_DROPPED = "samba-3.0.2-strip-req-caps.pcap"; // SERVER_TERMINATED
    private IWorkbenchPage page;
    @TempDir Path tmp;

    @BeforeEach
    void page() {
        TestSecureStorage.install();
        assertTrue(Ui.inWorkbench(), "these tests run inside NegScope's workbench (Tycho UI harness)");
        page = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage());
        Ui.run(() -> page.closeAllEditors(false));
    }

    @AfterEach
    void closeEditors() {
        Ui.run(() -> page.closeAllEditors(false));
    }

    @Test
    void everyCaptureNamedOnTheCommandLineOpensWithItsVerdict() {
        Path a = TestData.capture(MISMATCH);
        Path b = TestData.capture(SERVER_DROPPED);
        // As the launcher passes them after its own options; "-name NegScope" is an option with its value.
        List<Path> files = StartupFile.choose(new String[] {"-name", "NegScope", a.toString(), b.toString()}, null);
        assertEquals(List.of(a, b), files);
        List<CaptureEditor> editors = Ui.call(() -> Captures.openAll(page, files));
        assertEquals(2, editors.size());
        for (CaptureEditor e : editors) {
            Ui.waitUntil("analysis of " + e.getPartName(), 120, () -> e.pane().isFinished());
        }
        Ui.run(() -> {
            assertEquals(List.of("RESPONSE_MISMATCH"), verdicts(editors.get(0)));
            assertEquals(List.of("SERVER_TERMINATED"), verdicts(editors.get(1)));
            assertEquals(editors.get(1), page.getActiveEditor(), "the last named file is in front");
            assertEquals("NegScope \u2014 " + SERVER_DROPPED, page.getWorkbenchWindow().getShell().getText());
        });
    }

    @Test
    void openDocumentEventOpensTheCapture() {
        Path a = TestData.capture(MISMATCH);
        Ui.run(() -> {
            // What macOS sends for an empty or odd request: nothing opens, nothing breaks.
            for (String text : new String[] {null, "", "bad\0name"}) {
                Event e = new Event();
                e.text = text;
                sendOpenDocument(e);
            }
            assertEquals(0, page.getEditorReferences().length);
            Event e = new Event();
            e.text = a.toString();
            sendOpenDocument(e);
        });
        Ui.waitUntil("an editor on " + a, 30, () -> editorOn(a) != null);
        CaptureEditor editor = Ui.call(() -> editorOn(a));
        Ui.waitUntil("analysis in the editor", 120, () -> editor.pane().isFinished());
        Ui.run(() -> {
            assertEquals(List.of("RESPONSE_MISMATCH"), verdicts(editor));
            assertEquals("NegScope \u2014 " + MISMATCH, page.getWorkbenchWindow().getShell().getText());
        });
    }

    @Test
    void capturesDroppedOnTheEditorAreaOpenFoldersAndMissingFilesDoNot() throws Exception {
        Path a = TestData.capture(MISMATCH);
        Ui.run(() -> {
            DropTarget target = editorAreaDropTarget();
            assertNotNull(target, "no DropTarget taking files in the workbench window");
            TransferData files = FileTransfer.getInstance().getSupportedTypes()[0];

            // A file dragged over the window: accepted as a copy even though the source (Explorer) would move it.
            Event enter = dndEvent(DND.DragEnter, files, FileTransfer.getInstance().getSupportedTypes());
            enter.detail = DND.DROP_MOVE;
            target.notifyListeners(DND.DragEnter, enter);
            assertEquals(DND.DROP_COPY, enter.detail, "a file drag is accepted as a copy");

            // Text dragged from a browser: refused.
            TransferData text = TextTransfer.getInstance().getSupportedTypes()[0];
            Event textEnter = dndEvent(DND.DragEnter, text, TextTransfer.getInstance().getSupportedTypes());
            textEnter.detail = DND.DROP_COPY;
            target.notifyListeners(DND.DragEnter, textEnter);
            assertEquals(DND.DROP_NONE, textEnter.detail, "text is not a capture");

            Event drop = dndEvent(DND.Drop, files, FileTransfer.getInstance().getSupportedTypes());
            drop.detail = DND.DROP_COPY;
            drop.data = new String[] {tmp.toString(), a.toString(), tmp.resolve("gone.pcap").toString()};
            target.notifyListeners(DND.Drop, drop);
            assertEquals(1, page.getEditorReferences().length, "only the capture opened, not the folder or the missing file");
        });
        CaptureEditor editor = Ui.call(() -> editorOn(a));
        assertNotNull(editor, "the dropped capture's editor");
        Ui.waitUntil("analysis in the editor", 120, () -> editor.pane().isFinished());
        Ui.run(() -> assertEquals(List.of("RESPONSE_MISMATCH"), verdicts(editor)));
    }

    /**
     * What SWT's Cocoa code does when Finder opens a document: Display.sendEvent(SWT.OpenDocument, event), which
     * runs the display's filters and listeners. It is package-private (Display has no public notifyListeners), so
     * reflection; the listener reached is the one NegScope's Application installed.
     */
    private static void sendOpenDocument(Event e) {
        Display display = Display.getCurrent();
        try {
            Method send = Display.class.getDeclaredMethod("sendEvent", int.class, Event.class);
            send.setAccessible(true);
            send.invoke(display, SWT.OpenDocument, e);
        } catch (InvocationTargetException x) {
            throw new AssertionError("the OpenDocument listener failed", x.getCause());
        } catch (ReflectiveOperationException x) {
            throw new AssertionError("cannot send SWT.OpenDocument: " + x, x);
        }
    }

    /** The editor-area drop target the workbench installed from NegScopeWindowAdvisor's configuration. */
    private DropTarget editorAreaDropTarget() {
        ArrayDeque<Control> q = new ArrayDeque<>(List.of(page.getWorkbenchWindow().getShell()));
        while (!q.isEmpty()) {
            Control c = q.poll();
            if (c.getData(DND.DROP_TARGET_KEY) instanceof DropTarget t) {
                for (Transfer tr : t.getTransfer()) {
                    if (tr == FileTransfer.getInstance()) {
                        return t;
                    }
                }
            }
            if (c instanceof Composite comp) {
                q.addAll(List.of(comp.getChildren()));
            }
        }
        return null;
    }

    /**
     * The event SWT's native drag-and-drop code posts to a DropTarget. Its class (DNDEvent) is package-private,
     * so it is made by reflection; the DropTarget then runs the real listener chain.
     */
    private static Event dndEvent(int type, TransferData dataType, TransferData[] dataTypes) {
        try {
            Class<?> c = Class.forName("org.eclipse.swt.dnd.DNDEvent", true, DropTarget.class.getClassLoader());
            Constructor<?> ctor = c.getDeclaredConstructor();
            ctor.setAccessible(true);
            Event e = (Event) ctor.newInstance();
            set(c, e, "dataType", dataType);
            set(c, e, "dataTypes", dataTypes);
            set(c, e, "operations", DND.DROP_COPY | DND.DROP_MOVE | DND.DROP_LINK);
            e.type = type;
            e.time = (int) System.currentTimeMillis();
            return e;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot make SWT's DNDEvent: " + e, e);
        }
    }

    private static void set(Class<?> c, Object target, String field, Object value) throws ReflectiveOperationException {
        var f = c.getField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    private CaptureEditor editorOn(Path file) {
        for (IEditorReference ref : page.getEditorReferences()) {
            try {
                if (ref.getEditorInput() instanceof CaptureEditorInput in && in.file().equals(file.toAbsolutePath().normalize())) {
                    return (CaptureEditor) ref.getEditor(true);
                }
            } catch (PartInitException e) {
                throw new AssertionError(e);
            }
        }
        return null;
    }

    /** The verdict column of the editor's connection table, as the user reads it. */
    static List<String> verdicts(CaptureEditor editor) {
        List<String> v = new ArrayList<>();
        for (TableItem it : editor.pane().viewer().getTable().getItems()) {
            v.add(it.getText(3));
        }
        return v;
    }
}
