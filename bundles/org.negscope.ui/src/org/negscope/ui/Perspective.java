package org.negscope.ui;

import org.negscope.ui.diagnosis.DiagnosisView;
import org.negscope.ui.diagnosis.TimelineView;
import org.negscope.ui.packets.PacketDetailView;
import org.negscope.ui.sidebyside.SideBySideView;
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
        // The capture editor (overview and connection list: where triage starts) is the main pane: the left 55 % of the
        // width and most of the height; the connection's proof beside it. The side-by-side view names the flags that
        // differ in its Match column, so it needs no full-width flag lists.
        layout.addView(DiagnosisView.ID, IPageLayout.RIGHT, 0.55f, editors);
        IFolderLayout proof = layout.createFolder("org.negscope.ui.bottom", IPageLayout.BOTTOM, 0.42f, DiagnosisView.ID);
        proof.addView(SideBySideView.ID);
        proof.addView(PacketDetailView.ID);
        // The connection's events in order, under the list.
        layout.addView(TimelineView.ID, IPageLayout.BOTTOM, 0.74f, editors);
        // There is no Window menu to bring a closed view back: keep them open.
        layout.getViewLayout(DiagnosisView.ID).setCloseable(false);
        layout.getViewLayout(SideBySideView.ID).setCloseable(false);
        layout.getViewLayout(PacketDetailView.ID).setCloseable(false);
        layout.getViewLayout(TimelineView.ID).setCloseable(false);
    }
}
