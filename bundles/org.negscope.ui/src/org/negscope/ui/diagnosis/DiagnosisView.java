package org.negscope.ui.diagnosis;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.TabItem;
import org.negscope.analysis.ConnectionReport;
import org.negscope.ui.ConnectionSelectionView;

/** The workbench view with two tabs: the diagnosis ({@link DiagnosisComposite}) and the fix ({@link FixComposite}). */
public class DiagnosisView extends ConnectionSelectionView {
    public static final String ID = "org.negscope.ui.diagnosisView";

    private TabFolder tabs;
    private DiagnosisComposite diagnosis;
    private FixComposite fix;

    @Override
    public void createPartControl(Composite parent) {
        tabs = new TabFolder(parent, SWT.TOP);
        TabItem d = new TabItem(tabs, SWT.NONE);
        d.setText("Diagnosis");
        diagnosis = new DiagnosisComposite(tabs);
        d.setControl(diagnosis);
        TabItem f = new TabItem(tabs, SWT.NONE);
        f.setText("Fix");
        fix = new FixComposite(tabs);
        f.setControl(fix);
        listen();
    }

    @Override
    protected void show(ConnectionReport r) {
        if (!tabs.isDisposed()) {
            diagnosis.setConnection(r);
            fix.setConnection(r);
        }
    }

    public DiagnosisComposite composite() { return diagnosis; }
    public FixComposite fix() { return fix; }
    public TabFolder tabs() { return tabs; }

    @Override public void setFocus() { tabs.setFocus(); }
}
