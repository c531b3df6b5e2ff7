package org.negscope.ui.capture;

import org.negscope.ui.twopoint.CompareHandler;
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
        // releng/scripts/screenshot.sh wait for it (in a benchmark run, after the benchmark's own lines).
        Runnable analysed = () -> ILog.of(CaptureEditor.class).info(pane.errorText() != null
                ? pane.errorText().replace('\n', ' ') : "Analysed " + pane.file() + ": " + pane.statusText()
                + " (" + pane.analysisMillis() + " ms)");
        if (Boolean.getBoolean("negscope.bench")) {
            benchmarkHooks(analysed);
        } else {
            pane.addFinishListener(analysed);
        }
        // Performance (README "Performance"): how long a big capture takes to show its first verdicts (releng/bench/workbench-bench.sh reads it).
        pane.addFirstRowsListener(() -> ILog.of(CaptureEditor.class).info("First verdicts of " + pane.file() + " shown after "
                + pane.firstVerdictsMillis() + " ms (" + pane.viewer().getTable().getItemCount() + " connection(s))"));
        CaptureEditorInput in = (CaptureEditorInput) getEditorInput();
        pane.analyze(in.file(), in.members());
    }

    public CapturePane pane() { return pane; }

    /**
     * For releng/bench/workbench-bench.sh (system property {@code negscope.bench=true}, never set by the product): the
     * longest UI-thread stall during the analysis, the heap in use at its end, and, before the "Analysed" line, the time
     * a filter change, clearing it and a sort take on the whole table (filter text from {@code negscope.bench.filter}).
     */
    private void benchmarkHooks(Runnable analysed) {
        UiStallMonitor monitor = UiStallMonitor.start(pane.getDisplay());
        pane.addDisposeListener(e -> monitor.stop());
        ILog log = ILog.of(CaptureEditor.class);
        pane.addFinishListener(() -> {
            long stall = monitor.longestMillis();
            Runtime rt = Runtime.getRuntime();
            log.info("Benchmark: longest UI-thread stall during the analysis " + stall + " ms; heap in use "
                    + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MB of " + rt.maxMemory() / (1 << 20) + " MB");
            if (pane.errorText() != null) {
                analysed.run();
                return;
            }
            // each step from the change to the table showing it (a worker filters big tables), one after the other
            String filter = System.getProperty("negscope.bench.filter", "verdict:RESPONSE_MISMATCH");
            long[] t = new long[5];
            int[] shown = new int[2];
            monitor.reset();
            pane.getDisplay().asyncExec(() -> {
                shown[0] = pane.result().connections().size();
                t[0] = System.nanoTime();
                pane.afterNextRefresh(() -> {
                    t[1] = System.nanoTime();
                    shown[1] = pane.viewer().getTable().getItemCount();
                    pane.afterNextRefresh(() -> {
                        t[2] = System.nanoTime();
                        pane.afterNextRefresh(() -> {
                            t[3] = System.nanoTime();
                            log.info(String.format("Benchmark: filter '%s' on %d rows %d ms (%d shown); cleared %d ms; sort by"
                                    + " client %d ms; longest UI-thread stall meanwhile %d ms", filter, shown[0],
                                    (t[1] - t[0]) / 1_000_000, shown[1], (t[2] - t[1]) / 1_000_000, (t[3] - t[2]) / 1_000_000,
                                    monitor.longestMillis()));
                            analysed.run();
                        });
                        pane.sortBy(0);
                    });
                    pane.setFilterText("");
                });
                pane.setFilterText(filter);
            });
        });
    }

    @Override public void setFocus() { pane.viewer().getControl().setFocus(); }
    @Override public void doSave(IProgressMonitor monitor) {}
    @Override public void doSaveAs() {}
    @Override public boolean isDirty() { return false; }
    @Override public boolean isSaveAsAllowed() { return false; }
}
