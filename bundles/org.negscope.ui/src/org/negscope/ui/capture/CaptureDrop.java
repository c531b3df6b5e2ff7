package org.negscope.ui.capture;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.dnd.TransferData;
import org.eclipse.ui.IWorkbenchWindow;

/**
 * Files dropped on the editor area (from Explorer, Finder or a file manager) open as captures. Installed with
 * {@code IWorkbenchWindowConfigurer.configureEditorAreaDropListener}: the compatibility layer puts the
 * DropTarget on the e4 editor area (MArea), so it also catches drops on open editors' tabs and contents.
 */
public final class CaptureDrop extends DropTargetAdapter {
    private final IWorkbenchWindow window;

    public CaptureDrop(IWorkbenchWindow window) {
        this.window = window;
    }

    @Override
    public void dragEnter(DropTargetEvent event) {
        accept(event);
    }

    @Override
    public void dragOperationChanged(DropTargetEvent event) {
        accept(event);
    }

    /** Copy, never move: NegScope only reads the file, and must not make Explorer delete it. */
    private static void accept(DropTargetEvent event) {
        TransferData files = null;
        for (TransferData t : event.dataTypes == null ? new TransferData[0] : event.dataTypes) {
            if (FileTransfer.getInstance().isSupportedType(t)) {
                files = t;
            }
        }
        if (files == null || (event.operations & DND.DROP_COPY) == 0) {
            event.detail = DND.DROP_NONE;
            return;
        }
        event.currentDataType = files;
        event.detail = DND.DROP_COPY;
    }

    @Override
    public void drop(DropTargetEvent event) {
        if (!FileTransfer.getInstance().isSupportedType(event.currentDataType) || !(event.data instanceof String[] names)) {
            event.detail = DND.DROP_NONE;
            return;
        }
        List<Path> files = regularFiles(names);
        if (files.isEmpty() || window.getActivePage() == null) {
            event.detail = DND.DROP_NONE;
            return;
        }
        Captures.openAll(window.getActivePage(), files);
    }

    /** Folders and names that are not files here are left out (a folder is not a capture). */
    static List<Path> regularFiles(String[] names) {
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            if (name == null) {
                continue;
            }
            try {
                Path p = Path.of(name).toAbsolutePath();
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            } catch (InvalidPathException e) {
                // skip
            }
        }
        return files;
    }
}
