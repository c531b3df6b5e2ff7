package org.negscope.ui.credentials;

import org.negscope.ui.capture.CaptureEditor;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.handlers.HandlerUtil;

/** File > Credentials…: the active capture editor's credentials dialog (the editor has the same button). */
public class CredentialsHandler extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IEditorPart editor = HandlerUtil.getActiveEditor(event);
        if (!(editor instanceof CaptureEditor capture)) {
            MessageDialog.openInformation(HandlerUtil.getActiveShellChecked(event), "Credentials",
                    "Open a capture first (File > Open Capture\u2026).");
            return null;
        }
        capture.pane().openCredentialsDialog();
        return null;
    }
}
