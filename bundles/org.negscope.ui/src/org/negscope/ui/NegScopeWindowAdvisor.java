package org.negscope.ui;

import org.negscope.ui.capture.CaptureDrop;
import org.negscope.ui.capture.Captures;
import org.negscope.ui.capture.OpenDocuments;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.eclipse.core.runtime.Platform;
import org.eclipse.osgi.service.datalocation.Location;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

/**
 * The main window: size, title "NegScope — FILE" following the active capture, the start-up files (command line,
 * macOS open-document events) and captures dropped on the editor area.
 */
public class NegScopeWindowAdvisor extends WorkbenchWindowAdvisor {
    static final String APP = "NegScope";
    private final OpenDocuments documents;

    public NegScopeWindowAdvisor(IWorkbenchWindowConfigurer configurer, OpenDocuments documents) {
        super(configurer);
        this.documents = documents;
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
        // Captures dragged from Explorer, Finder or a file manager onto the editor area open in editors.
        c.addEditorAreaTransfer(FileTransfer.getInstance());
        c.configureEditorAreaDropListener(new CaptureDrop(c.getWindow()));
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
        Captures.openAll(page, StartupFile.choose(Platform.getApplicationArgs(), installDir()));
        if (documents != null) {
            documents.windowOpened();
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
