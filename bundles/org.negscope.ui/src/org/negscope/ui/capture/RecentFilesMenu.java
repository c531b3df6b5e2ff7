package org.negscope.ui.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.ActionContributionItem;
import org.eclipse.jface.action.IContributionItem;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.CompoundContributionItem;
import org.eclipse.ui.menus.IWorkbenchContribution;
import org.eclipse.ui.services.IServiceLocator;

/**
 * File menu's recent captures, rebuilt each time the menu opens: "1 name  [folder]", most recent first. A file
 * that has gone since it was opened stays listed, disabled and marked missing, so the user sees why it is not
 * there; "Clear Recent Captures" empties the list.
 */
public class RecentFilesMenu extends CompoundContributionItem implements IWorkbenchContribution {
    static final String MISSING = " (missing)";
    private IWorkbenchWindow window;

    @Override
    public void initialize(IServiceLocator serviceLocator) {
        window = serviceLocator.getService(IWorkbenchWindow.class);
    }

    @Override
    protected IContributionItem[] getContributionItems() {
        List<Path> files = RecentFiles.instance().list();
        if (files.isEmpty()) {
            return new IContributionItem[0];
        }
        List<IContributionItem> items = new ArrayList<>();
        items.add(new Separator());
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            boolean present = Files.isRegularFile(file);
            Action open = new Action(label(i, file) + (present ? "" : MISSING)) {
                @Override
                public void run() {
                    open(file);
                }
            };
            open.setToolTipText(file.toString());
            open.setEnabled(present);
            items.add(new ActionContributionItem(open));
        }
        items.add(new ActionContributionItem(new Action("Clear Recent Captures") {
            @Override
            public void run() {
                RecentFiles.instance().clear();
            }
        }));
        return items.toArray(IContributionItem[]::new);
    }

    /** "&amp;1 name  [folder]": digits 1-9 as mnemonics; ampersands in names doubled so they show as typed. */
    static String label(int index, Path file) {
        String number = index < 9 ? "&" + (index + 1) : String.valueOf(index + 1);
        Path name = file.getFileName();
        Path folder = file.getParent();
        return number + " " + escape(name == null ? file.toString() : name.toString())
                + (folder == null ? "" : "  [" + escape(folder.toString()) + "]");
    }

    private static String escape(String s) {
        return s.replace("&", "&&");
    }

    private void open(Path file) {
        IWorkbenchWindow w = window != null ? window : PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (w == null || w.getActivePage() == null) {
            return;
        }
        if (!Files.isRegularFile(file)) {
            // Gone between opening the menu and clicking: say so once and forget it.
            RecentFiles.instance().remove(file);
            MessageDialog.openInformation(w.getShell(), "Recent Captures",
                    file + "\nno longer exists and was removed from the recent captures.");
            return;
        }
        Captures.openAll(w.getActivePage(), List.of(file));
    }
}
