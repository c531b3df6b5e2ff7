package org.negscope.ui.twopoint;

import org.negscope.ui.capture.CaptureEditor;
import org.negscope.ui.capture.Captures;
import java.nio.file.Path;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * File > Compare with Server-Side Capture… (also a button in every capture editor): the active capture is the
 * client side; the user picks the capture taken on the server's side of the middlebox; the two-point editor opens.
 */
public class CompareHandler extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        Shell shell = HandlerUtil.getActiveShellChecked(event);
        IEditorPart editor = HandlerUtil.getActiveEditor(event);
        if (!(editor instanceof CaptureEditor capture)) {
            MessageDialog.openInformation(shell, "Compare with Server-Side Capture",
                    "Open the capture taken on the client's side first (File > Open Capture\u2026), then compare it with the one"
                    + " taken on the server's side.");
            return null;
        }
      compare(shell, editor.getSite().getPage(), capture.pane().file());
        return null;
    }

    /** Asks for the server-side capture and opens the comparison with {@code clientSide}. */
    public static void compare(Shell shell, IWorkbenchPage page, Path clientSide) throws ExecutionException {
        FileDialog d = new FileDialog(shell, SWT.OPEN);
        d.setText("Server-side capture to compare with " + clientSide.getFileName());
        d.setFilterExtensions(new String[] {Captures.PATTERNS, "*"});
        d.setFilterNames(new String[] {Captures.PATTERNS_NAME, "All files"});
        if (clientSide.getParent() != null) {
            d.setFilterPath(clientSide.getParent().toString());
        }
        String chosen = d.open();
        if (chosen == null) {
            return;
        }
        try {
            TwoPointEditor.open(page, clientSide, Path.of(chosen));
        } catch (PartInitException e) {
            throw new ExecutionException("Cannot compare with " + chosen + ": " + e.getMessage(), e);
        }
    }
}
