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
        benchmarkHooks();
        // One line per analysis in the log (and on the console with -consoleLog): scripts such as
        // releng/scripts/screenshot.sh wait for it.
        pane.addFinishListener(() -> ILog.of(CaptureEditor.class).info(pane.errorText() != null
                ? pane.errorText().replace('\n', ' ') : "Analysed " + pane.file() + ": " + pane.statusText()
                + " (" + pane.analysisMillis() + " ms)"));
        // Issue 6: how long a big capture takes to show its first verdicts (releng/bench/workbench-bench.sh reads it).
        pane.addFirstRowsListener(() -> ILog.of(CaptureEditor.class).info("First verdicts of " + pane.file() + " shown after "
                + pane.firstVerdictsMillis() + " ms (" + pane.viewer().getTable().getItemCount() + " connection(s))"));
        pane.analyze(((CaptureEditorInput) getEditorInput()).file());
    }

    public CapturePane pane() { return pane; }

    /**
     * For releng/bench/workbench-bench.sh (system property {@code negscope.bench=true}, never set by the product): the
     * longest UI-thread stall during the analysis, the heap in use at its end, and, before the "Analysed" line, the time
     * a filter change, clearing it and a sort take on the whole table (filter text from {@code negscope.bench.filter}).
     */
    private void benchmarkHooks() {
        if (!Boolean.getBoolean("negscope.bench")) {
            return;
        }
        UiStallMonitor monitor = UiStallMonitor.start(pane.getDisplay());
        pane.addDisposeListener(e -> monitor.stop());
        ILog log = ILog.of(CaptureEditor.class);
        pane.addFinishListener(() -> {
            long stall = monitor.longestMillis();
            Runtime rt = Runtime.getRuntime();
            log.info("Benchmark: longest UI-thread stall during the analysis " + stall + " ms; heap in use "
                    + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MB of " + rt.maxMemory() / (1 << 20) + " MB");
            int rows = pane.viewer().getTable().getItemCount();
            String filter = System.getProperty("negscope.bench.filter", "verdict:RESPONSE_MISMATCH");
            long t0 = System.nanoTime();
            pane.setFilterText(filter);
            long t1 = System.nanoTime();
            int shown = pane.viewer().getTable().getItemCount();
            pane.setFilterText("");
            long t2 = System.nanoTime();
            pane.sortBy(0);
            long t3 = System.nanoTime();
            pane.sortBy(CapturePane.STREAM);
            log.info(String.format("Benchmark: filter '%s' on %d rows %d ms (%d shown); cleared %d ms; sort by client %d ms",
                    filter, rows, (t1 - t0) / 1_000_000, shown, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000));
        });
    }

    @Override public void setFocus() { pane.viewer().getControl().setFocus(); }
    @Override public void doSave(IProgressMonitor monitor) {}
    @Override public void doSaveAs() {}
    @Override public boolean isDirty() { return false; }
    @Override public boolean isSaveAsAllowed() { return false; }
}
