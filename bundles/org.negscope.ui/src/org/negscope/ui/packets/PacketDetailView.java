package org.negscope.ui.packets;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPartReference;
import org.negscope.analysis.ConnectionReport;
import org.negscope.smb2.Smb2Message;
import org.negscope.ui.ConnectionContext;
import org.negscope.ui.ConnectionSelectionView;

/**
 * The workbench view around {@link PacketDetailComposite}. It follows the selected connection, but reads the
 * capture again only while it is visible (it shares a folder with the side-by-side view): a hidden view never
 * makes the user wait.
 */
public class PacketDetailView extends ConnectionSelectionView {
    public static final String ID = "org.negscope.ui.packetDetailView";

    private PacketDetailComposite composite;
    private ConnectionReport pending;
    private boolean hasPending;
    private final IPartListener2 visibility = new IPartListener2() {
        @Override
        public void partVisible(IWorkbenchPartReference ref) {
            if (ref.getPart(false) == PacketDetailView.this && hasPending) {
                hasPending = false;
                load(pending);
            }
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        composite = new PacketDetailComposite(parent);
        getSite().getPage().addPartListener(visibility);
        listen();
    }

    @Override
    protected void show(ConnectionReport r) {
        if (composite.isDisposed() || r == composite.connection()) {
            return;
        }
        if (getSite().getPage().isPartVisible(this)) {
            load(r);
        } else {
            pending = r;
            hasPending = true;
        }
    }

    private void load(ConnectionReport r) {
        if (r != composite.connection()) {
            composite.setConnection(r, ConnectionContext.of(r).source());
        }
    }

    /** Shows {@code m} of connection {@code r} with the fields of side-by-side row {@code row} (null: the whole message). */
    public void open(ConnectionReport r, Smb2Message m, String row) {
        hasPending = false;
        load(r);
        composite.showMessage(m, row);
    }

    /** Shows the message of connection {@code r} at {@code frame} (a timeline row). */
    public void openAt(ConnectionReport r, long frame, long messageId, boolean response) {
        hasPending = false;
        load(r);
        composite.showMessageAt(frame, messageId, response);
    }

    public PacketDetailComposite composite() { return composite; }

    @Override
    public void dispose() {
        getSite().getPage().removePartListener(visibility);
        super.dispose();
    }

    @Override public void setFocus() { composite.setFocus(); }
}
