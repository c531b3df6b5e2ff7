package org.negscope.ui.probe;

import org.negscope.ui.Perspective;
import org.negscope.ui.ShowPerspectiveHandler;
import org.negscope.ui.capture.Captures;
import org.negscope.ui.packets.PacketDetailView;
import org.eclipse.core.runtime.ILog;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;

/**
 * The Probe view around {@link ProbeComposite}: its side-by-side table links into the packet-detail view like the
 * capture's, and "Open in NegScope" opens the saved exchange in a capture editor.
 */
public class ProbeView extends ViewPart {
    public static final String ID = "org.negscope.ui.probeView";

    private ProbeComposite composite;

    @Override
    public void createPartControl(Composite parent) {
        composite = new ProbeComposite(parent);
        composite.sideBySide().setOpener((r, m, row) -> {
            try {
                PacketDetailView v = (PacketDetailView) getSite().getPage().showView(PacketDetailView.ID);
                v.open(r, m, row);
            } catch (PartInitException e) {
                ILog.of(getClass()).error("Cannot open the packet detail view", e);
            }
        });
        composite.setOpener(file -> {
            try {
                // Capture editors live in the capture perspective.
                ShowPerspectiveHandler.show(getSite().getPage(), Perspective.ID);
                Captures.open(getSite().getPage(), file);
            } catch (PartInitException | org.eclipse.core.commands.ExecutionException e) {
                ILog.of(getClass()).error("Cannot open " + file, e);
            }
        });
    }

    public ProbeComposite composite() { return composite; }

    @Override public void setFocus() { composite.setFocus(); }
}
