package org.negscope.ui;

import org.negscope.ui.capture.OpenDocuments;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

/** The workbench application: started by the launcher script, runs until the window closes. */
public class Application implements IApplication {
    @Override
    public Object start(IApplicationContext context) {
        Display display = PlatformUI.createDisplay();
        // Before the workbench runs: macOS sends the double-clicked capture while the application starts.
        OpenDocuments documents = OpenDocuments.install(display);
        try {
            int code = PlatformUI.createAndRunWorkbench(display, new NegScopeWorkbenchAdvisor(documents));
            return code == PlatformUI.RETURN_RESTART ? IApplication.EXIT_RESTART : IApplication.EXIT_OK;
        } finally {
            display.dispose();
        }
    }

    @Override
    public void stop() {
        if (!PlatformUI.isWorkbenchRunning()) return;
        Display display = PlatformUI.getWorkbench().getDisplay();
        display.syncExec(() -> { if (!display.isDisposed()) PlatformUI.getWorkbench().close(); });
    }
}
