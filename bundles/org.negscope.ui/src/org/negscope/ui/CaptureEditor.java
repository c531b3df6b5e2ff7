package org.negscope.ui;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.EditorPart;

/**
 * One capture file: its connections and verdicts ({@link CapturePane}). Registered for *.pcap, *.pcapng,
 * *.cap and *.gz. Read-only: nothing to save. Its table is the page's selection provider, so the
 * "Negotiate | Validate" and Diagnosis views follow the selected connection.
 */
public class CaptureEditor extends EditorPart {
    public static final String ID = "org.negscope.ui.captureEditor";

    private CapturePane pane;

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof CaptureEditorInput)) {
            throw new PartInitException("NegScope opens capture files, not " + input.getName());
        }
        setSite(site);
        setInput(input);
        setPartName(input.getName());
        setTitleToolTip(input.getToolTipText());
    }

    @Override
    public void createPartControl(Composite parent) {
        pane = new CapturePane(parent);
        getSite().setSelectionProvider(pane.viewer());
        pane.setCompareAction(() -> {
            try {
                CompareHandler.compare(getSite().getShell(), getSite().getPage(), pane.file());
            } catch (org.eclipse.core.commands.ExecutionException e) {
                ILog.of(CaptureEditor.class).error(e.getMessage(), e);
            }
        });
        // One line per analysis in the log (and on the console with -consoleLog): scripts such as
        // releng/scripts/screenshot.sh wait for it.
        pane.addFinishListener(() -> ILog.of(CaptureEditor.class).info(pane.errorText() != null
                ? pane.errorText().replace('\n', ' ') : "Analysed " + pane.file() + ": " + pane.statusText()
                + " (" + pane.analysisMillis() + " ms)"));
        // Issue 6: how long a big capture takes to show its first verdicts (releng/bench/workbench-bench.sh reads it).
        pane.addFirstRowsListener(() -> ILog.of(CaptureEditor.class).info("First verdicts of " + pane.file() + " shown after "
                + pane.firstVerdictsMillis() + " ms (" + pane.viewer().getTable().getItemCount() + " connection(s))"));
        CaptureEditorInput in = (CaptureEditorInput) getEditorInput();
        pane.analyze(in.file(), in.members());
    }

    public CapturePane pane() { return pane; }

    @Override public void setFocus() { pane.viewer().getControl().setFocus(); }
    @Override public void doSave(IProgressMonitor monitor) {}
    @Override public void doSaveAs() {}
    @Override public boolean isDirty() { return false; }
    @Override public boolean isSaveAsAllowed() { return false; }
}
