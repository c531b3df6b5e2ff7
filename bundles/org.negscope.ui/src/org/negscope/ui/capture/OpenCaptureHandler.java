package org.negscope.ui.capture;

import java.nio.file.Path;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/** File > Open Capture…: one editor per chosen file. */
public class OpenCaptureHandler extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        FileDialog dialog = new FileDialog(window.getShell(), SWT.OPEN | SWT.MULTI);
        dialog.setText("Open Capture");
        dialog.setFilterExtensions(new String[] {Captures.PATTERNS, "*"});
        dialog.setFilterNames(new String[] {Captures.PATTERNS_NAME, "All files"});
        if (dialog.open() == null) {
            return null;
        }
        for (String name : dialog.getFileNames()) {
            Path file = Path.of(dialog.getFilterPath(), name);
            try {
                Captures.open(window.getActivePage(), file);
            } catch (PartInitException e) {
                throw new ExecutionException("Cannot open " + file + ": " + e.getMessage(), e);
            }
        }
        return null;
    }
}
