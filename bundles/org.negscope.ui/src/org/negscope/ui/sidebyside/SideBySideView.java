package org.negscope.ui.sidebyside;

import org.eclipse.swt.widgets.Composite;
import org.negscope.analysis.ConnectionReport;
import org.negscope.ui.ConnectionSelectionView;
import org.negscope.ui.packets.PacketDetailView;

/** The workbench view around {@link SideBySideComposite}. */
public class SideBySideView extends ConnectionSelectionView {
    public static final String ID = "org.negscope.ui.sideBySideView";

    private SideBySideComposite composite;

    @Override
    public void createPartControl(Composite parent) {
        composite = new SideBySideComposite(parent);
        composite.setOpener((r, m, row) -> {
            try {
                PacketDetailView v = (PacketDetailView) getSite().getPage().showView(PacketDetailView.ID);
                v.open(r, m, row);
            } catch (org.eclipse.ui.PartInitException e) {
                org.eclipse.core.runtime.ILog.of(getClass()).error("Cannot open the packet detail view", e);
            }
        });
        listen();
    }

    @Override
    protected void show(ConnectionReport r) {
        if (!composite.isDisposed()) {
            composite.setConnection(r);
        }
    }

    public SideBySideComposite composite() { return composite; }

    @Override public void setFocus() { composite.setFocus(); }
}
