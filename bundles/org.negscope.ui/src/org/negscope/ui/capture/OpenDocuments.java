package org.negscope.ui.capture;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

/**
 * macOS hands a double-clicked (or dock-dropped) document to the running application as an
 * {@link SWT#OpenDocument} event on the Display, not as a program argument. The first such event arrives while
 * the workbench is still starting, before there is a window to open an editor in: paths are kept until
 * {@link #windowOpened} and opened then; later ones open at once.
 */
public final class OpenDocuments implements Listener {
    private final List<Path> pending = new ArrayList<>();
    private boolean ready;

    /** Registers on {@code display}; call right after the display exists, before the workbench runs. */
    public static OpenDocuments install(Display display) {
        OpenDocuments o = new OpenDocuments();
        display.addListener(SWT.OpenDocument, o);
        return o;
    }

    @Override
    public void handleEvent(Event event) {
        if (event.text == null || event.text.isBlank()) {
            return;
        }
        Path file;
        try {
            file = Path.of(event.text).toAbsolutePath();
        } catch (InvalidPathException e) {
            return; // not a file of this system: nothing to open
        }
        pending.add(file);
        if (ready) {
            openPending();
        }
    }

    /** The first workbench window is open: from now on documents open as they come. */
    public void windowOpened() {
        ready = true;
        openPending();
    }

    private void openPending() {
        if (pending.isEmpty() || !PlatformUI.isWorkbenchRunning()) {
            return;
        }
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window == null && PlatformUI.getWorkbench().getWorkbenchWindowCount() > 0) {
            window = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
        }
        if (window == null || window.getActivePage() == null) {
            return; // kept for the next event or window
        }
        List<Path> files = List.copyOf(pending);
        pending.clear();
        Captures.openAll(window.getActivePage(), files);
        window.getShell().forceActive(); // the user asked for this file: bring NegScope to the front
    }
}
