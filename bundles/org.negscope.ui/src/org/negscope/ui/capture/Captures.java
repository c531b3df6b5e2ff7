package org.negscope.ui.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.runtime.ILog;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;

/**
 * Opening capture files in editors: one place for File > Open, the command line, the OS's open-document
 * event, drag-and-drop, the recent-files list, the probe and tests. Every file that exists is remembered in
 * {@link RecentFiles}.
 */
public final class Captures {
    /** File name patterns the editor is registered for (also the Open dialog's filter). */
    public static final String PATTERNS = "*.pcap;*.pcapng;*.cap;*.etl;*.matp;*.gz";
    /** The Open dialogs' name for {@link #PATTERNS} (the format is recognised by content: "All files" opens anything). */
    public static final String PATTERNS_NAME = "Captures (pcap, pcapng, NetMon .cap, ETL, Message Analyzer .matp, gzip)";

    private Captures() {}

    /** Opens (or activates) the editor for {@code file}; a file that cannot be read shows its error in the editor. */
    public static CaptureEditor open(IWorkbenchPage page, Path file) throws PartInitException {
        IEditorPart part = page.openEditor(new CaptureEditorInput(file), CaptureEditor.ID, true);
        if (Files.isRegularFile(file)) {
            RecentFiles.instance().add(file);
        }
        return (CaptureEditor) part;
    }

    /**
     * Opens the files (or the files of directories) of one capture set in one editor: read as one capture in time
     * order, frames numbered across the files. Activates the editor if the same set is open already.
     */
    public static CaptureEditor openSet(IWorkbenchPage page, List<Path> members) throws PartInitException {
        return (CaptureEditor) page.openEditor(new CaptureEditorInput(members), CaptureEditor.ID, true);
    }

    /**
     * Opens each file in turn, the last one active. A file the workbench cannot open is logged and skipped:
     * one bad path among several dropped or named ones must not stop the others.
     */
    public static List<CaptureEditor> openAll(IWorkbenchPage page, List<Path> files) {
        List<CaptureEditor> editors = new ArrayList<>();
        for (Path file : files) {
            try {
                editors.add(open(page, file));
            } catch (PartInitException | RuntimeException e) {
                ILog.of(Captures.class).error("Cannot open " + file, e);
            }
        }
        return editors;
    }
}
