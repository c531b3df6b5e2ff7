package org.negscope.ui.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * File > Open Capture Set…: several files of one capture (a tcpdump ring, a netsh/pktmon multi-file trace, an editcap
 * split, mixed formats), or a directory holding them, opened in one editor and read as one capture in time order.
 */
public class OpenCaptureSetHandler extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        int choice = new MessageDialog(window.getShell(), "Open Capture Set", null,
                "A capture set is several files of one capture (a ring, a split capture, a multi-file trace), read as one"
                        + " capture in time order with frames numbered across the files. Choose its files, or the directory"
                        + " holding them (every file in it; files that hold no packets are reported, not read).",
                MessageDialog.QUESTION, 0, "Choose Files\u2026", "Choose a Directory\u2026", "Cancel").open();
        List<Path> members = new ArrayList<>();
        if (choice == 0) {
            FileDialog dialog = new FileDialog(window.getShell(), SWT.OPEN | SWT.MULTI);
            dialog.setText("Open Capture Set: the files");
            dialog.setFilterExtensions(new String[] {Captures.PATTERNS, "*"});
            dialog.setFilterNames(new String[] {Captures.PATTERNS_NAME, "All files"});
            if (dialog.open() != null) {
                for (String name : dialog.getFileNames()) {
                    members.add(Path.of(dialog.getFilterPath(), name));
                }
            }
        } else if (choice == 1) {
            DirectoryDialog dialog = new DirectoryDialog(window.getShell(), SWT.OPEN);
            dialog.setText("Open Capture Set: the directory");
            String dir = dialog.open();
            if (dir != null) {
                members.add(Path.of(dir));
            }
        }
        if (members.isEmpty()) {
            return null;
        }
        try {
            Captures.openSet(window.getActivePage(), members);
        } catch (PartInitException e) {
            throw new ExecutionException("Cannot open the capture set " + members + ": " + e.getMessage(), e);
        }
        return null;
    }
}
