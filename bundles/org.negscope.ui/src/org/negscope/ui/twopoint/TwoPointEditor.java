package org.negscope.ui.twopoint;

import java.util.List;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.EditorPart;
import org.negscope.analysis.AnalysisListener;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.TwoPointMatcher;
import org.negscope.analysis.TwoPointResult;
import org.negscope.capture.CaptureException;
import org.negscope.capture.Progress;

/**
 * The two-point editor: analyses both captures in a job, matches their connections and shows what the path between
 * the capture points changed ({@link TwoPointComposite}). Read-only.
 */
public class TwoPointEditor extends EditorPart {
    public static final String ID = "org.negscope.ui.twoPointEditor";

    private TwoPointComposite composite;
    private volatile boolean finished;
    private String error;

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof TwoPointEditorInput)) {
            throw new PartInitException("the two-point editor compares two captures, not " + input.getName());
        }
        setSite(site);
        setInput(input);
        setPartName(input.getName());
        setTitleToolTip(input.getToolTipText());
    }

    /**
     * Opens (or activates) the comparison of a client-side and a server-side capture, maximized: it needs the room
     * (two messages side by side) and the connection views do not apply to it. Double-clicking its tab restores.
     */
    public static TwoPointEditor open(IWorkbenchPage page, java.nio.file.Path clientSide, java.nio.file.Path serverSide)
            throws PartInitException {
        TwoPointEditor e = (TwoPointEditor) page.openEditor(new TwoPointEditorInput(clientSide, serverSide), ID, true);
        page.setPartState(page.getReference(e), IWorkbenchPage.STATE_MAXIMIZED);
        return e;
    }

    @Override
    public void createPartControl(Composite parent) {
        composite = new TwoPointComposite(parent);
        TwoPointEditorInput in = (TwoPointEditorInput) getEditorInput();
        composite.setSwapAction(() -> {
            IWorkbenchPage page = getSite().getPage();
            try {
                page.closeEditor(this, false);
                open(page, in.serverSide(), in.clientSide());
            } catch (PartInitException e) {
                ILog.of(getClass()).error("Cannot swap the sides", e);
            }
        });
        Display display = parent.getDisplay();
        Job job = new Job("Matching " + in.getName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                monitor.beginTask(getName(), 3);
                Progress p = new Progress() {
                    @Override public boolean isCanceled() { return monitor.isCanceled(); }
                };
                TwoPointResult r = null;
                String failure = null;
                try {
                    AnalysisResult client = CaptureAnalyzer.analyze(List.of(in.clientSide()), AnalysisOptions.none(), p, AnalysisListener.NONE);
                    monitor.worked(1);
                    AnalysisResult server = CaptureAnalyzer.analyze(List.of(in.serverSide()), AnalysisOptions.none(), p, AnalysisListener.NONE);
                    monitor.worked(1);
                    r = TwoPointMatcher.match(client, server);
                } catch (CaptureException e) {
                    failure = e.getMessage();
                } catch (RuntimeException e) {
                    failure = "the comparison failed: " + e;
                    ILog.of(TwoPointEditor.class).error("Two-point comparison of " + in.getName() + " failed", e);
                } finally {
                    monitor.done();
                }
                TwoPointResult result = r;
                String why = failure;
                if (!display.isDisposed()) {
                    display.asyncExec(() -> {
                        if (!composite.isDisposed()) {
                            error = why;
                            composite.setResult(result, in.clientSide(), in.serverSide());
                            if (why != null) {
                                composite.showError("Cannot compare: " + why);
                            }
                            finished = true;
                            ILog.of(TwoPointEditor.class).info(why != null ? "Cannot compare " + in.getName() + ": " + why
                                    : "Compared " + in.getName() + ": " + result.pairs().size() + " matched connection(s)"
                                    + (result.anyChange() ? ", changed by the path" : ", nothing changed"));
                        }
                    });
                }
                return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
            }
        };
        job.setPriority(Job.LONG);
        job.schedule();
    }

    @Override
    public void dispose() {
        // It was maximized to open: give the other parts their room back (the last editor closing would not).
        try {
            IWorkbenchPage page = getSite().getPage();
            org.eclipse.ui.IWorkbenchPartReference ref = page.getReference(this);
            if (ref != null && page.getPartState(ref) == IWorkbenchPage.STATE_MAXIMIZED) {
                page.setPartState(ref, IWorkbenchPage.STATE_RESTORED);
            }
        } catch (RuntimeException e) {
            // The page is going away with the window: nothing to restore.
        }
        super.dispose();
    }

    public TwoPointComposite composite() { return composite; }
    /** True once the comparison (or its failure) is shown; readable from any thread. */
    public boolean isFinished() { return finished; }
    public String error() { return error; }

    @Override public void setFocus() { composite.setFocus(); }
    @Override public void doSave(IProgressMonitor monitor) {}
    @Override public void doSaveAs() {}
    @Override public boolean isDirty() { return false; }
    @Override public boolean isSaveAsAllowed() { return false; }
}
