package org.negscope.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionReport;
import org.negscope.capture.CaptureWarning;

/**
 * The capture editor's content: one capture file, analysed by an {@link AnalysisJob}, its SMB2 connections
 * filling the table as verdicts become known, the capture's warnings (frame, offset, message) below, and
 * the file's error in place of the table when it cannot be read at all. Plain SWT + JFace viewers, so tests
 * can run it in a bare Shell.
 */
public class CapturePane extends Composite {
    static final String[] COLUMNS = {"Client", "Server", "Dialect", "Verdict", "Fatal", "Summary"};

    private final Marks marks;
    private final Label title;
    private final Label status;
    private final ProgressBar progressBar;
    private final Button cancel;
    private final Composite errorBox;
    private final Text error;
    /** Connections table and warnings; replaced by the error box when the file cannot be read. */
    private final Composite body;
    private final TableViewer viewer;
    private final Group warningsGroup;
    private final Table warnings;

    /** Rows by connection key, in order of first appearance; replaced by the final list at the end. */
    private final Map<String, ConnectionReport> rows = new LinkedHashMap<>();
    private Path file;
    private AnalysisJob job;
    private AnalysisResult result;
    private String failure;
    private volatile boolean finished;
    private final List<Runnable> finishListeners = new ArrayList<>(1);

    public CapturePane(Composite parent) {
        super(parent, SWT.NONE);
        marks = new Marks(this);
        GridLayout layout = new GridLayout(3, false);
        layout.marginWidth = 6;
        layout.marginHeight = 4;
        setLayout(layout);

        title = new Label(this, SWT.NONE);
        title.setFont(marks.bold);
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        status = new Label(this, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        progressBar = new ProgressBar(this, SWT.HORIZONTAL);
        progressBar.setMaximum(1000);
        GridData pb = new GridData(SWT.RIGHT, SWT.CENTER, false, false);
        pb.widthHint = 160;
        progressBar.setLayoutData(pb);
        cancel = new Button(this, SWT.PUSH);
        cancel.setText("Cancel");
        cancel.addListener(SWT.Selection, e -> cancelAnalysis());

        errorBox = new Composite(this, SWT.NONE);
        errorBox.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1));
        errorBox.setLayout(new GridLayout(2, false));
        Label icon = new Label(errorBox, SWT.NONE);
        icon.setImage(getDisplay().getSystemImage(SWT.ICON_ERROR));
        icon.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
        // Read-only Text rather than a Label: the user can copy the message into a ticket.
        error = new Text(errorBox, SWT.READ_ONLY | SWT.WRAP | SWT.MULTI);
        GridData eg = new GridData(SWT.FILL, SWT.TOP, true, false);
        eg.widthHint = 300;
        error.setLayoutData(eg);

