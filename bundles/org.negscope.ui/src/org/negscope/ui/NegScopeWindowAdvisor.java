package org.negscope.ui;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.osgi.service.datalocation.Location;
import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

/** The main window: size, title "NegScope — FILE" following the active capture, and the start-up file. */
public class NegScopeWindowAdvisor extends WorkbenchWindowAdvisor {
    static final String APP = "NegScope";

    public NegScopeWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        super(configurer);
    }

    @Override
    public ActionBarAdvisor createActionBarAdvisor(IActionBarConfigurer configurer) {
        return new ActionBarAdvisor(configurer); // menus come from plugin.xml (org.eclipse.ui.menus)
    }

    @Override
    public void preWindowOpen() {
        IWorkbenchWindowConfigurer c = getWindowConfigurer();
        c.setInitialSize(new Point(1400, 900));
        c.setShowCoolBar(false);
        c.setShowStatusLine(true);
        c.setShowProgressIndicator(true);
        c.setTitle(APP);
    }

    @Override
    public void postWindowOpen() {
        IWorkbenchPage page = getWindowConfigurer().getWindow().getActivePage();
        if (page == null) {
            return;
        }
        page.addPartListener(new IPartListener2() {
            @Override public void partActivated(IWorkbenchPartReference ref) { updateTitle(page); }
            @Override public void partBroughtToTop(IWorkbenchPartReference ref) { updateTitle(page); }
            @Override public void partClosed(IWorkbenchPartReference ref) { updateTitle(page); }
            @Override public void partOpened(IWorkbenchPartReference ref) { updateTitle(page); }
        });
        Optional<Path> file = StartupFile.choose(Platform.getApplicationArgs(), installDir());
        if (file.isPresent()) {
            try {
                Captures.open(page, file.get());
            } catch (PartInitException e) {
                ILog.of(getClass()).error("Cannot open " + file.get(), e);
            }
        }
        updateTitle(page);
    }

    private void updateTitle(IWorkbenchPage page) {
        IEditorPart editor = page.getActiveEditor();
        String title = editor == null ? APP : APP + " \u2014 " + editor.getEditorInput().getName();
        if (!title.equals(getWindowConfigurer().getTitle())) {
            getWindowConfigurer().setTitle(title);
        }
    }

    private static Path installDir() {
        Location install = Platform.getInstallLocation();
        if (install == null || install.getURL() == null) {
            return null;
        }
        try {
            return Path.of(install.getURL().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            // file: URLs from the launcher may contain unescaped spaces; fall back to the raw path.
            return Path.of(install.getURL().getPath());
        }
    }
}
