package org.negscope.ui;

import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.part.ViewPart;
import org.negscope.analysis.ConnectionReport;
import org.negscope.ui.capture.CaptureEditor;

/**
 * A view that shows the connection selected in the active capture editor. Selections from other parts
 * (or empty ones) leave the shown connection alone, so clicking into this view does not blank it; closing
 * the last capture editor does.
 */
public abstract class ConnectionSelectionView extends ViewPart {
    private final ISelectionListener listener = this::selectionChanged;
    private final IPartListener2 editors = new IPartListener2() {
        @Override
        public void partClosed(IWorkbenchPartReference ref) {
            if (CaptureEditor.ID.equals(ref.getId()) && getSite().getPage().getEditorReferences().length == 0) {
                show(null);
            }
        }
    };

    protected void listen() {
        getSite().getPage().addPostSelectionListener(listener);
        getSite().getPage().addPartListener(editors);
        ISelection current = getSite().getPage().getSelection();
        if (current != null) {
            selectionChanged(null, current);
        }
    }

    private void selectionChanged(IWorkbenchPart part, ISelection selection) {
        if (part == this || !(selection instanceof IStructuredSelection s)) {
            return;
        }
        if (s.getFirstElement() instanceof ConnectionReport r) {
            show(r);
        }
    }

    /** Shows {@code r}; null clears the view. */
    protected abstract void show(ConnectionReport r);

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(listener);
        getSite().getPage().removePartListener(editors);
        super.dispose();
    }
}
