package org.negscope.ui.diagnosis;

import org.eclipse.core.runtime.ILog;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.PartInitException;
import org.negscope.analysis.ConnectionReport;
import org.negscope.ui.ConnectionSelectionView;
import org.negscope.ui.packets.PacketDetailView;

/** The workbench view around {@link TimelineComposite}, next to the side-by-side view. */
public class TimelineView extends ConnectionSelectionView {
    public static final String ID = "org.negscope.ui.timelineView";

    private TimelineComposite composite;

    @Override
    public void createPartControl(Composite parent) {
        composite = new TimelineComposite(parent);
        composite.setOpener((r, frame, messageId, response) -> {
            try {
                PacketDetailView v = (PacketDetailView) getSite().getPage().showView(PacketDetailView.ID);
                v.openAt(r, frame, messageId, response);
            } catch (PartInitException e) {
                ILog.of(getClass()).error("Cannot open the packet detail view", e);
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

    public TimelineComposite composite() { return composite; }

    @Override public void setFocus() { composite.setFocus(); }
}
