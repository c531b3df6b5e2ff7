package org.negscope.ui;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * Capture editors top-left (which connections, which verdicts), "Negotiate | Validate" below them (the proof, field
 * by field) with the Packet Detail it links to in the same folder; on the right the diagnosis (what it means, what to
 * do) and under it the connection's timeline, next to the comparison.
 */
public class Perspective implements IPerspectiveFactory {
    public static final String ID = "org.negscope.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.setEditorAreaVisible(true);
        layout.setFixed(false);
        // Right first, so the diagnosis spans the height and the side-by-side only the editors' width.
        layout.addView(DiagnosisView.ID, IPageLayout.RIGHT, 0.70f, editors);
        // The proof below the editors: the side-by-side comparison, and the packet detail it links to in the same folder.
        // The capture editor (overview and connection list: where triage starts) keeps 62 % of the height.
        IFolderLayout bottom = layout.createFolder("org.negscope.ui.bottom", IPageLayout.BOTTOM, 0.62f, editors);
        bottom.addView(SideBySideView.ID);
        bottom.addView(PacketDetailView.ID);
        // The connection's events in order, right next to the comparison, under the diagnosis: the comparison keeps
        // the full width its flag lists need (issue 4).
        layout.addView(TimelineView.ID, IPageLayout.BOTTOM, 0.62f, DiagnosisView.ID);
        // There is no Window menu to bring a closed view back: keep them open.
        layout.getViewLayout(DiagnosisView.ID).setCloseable(false);
        layout.getViewLayout(SideBySideView.ID).setCloseable(false);
        layout.getViewLayout(PacketDetailView.ID).setCloseable(false);
        layout.getViewLayout(TimelineView.ID).setCloseable(false);
    }
}
