package org.negscope.ui;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.IPerspectiveDescriptor;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.HandlerUtil;

/** View > Captures / Probe: switches between the capture perspective and the probe perspective. */
public class ShowPerspectiveHandler extends AbstractHandler {
    public static final String PARAMETER = "org.negscope.ui.perspectiveId";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        String id = event.getParameter(PARAMETER);
      show(window.getActivePage(), id == null ? Perspective.ID : id);
        return null;
    }

    /** Switches {@code page} to the perspective {@code id}. */
    public static void show(IWorkbenchPage page, String id) throws ExecutionException {
        IPerspectiveDescriptor p = PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(id);
        if (p == null) {
            throw new ExecutionException("no perspective " + id);
        }
        page.setPerspective(p);
    }
}
