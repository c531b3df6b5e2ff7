package org.negscope.ui;

import java.nio.file.Path;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;

/** Opening capture files in editors: one place for File > Open, start-up and tests. */
public final class Captures {
    /** File name patterns the editor is registered for (also the Open dialog's filter). */
    public static final String PATTERNS = "*.pcap;*.pcapng;*.cap;*.gz";

    private Captures() {}

    /** Opens (or activates) the editor for {@code file}; a file that cannot be read shows its error in the editor. */
    public static CaptureEditor open(IWorkbenchPage page, Path file) throws PartInitException {
        IEditorPart part = page.openEditor(new CaptureEditorInput(file), CaptureEditor.ID, true);
        return (CaptureEditor) part;
    }
}