        body = new Composite(this, SWT.NONE);
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        GridLayout bl = new GridLayout(1, false);
        bl.marginWidth = 0;
        bl.marginHeight = 0;
        body.setLayout(bl);
        viewer = new TableViewer(body, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
        Table table = viewer.getTable();
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        ColumnViewerToolTipSupport.enableFor(viewer);
        int[] widths = {150, 150, 60, 190, 50, 600};
        for (int i = 0; i < COLUMNS.length; i++) {
            TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
            c.getColumn().setText(COLUMNS[i]);
            c.getColumn().setWidth(widths[i]);
            c.getColumn().setResizable(true);
            c.setLabelProvider(new Cell(i));
        }

        warningsGroup = new Group(body, SWT.NONE);
        warningsGroup.setLayout(new GridLayout(1, false));
        warningsGroup.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));
        warnings = new Table(warningsGroup, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        warnings.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, false));
        warnings.setHeaderVisible(true);
        warnings.setLinesVisible(true);
        for (String name : new String[] {"Frame", "Offset", "Warning"}) {
            new TableColumn(warnings, SWT.LEFT).setText(name);
        }
        setWarnings(List.of());
        showError(null);
        setRunning(false);
    }

    /** Column texts; the Verdict column carries a marker on fatal rows (text says "yes" too). */
    private final class Cell extends ColumnLabelProvider {
        private final int column;

        Cell(int column) { this.column = column; }

        @Override
        public String getText(Object element) {
            return text((ConnectionReport) element, column);
        }

        @Override
        public Image getImage(Object element) {
            return column == 3 && ((ConnectionReport) element).fatal() ? marks.fatal : null;
        }

        @Override
        public Font getFont(Object element) {
            return ((ConnectionReport) element).fatal() && column == 3 ? marks.bold : null;
        }

        @Override
        public Color getForeground(Object element) {
            return ((ConnectionReport) element).fatal() && column == 3 ? marks.fatalForeground : null;
        }

        @Override
        public String getToolTipText(Object element) {
            return ((ConnectionReport) element).summary();
        }
    }

    static String text(ConnectionReport r, int column) {
        return switch (column) {
            case 0 -> r.client();
            case 1 -> r.server();
            case 2 -> r.dialect() == null ? "?" : r.dialect();
            case 3 -> r.verdict().name();
            case 4 -> r.fatal() ? "yes" : "no";
            default -> r.summary() == null ? "" : r.summary();
        };
    }

    /** Connections are reported again as their verdict develops; the capture, client and server identify the row. */
    static String key(ConnectionReport r) {
        return r.capture() + "|" + r.client() + "|" + r.server();
    }

    // --- analysis -------------------------------------------------------------------------------------

    /** Starts analysing {@code capture} in a job (once per pane). */
    public void analyze(Path capture) {
        checkWidget();
        if (job != null) {
            throw new IllegalStateException("this pane already analyses " + file);
        }
        file = capture;
        title.setText(capture.toString());
        status.setText("Analysing " + capture.getFileName() + " \u2026");
        setRunning(true);
        Display display = getDisplay();
        job = new AnalysisJob(capture, new UiSink(display));
        addDisposeListener(e -> job.cancel());
        // A job canceled before it ran never reports: end the "Analysing" state here instead.
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                boolean canceled = event.getResult() != null && event.getResult().getSeverity() == IStatus.CANCEL;
                String why = event.getResult() == null ? "" : event.getResult().getMessage();
                if (!display.isDisposed()) {
                    display.asyncExec(() -> {
                        if (!isDisposed() && !finished) {
                            finished = true;
                            setRunning(false);
                            if (canceled) {
                                status.setText("Canceled before any result");
                            } else {
                                status.setText("Analysis failed");
                                showError("Cannot analyse " + file + "\n" + why);
                            }
                            finishListeners.forEach(Runnable::run);
                        }
                    });
                }
            }
        });
        job.schedule();
    }

    public void cancelAnalysis() {
        if (job != null) {
            job.cancel();
        }
    }

    /**
     * Carries the job's results to the UI thread. Connection updates can come thousands of times a second
     * on a big capture, so they are collected and applied by one pending asyncExec at a time.
     */
    private final class UiSink implements AnalysisJob.Sink {
        private final Display display;
        private final Map<String, ConnectionReport> pending = new LinkedHashMap<>();
        private boolean flushScheduled;
        private int permille = -1;
        private boolean progressScheduled;

        UiSink(Display display) { this.display = display; }

        private void ui(Runnable r) {
            if (!display.isDisposed()) {
                display.asyncExec(() -> {
                    if (!isDisposed()) {
                        r.run();
                    }
                });
            }
        }

        @Override
        public void connectionUpdated(ConnectionReport report) {
            synchronized (pending) {
                pending.put(key(report), report);
                if (flushScheduled) {
                    return;
                }
                flushScheduled = true;
            }
            ui(this::flush);
        }

        private void flush() {
            List<ConnectionReport> batch;
            synchronized (pending) {
                batch = new ArrayList<>(pending.values());
                pending.clear();
                flushScheduled = false;
            }
            if (!finished) {
                upsert(batch);
            }
        }

        @Override
        public void captureFinished(CaptureReport capture) {
            ui(() -> setWarnings(capture.warnings()));
        }

        @Override
        public void progress(int now) {
            synchronized (pending) {
                permille = now;
                if (progressScheduled) {
                    return;
                }
                progressScheduled = true;
            }
            ui(() -> {
                int p;
                synchronized (pending) {
                    p = permille;
                    progressScheduled = false;
                }
                progressBar.setSelection(p);
                status.setText(String.format("Analysing %s \u2026 %d %%", file.getFileName(), p / 10));
            });
        }

        @Override
        public void finished(AnalysisResult r, boolean canceled) {
            ui(() -> showResult(r, canceled));
        }

        @Override
        public void failed(String message) {
            ui(() -> {
                finished = true;
                setRunning(false);
                status.setText("Analysis failed");
                showError("Cannot analyse " + file + "\n" + message);
                finishListeners.forEach(Runnable::run);
            });
        }
    }

    private void upsert(List<ConnectionReport> batch) {
        for (ConnectionReport r : batch) {
            rows.put(key(r), r);
        }
        viewer.setInput(rows.values().toArray());
        status.setText(String.format("Analysing %s \u2026 %d connection(s) so far", file.getFileName(), rows.size()));
    }

    /** The final list replaces the progressive rows (it is authoritative, in the analysis' order). */
    void showResult(AnalysisResult r, boolean canceled) {
        finished = true;
        result = r;
        rows.clear();
        for (ConnectionReport c : r.connections()) {
            rows.put(key(c), c);
        }
        IStructuredSelection before = viewer.getStructuredSelection();
        Object selectedKey = before.getFirstElement() instanceof ConnectionReport c ? key(c) : null;
        viewer.setInput(rows.values().toArray());
        List<CaptureWarning> all = new ArrayList<>();
        long frames = 0;
        String format = "";
        for (CaptureReport c : r.captures()) {
            all.addAll(c.warnings());
            frames += c.frames();
            format = c.format();
        }
        setWarnings(all);
        long fatal = r.connections().stream().filter(ConnectionReport::fatal).count();
        status.setText((canceled ? "Canceled: partial result. " : "") + r.connections().size() + " SMB2 connection(s), "
                + fatal + " fatal \u2014 " + frames + " frames (" + format + ")"
                + (all.isEmpty() ? "" : ", " + all.size() + " warning(s)"));
        setRunning(false);
        // Keep the user's choice; otherwise show the first fatal connection (what the user came for).
        ConnectionReport select = selectedKey == null ? null : rows.get(selectedKey);
        if (select == null) {
            select = r.connections().stream().filter(ConnectionReport::fatal).findFirst()
                    .orElse(r.connections().isEmpty() ? null : r.connections().get(0));
        }
        if (select != null) {
            viewer.setSelection(new StructuredSelection(select), true);
        }
        finishListeners.forEach(Runnable::run);
    }

    private void setWarnings(List<CaptureWarning> list) {
        warnings.removeAll();
        for (CaptureWarning w : list) {
            TableItem it = new TableItem(warnings, SWT.NONE);
            it.setText(new String[] {w.frame() > 0 ? Long.toString(w.frame()) : "\u2014", Long.toString(w.offset()),
                    w.message()});
        }
        warningsGroup.setText(list.isEmpty() ? "Capture warnings: none" : "Capture warnings (" + list.size() + ")");
        for (TableColumn c : warnings.getColumns()) {
            c.pack();
        }
        // No table for no warnings; up to six rows visible (the rest scroll), so the connections keep the room.
        GridData gd = (GridData) warnings.getLayoutData();
        gd.exclude = list.isEmpty();
        gd.heightHint = warnings.getHeaderHeight() + Math.min(6, Math.max(1, list.size())) * warnings.getItemHeight() + 4;
        warnings.setVisible(!list.isEmpty());
        layout(true, true);
    }

    private void showError(String text) {
        failure = text;
        boolean show = text != null;
        error.setText(show ? text : "");
        errorBox.setVisible(show);
        ((GridData) errorBox.getLayoutData()).exclude = !show;
        body.setVisible(!show);
        ((GridData) body.getLayoutData()).exclude = show;
        layout(true, true);
    }

    private void setRunning(boolean running) {
        progressBar.setVisible(running);
        cancel.setVisible(running);
        progressBar.setSelection(0);
    }

    // --- for the editor and tests --------------------------------------------------------------------

    /** Runs on the UI thread once the result or the failure is shown. */
    public void addFinishListener(Runnable r) { finishListeners.add(r); }

    public TableViewer viewer() { return viewer; }
    public Path file() { return file; }
    /** The analysis job (null before {@link #analyze}). */
    public Job job() { return job; }
    /** True once the final result or a failure is shown. Readable from any thread. */
    public boolean isFinished() { return finished; }
    public AnalysisResult result() { return result; }
    /** The error shown instead of the table, or null. */
    public String errorText() { return failure; }
    public String statusText() { return status.getText(); }
    public Table warningsTable() { return warnings; }
}
