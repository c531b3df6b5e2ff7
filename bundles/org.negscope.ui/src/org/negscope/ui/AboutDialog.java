package org.negscope.ui;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.ILog;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.program.Program;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Help > About NegScope: the version of this installation (org.negscope.ui's bundle version), the Java and OS
 * it runs on (what a support engineer pastes into a ticket), and the third-party libraries it carries with
 * their versions and licences, read from the installed bundles. Double-clicking a row opens its licence.
 */
public class AboutDialog extends Dialog {
    static final String DESCRIPTION = "Why was the SMB connection torn down during Validate Negotiate?\n"
            + "NegScope reads pcap/pcapng captures, compares each connection's NEGOTIATE and\n"
            + "FSCTL_VALIDATE_NEGOTIATE_INFO exchanges field by field (MS-SMB2 3.3.5.15.12 and\n"
            + "3.2.5.14.12), and says who dropped the connection and why.";
    static final String ABOUT_HTML = "about.html";

    private Label heading;
    private Label runtime;
    private Table table;

    public AboutDialog(Shell parent) {
        super(parent);
    }

    static Bundle self() {
        return FrameworkUtil.getBundle(AboutDialog.class);
    }

    /** "NegScope 0.1.0.v20261126-0112". */
    static String productLine() {
        Bundle b = self();
        return "NegScope" + (b == null ? "" : " " + b.getVersion());
    }

    static String runtimeLine() {
        return "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")   \u2022   "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("About NegScope");
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        ((GridLayout) area.getLayout()).verticalSpacing = 8;
        heading = new Label(area, SWT.NONE);
        heading.setText(productLine());
        heading.setFont(JFaceResources.getHeaderFont());
        new Label(area, SWT.WRAP).setText(DESCRIPTION);
        runtime = new Label(area, SWT.NONE);
        runtime.setText(runtimeLine());

        new Label(area, SWT.NONE).setText("Bundled libraries:");
        table = new Table(area, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (String column : new String[] {"Library", "Version", "Licence", "Bundles"}) {
            new TableColumn(table, SWT.NONE).setText(column);
        }
        for (ThirdPartyLibraries.Library lib : ThirdPartyLibraries.of(ThirdPartyLibraries.installed(self()))) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] {lib.name(), lib.version(), lib.licence(), bundlesText(lib.bundles())});
            item.setData(lib);
        }
        for (TableColumn c : table.getColumns()) {
            c.pack();
        }
        table.getColumn(3).setWidth(Math.min(table.getColumn(3).getWidth(), 260));
        table.addListener(SWT.DefaultSelection, e -> {
            if (e.item != null && e.item.getData() instanceof ThirdPartyLibraries.Library lib && lib.licenceUrl() != null) {
                Program.launch(lib.licenceUrl());
            }
        });
        GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 340).applyTo(table);

        Link licences = new Link(area, SWT.WRAP);
        licences.setText("NegScope is licensed under the <a href=\"https://www.eclipse.org/legal/epl-2.0/\">Eclipse Public "
                + "License 2.0</a>. The libraries' licences: <a href=\"" + ABOUT_HTML + "\">" + ABOUT_HTML
                + "</a>, or double-click a row.");
        licences.addListener(SWT.Selection, e -> openLink(e.text));
        return area;
    }

    private static String bundlesText(List<String> bundles) {
        return bundles.size() <= 2 ? String.join(", ", bundles) : bundles.get(0) + " and " + (bundles.size() - 1) + " more";
    }

    private static void openLink(String href) {
        if (!ABOUT_HTML.equals(href)) {
            Program.launch(href);
            return;
        }
        Bundle b = self();
        URL entry = b == null ? null : b.getEntry(ABOUT_HTML);
        if (entry == null) {
            return;
        }
        try {
            // Inside a jar the entry has no file: extract it so the system browser can show it.
            Program.launch(FileLocator.toFileURL(entry).toString());
        } catch (IOException e) {
            ILog.of(AboutDialog.class).warn("Cannot open " + ABOUT_HTML + ": " + e.getMessage());
        }
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, IDialogConstants.OK_LABEL, true);
    }

    /** The heading as shown (tests, screenshots). */
    public String headingText() {
        return heading.getText();
    }

    public String runtimeText() {
        return runtime.getText();
    }

    /** The table's rows as shown: library, version, licence, bundles. */
    public List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        for (TableItem it : table.getItems()) {
            rows.add(new String[] {it.getText(0), it.getText(1), it.getText(2), it.getText(3)});
        }
        return rows;
    }
}
