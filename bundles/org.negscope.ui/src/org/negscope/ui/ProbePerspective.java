package org.negscope.ui;

import org.negscope.ui.packets.PacketDetailView;
import org.negscope.ui.probe.ProbeView;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * Probing a live server is its own activity: the Probe view over the full width (form, steps, side-by-side result),
 * the packet detail of the probe's messages below it. No capture editors here; "Open in NegScope" goes back to the
 * capture perspective.
 */
public class ProbePerspective implements IPerspectiveFactory {
    public static final String ID = "org.negscope.ui.probePerspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.setEditorAreaVisible(false);
        layout.setFixed(false);
        layout.addStandaloneView(ProbeView.ID, false, IPageLayout.TOP, 0.66f, editors);
        layout.addView(PacketDetailView.ID, IPageLayout.BOTTOM, 0.66f, ProbeView.ID);
        layout.getViewLayout(ProbeView.ID).setCloseable(false);
        layout.getViewLayout(PacketDetailView.ID).setCloseable(false);
    }
}
