package org.negscope.ui.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.viewers.ILazyContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.BusyIndicator;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.FileDialog;
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
import org.negscope.analysis.CaptureOverview;
import org.negscope.analysis.ConnectionFilter;
import org.negscope.analysis.Verdict;
import org.negscope.analysis.WiresharkFilter;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.NtlmAccount;
import org.negscope.analysis.SignatureStatus;
import org.negscope.capture.CaptureWarning;
import org.negscope.capture.Progress;
import org.negscope.ui.ConnectionContext;
import org.negscope.ui.Marks;
import org.negscope.ui.VerdictText;
import org.negscope.ui.credentials.CredentialStore;
import org.negscope.ui.credentials.Credentials;
import org.negscope.ui.credentials.CredentialsDialog;
import org.negscope.ui.packets.ConnectionMessages;
import org.negscope.ui.packets.MessageSignature;
import org.negscope.ui.packets.MessageSource;

/**
 * The capture editor's content: one capture file, analysed by an {@link AnalysisJob}, its SMB2 connections
 * filling the table as verdicts become known, the capture's warnings (frame, offset, message) below, and
 * the file's error in place of the table when it cannot be read at all. Plain SWT + JFace viewers, so tests
 * can run it in a bare Shell.
 * <p>
 * Still long (about 1 400 lines): the layout, the analysis job's life cycle, the credentials it remembers and the
 * hand-off actions all work on the same widgets. What has no widget lives apart: the columns, sort keys and row
 * selection in {@link ConnectionColumns}, the connections (rows, full reports, packed list) in {@link ConnectionRows},
 * reading a packed connection again in {@link ConnectionLoader}.
 */
public class CapturePane extends Composite {
    static final String[] COLUMNS = ConnectionColumns.COLUMNS;
    static final int START = ConnectionColumns.START, STREAM = ConnectionColumns.STREAM;
    /** Index of the Signatures column (ConnectionColumns). */
    public static final int SIGNATURES = ConnectionColumns.SIGNATURES;

    private final Marks marks;
    private final Label title;
    private final Label status;
    private final ProgressBar progressBar;
    private final Button cancel;
    private final Button credentialsButton;
    private final Button compareButton;
    private Runnable compareAction = () -> {};
    /** What the signatures were checked with, and what came out. */
    private final Label signatures;
    private final Composite errorBox;
    private final Text error;
    /** Connections table and warnings; replaced by the error box when the file cannot be read. */
    private final Composite body;
    private final ConnectionViewer viewer;
    private final OverviewComposite overview;
    private final org.eclipse.swt.custom.SashForm split;
    private final org.eclipse.swt.custom.ScrolledComposite topScroll;
    private final Composite top;
    private final Text filterBox;
    private final Button fatalOnly;
    private final Combo verdictChoice;
    private final Label shownLabel;
    private final Button copyFilter, openWireshark, exportCsv;
    /** Every connection of the table (the analysis' final list, or the rows so far), and which of them are shown, in order. */
    private List<ConnectionReport> all = List.of();
    private int[] shown = new int[0];
    private ConnectionFilter filter = ConnectionFilter.ALL;
    /** Column the table is sorted by (-1: the analysis' order), and whether ascending. */
    private int sortColumn = -1;
    private boolean sortUp = true;
    /** A filter typed in the box is applied once typing pauses; progressive rows refresh the table a few times a second. */
    private boolean filterScheduled, rowsScheduled;
    private long lastRowsRefresh;
    private CaptureOverview overviewData, pendingOverview;
    /** Above this many rows, filter and sort run on a worker thread (the UI thread must not block for 100 ms). */
    static final int BACKGROUND_ROWS = 20_000;
    /** Numbers table refreshes: a worker's result for an older one is dropped. */
    private int refreshes;
    private final List<Runnable> refreshListeners = new ArrayList<>(1);
    private static final java.util.concurrent.ExecutorService WORKER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "NegScope table filter");
        t.setDaemon(true);
        return t;
    });
    private final Group warningsGroup;
    private final Table warnings;

    /**
     * The current run's connections: a row each, a bounded number of full reports (docs/architecture.md "Memory");
     * replaced by the final store when the analysis ends. {@link #shownStore} is the one {@link #all} reads.
     */
    private ConnectionRows store = new ConnectionRows(fullBudget), shownStore = store;
    /** Full reports kept from the analysis (tests lower it to make every connection packed). */
    static int fullBudget = ConnectionRows.FULL_BUDGET;
    /** Reads the selected connection's full report when it is packed; null when none runs. */
    private ConnectionLoader loader;
    private int loaderRow = -1;
    /** The status line of the finished analysis, shown again once a connection has been read. */
    private String resultStatus, readingText;
    private Path file;
    /** A capture set's files or directories ({@link #file} is the first); empty for a single file. */
    private List<Path> members = List.of();
    private AnalysisJob job;
    private AnalysisResult result;
    private String failure;
    private volatile boolean finished;
    private final List<Runnable> finishListeners = new ArrayList<>(1);
    /** Numbers the analysis runs (a new one starts when credentials are given); late callbacks of older runs are dropped. */
    private int run;
    /** When the current analysis started (System.nanoTime), and when its first verdicts were shown (0: not yet). */
    private long startedNanos, firstRowsNanos, finishedNanos;
    private final List<Runnable> firstRowsListeners = new ArrayList<>(1);
    private volatile int finishedRuns;
    /** The credentials of the current run (owned: wiped when replaced, once no job uses them, and on dispose). */
    private Credentials credentials;
    private boolean recallTried;
    private String credentialsNote = "";

    public CapturePane(Composite parent) {
        super(parent, SWT.NONE);
        marks = new Marks(this);
        GridLayout layout = new GridLayout(5, false);
        layout.marginWidth = 6;
        layout.marginHeight = 4;
        setLayout(layout);

        title = new Label(this, SWT.NONE);
        title.setFont(marks.bold);
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 5, 1));
        status = new Label(this, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        progressBar = new ProgressBar(this, SWT.HORIZONTAL);
        progressBar.setMaximum(1000);
        GridData pb = new GridData(SWT.RIGHT, SWT.CENTER, false, false);
        pb.widthHint = 160;
        progressBar.setLayoutData(pb);
        cancel = new Button(this, SWT.PUSH);
        cancel.setText("Cancel");
        cancel.setLayoutData(new GridData(SWT.RIGHT, SWT.CENTER, false, false));
        cancel.addListener(SWT.Selection, e -> cancelAnalysis());
        credentialsButton = new Button(this, SWT.PUSH);
        credentialsButton.setText("Credentials\u2026");
        credentialsButton.setToolTipText("Give the password, NT hash or session keys to prove the signatures (VALID / INVALID)");
        credentialsButton.addListener(SWT.Selection, e -> openCredentialsDialog());
        compareButton = new Button(this, SWT.PUSH);
        compareButton.setText("Compare with server-side capture\u2026");
        compareButton.setImage(null);
        compareButton.setToolTipText("Two-point analysis: match this (client-side) capture with one taken on the server's side of"
                + " the middlebox and see exactly what the path changed");
        compareButton.addListener(SWT.Selection, e -> compareAction.run());

        errorBox = new Composite(this, SWT.NONE);
        errorBox.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 5, 1));
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
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 5, 1));
        GridLayout bl = new GridLayout(1, false);
        bl.marginWidth = 0;
        bl.marginHeight = 0;
        body.setLayout(bl);
        // What the capture says in words above, the connection list below: a sash between them, the list two thirds of
        // the height at first however long the sentences are (they scroll).
        split = new org.eclipse.swt.custom.SashForm(body, SWT.VERTICAL);
        split.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        topScroll = new org.eclipse.swt.custom.ScrolledComposite(split, SWT.V_SCROLL);
        topScroll.setExpandHorizontal(true);
        topScroll.setExpandVertical(true);
        top = new Composite(topScroll, SWT.NONE);
        GridLayout tl = new GridLayout(1, false);
        tl.marginWidth = 0;
        tl.marginHeight = 0;
        top.setLayout(tl);
        topScroll.setContent(top);
        topScroll.addListener(SWT.Resize, e -> fitTop());
        signatures = new Label(top, SWT.WRAP);
        GridData sg = new GridData(SWT.FILL, SWT.CENTER, true, false);
        sg.widthHint = 300;
        signatures.setLayoutData(sg);
        overview = new OverviewComposite(top, marks);
        overview.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Composite lower = new Composite(split, SWT.NONE);
        GridLayout ll = new GridLayout(1, false);
        ll.marginWidth = 0;
        ll.marginHeight = 0;
        lower.setLayout(ll);
        split.setWeights(new int[] {34, 66});
        overview.onGroup(this::setFilterText);

        Composite filters = new Composite(lower, SWT.NONE);
        filters.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        // Two rows, so that the filter box keeps its room in a narrow editor: the filters, then navigation and hand-off.
        GridLayout fl = new GridLayout(4, false);
        fl.marginWidth = 0;
        fl.marginHeight = 0;
        filters.setLayout(fl);
        filterBox = new Text(filters, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
        filterBox.setMessage("Filter: address, port:445, verdict:resp, dialect:3.0.2, field:Capabilities, fatal, or any text");
        filterBox.setToolTipText("Terms separated by spaces, all must match: client:, server:, addr:, port:, verdict:, dialect:,"
                + " field: (a differing field), fatal / fatal:no, or free text (client, server, verdict, summary, values)");
        GridData fb = new GridData(SWT.FILL, SWT.CENTER, true, false);
        fb.widthHint = 260;
        filterBox.setLayoutData(fb);
        filterBox.addListener(SWT.Modify, e -> scheduleFilter());
        filterBox.addListener(SWT.DefaultSelection, e -> applyFilter());
        fatalOnly = new Button(filters, SWT.CHECK);
        fatalOnly.setText("Fatal only");
        fatalOnly.addListener(SWT.Selection, e -> applyFilter());
        verdictChoice = new Combo(filters, SWT.READ_ONLY | SWT.DROP_DOWN);
        verdictChoice.add("All verdicts");
        for (Verdict v : Verdict.values()) {
            verdictChoice.add(v.name());
        }
        verdictChoice.select(0);
        verdictChoice.setVisibleItemCount(Verdict.values().length + 1);
        verdictChoice.addListener(SWT.Selection, e -> applyFilter());
        shownLabel = new Label(filters, SWT.NONE);
        shownLabel.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false));
        Composite actions = new Composite(filters, SWT.NONE);
        actions.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
        org.eclipse.swt.layout.RowLayout al = new org.eclipse.swt.layout.RowLayout(SWT.HORIZONTAL);
        al.marginLeft = al.marginTop = al.marginBottom = 0;
        al.center = true;
        actions.setLayout(al);
        Button previous = new Button(actions, SWT.PUSH);
        previous.setText("\u25b2 Previous fatal");
        previous.setToolTipText("Previous fatal connection (Ctrl+, or Shift+F8)");
        previous.addListener(SWT.Selection, e -> nextFatal(false));
        Button next = new Button(actions, SWT.PUSH);
        next.setText("\u25bc Next fatal");
        next.setToolTipText("Next fatal connection (Ctrl+. or F8)");
        next.addListener(SWT.Selection, e -> nextFatal(true));
        copyFilter = new Button(actions, SWT.PUSH);
        copyFilter.setText("Copy Wireshark filter");
        copyFilter.setToolTipText("Copy a Wireshark display filter for the selected connection (addresses and ports; tcp.stream"
                + " when this is a single pcap, pcapng or NetMon file)");
        copyFilter.addListener(SWT.Selection, e -> copyWiresharkFilter());
        openWireshark = new Button(actions, SWT.PUSH);
        openWireshark.setText("Open in Wireshark");
        openWireshark.addListener(SWT.Selection, e -> openInWireshark());
        exportCsv = new Button(actions, SWT.PUSH);
        exportCsv.setText("Export CSV\u2026");
        exportCsv.setToolTipText("Save the connections shown (filtered, in this order) as CSV: one row per connection");
        exportCsv.addListener(SWT.Selection, e -> exportCsvDialog());

        viewer = new ConnectionViewer(lower, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL | SWT.VIRTUAL);
        Table table = viewer.getTable();
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        // Virtual: only rows on screen are asked for (100 000 connections stay responsive); filter and sort are ours.
        viewer.setUseHashlookup(false);
        viewer.setContentProvider(new ILazyContentProvider() {
            @Override public void updateElement(int index) {
                if (index < shown.length) {
                    viewer.replace(element(shown[index]), index);
                }
            }
        });
        viewer.setInput(this);
        ColumnViewerToolTipSupport.enableFor(viewer);
        int[] widths = {150, 150, 60, 190, 50, 200, 460, 100, 70};
        for (int i = 0; i < COLUMNS.length; i++) {
            TableViewerColumn c = new TableViewerColumn(viewer, i == STREAM ? SWT.RIGHT : SWT.LEFT);
            c.getColumn().setText(COLUMNS[i]);
            c.getColumn().setWidth(widths[i]);
            c.getColumn().setResizable(true);
            c.getColumn().setMoveable(true);
            c.setLabelProvider(new Cell(i));
            int column = i;
            c.getColumn().addListener(SWT.Selection, e -> sortBy(column));
        }
        table.addListener(SWT.KeyDown, e -> {
            boolean ctrl = (e.stateMask & SWT.MOD1) != 0;
            if (e.keyCode == SWT.F8 || ctrl && (e.character == '.' || e.character == ',')) {
                nextFatal(e.keyCode == SWT.F8 ? (e.stateMask & SWT.SHIFT) == 0 : e.character == '.');
                e.doit = false;
            }
        });
        viewer.addSelectionChangedListener(e -> {
            updateHandOff();
            loadSelected();
        });
        updateHandOff();

        warningsGroup = new Group(lower, SWT.NONE);
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
            return ConnectionColumns.text(report(element), column);
        }

        @Override
        public Image getImage(Object element) {
            return column == 3 && report(element).fatal() ? marks.fatal : null;
        }

        @Override
        public Font getFont(Object element) {
            return report(element).fatal() && column == 3 ? marks.bold : null;
        }

        @Override
        public Color getForeground(Object element) {
            ConnectionReport r = report(element);
            return r.fatal() && column == 3 || column == SIGNATURES && r.signatureChecks().invalid() > 0
                    ? marks.fatalForeground : null;
        }

        @Override
        public String getToolTipText(Object element) {
            ConnectionReport r = report(element);
            return column == SIGNATURES && r.signatureChecks().checked() ? ConnectionColumns.signaturesTip(r.signatureChecks()) : r.summary();
        }
    }

    /** Connections are reported again as their verdict develops; the capture, client and server identify the row. */
    static String key(ConnectionReport r) {
        return r.capture() + "|" + r.client() + "|" + r.server();
    }

    /** Whether {@code a} and {@code b} report the same connection (also a row and its full report). */
    static boolean same(ConnectionReport a, ConnectionReport b) {
        if (a == b) {
            return true;
        }
        int s = a.details().tcpStream();
        return s >= 0 ? s == b.details().tcpStream() && a.capture() == b.capture() && a.client().equals(b.client())
                : key(a).equals(key(b));
    }

    /**
     * A row whose full report is not held: the table shows its row; it is not a {@link ConnectionReport}, so the views
     * that follow the selection keep what they show until {@link #loadSelected} has read the full report.
     */
    record PackedRow(int row, ConnectionReport report) {}

    /** The table's element for row {@code row} of {@link #all}: the full report when held, else a {@link PackedRow}. */
    private Object element(int row) {
        ConnectionReport f = shownStore.full(row);
        return f != null ? f : new PackedRow(row, all.get(row));
    }

    /** The report behind a table element. */
    static ConnectionReport report(Object element) {
        return element instanceof PackedRow p ? p.report() : (ConnectionReport) element;
    }

    // --- analysis -------------------------------------------------------------------------------------

    /** Starts analysing {@code capture} in a job (once per pane; {@link #setCredentials} analyses it again). */
    public void analyze(Path capture) {
        analyze(capture, List.of());
    }

    /**
     * As {@link #analyze(Path)}; with {@code setMembers} (files or directories, {@code capture} the first of them) not
     * empty, analyses them as one capture set.
     */
    public void analyze(Path capture, List<Path> setMembers) {
        checkWidget();
        members = List.copyOf(setMembers);
        if (file != null) {
            throw new IllegalStateException("this pane already analyses " + file);
        }
        file = capture;
        title.setText(members.isEmpty() ? capture.toString() : "Capture set: " + String.join(", ", members.stream().map(Path::toString).toList()));
        addDisposeListener(e -> {
            if (job != null) {
                job.cancel();
            }
            cancelLoader();
            Credentials c = credentials;
            credentials = null;
            // A running job still reads them: it wipes them when it is done (see start()).
            if (c != null && (job == null || job.getState() == Job.NONE)) {
                c.clear();
            }
        });
        start();
    }

    /**
     * Analyses the capture again with these credentials (null: none), replacing (and, once no job uses them,
     * wiping) the previous ones. With {@code remember}, they are also stored in Eclipse secure storage.
     */
    public void setCredentials(Credentials c, boolean remember) {
        checkWidget();
        Credentials old = credentials;
        credentials = c;
        credentialsNote = "";
        if (old != null && old != c && (job == null || job.getState() == Job.NONE)) {
            old.clear();
        }
        if (c != null && remember) {
            remember(c);
        }
        start();
    }

    private void remember(Credentials c) {
        try {
            if (c.kind() == Credentials.Kind.KEYTAB) {
                CredentialStore.rememberKeytab(c);
                credentialsNote = " (keytab remembered in secure storage)";
            } else if (c.kind() == Credentials.Kind.SESSION_KEYS) {
                String[] hash = new String[1];
                Exception[] error = new Exception[1];
                BusyIndicator.showWhile(getDisplay(), () -> {
                    try {
                        hash[0] = CredentialStore.sha256(hashedFile());
                    } catch (java.io.IOException e) {
                        error[0] = e;
                    }
                });
                if (error[0] != null) {
                    throw error[0];
                }
                CredentialStore.rememberSessionKeys(c, hash[0]);
                credentialsNote = " (remembered for this capture in secure storage)";
            } else {
                NtlmAccount a = account();
                String user = c.user() != null ? c.user() : a == null ? "" : a.user();
                String domain = c.user() != null ? c.domain() : a == null ? "" : a.domain();
                CredentialStore.rememberAccount(c, user, domain);
                credentialsNote = " (remembered for " + (domain == null || domain.isEmpty() ? "" : domain + "\\") + user
                        + " in secure storage)";
            }
        } catch (Exception e) {
            // The message of a StorageException names the storage problem, never the secret.
            credentialsNote = " (could not be remembered: " + e.getMessage() + ")";
        }
    }

    /** True when a connection has a signed VALIDATE response that no credentials proved yet, or is encrypted. */
    private boolean unverifiedSignatures() {
        if (result == null) {
            return false;
        }
        for (ConnectionReport r : store.rows()) {
            if (r.signature() == org.negscope.analysis.SignatureStatus.UNVERIFIED || r.verdict() == org.negscope.analysis.Verdict.ENCRYPTED) {
                return true;
            }
        }
        return false;
    }

    /** The account the capture's first authenticated session names, or null. */
    NtlmAccount account() {
        // noted while the reports came in: walking the result would unpack every packed report on the UI thread
        return result == null ? null : store.account();
    }

    /** The Credentials… button: the dialog, then a new analysis with what the user gave. */
    public void openCredentialsDialog() {
        CredentialsDialog d = credentialsDialog();
        if (d.open() == Window.OK && d.result() != null) {
            setCredentials(d.result(), d.remember());
        }
    }

    /** The dialog, filled with the account the capture names. */
    public CredentialsDialog credentialsDialog() {
        NtlmAccount a = account();
        return new CredentialsDialog(getShell(), file == null ? "capture" : String.valueOf(file.getFileName()),
                a == null ? null : a.user(), a == null ? null : a.domain());
    }

    private void start() {
        if (job != null) {
            job.cancel();
        }
        int thisRun = ++run;
        cancelLoader();
        store = new ConnectionRows(fullBudget);
        startedNanos = System.nanoTime();
        firstRowsNanos = 0;
        finished = false;
        failure = null;
        Credentials used = credentials;
        status.setText("Analysing " + file.getFileName() + (used == null ? "" : " with " + used.describe()) + " \u2026");
        setRunning(true);
        Display display = getDisplay();
        AnalysisJob j = new AnalysisJob(file, members, used, new UiSink(display, thisRun, store));
        job = j;
        // A job canceled before it ran never reports: end the "Analysing" state here instead.
        j.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                boolean canceled = event.getResult() != null && event.getResult().getSeverity() == IStatus.CANCEL;
                String why = event.getResult() == null ? "" : event.getResult().getMessage();
                if (!display.isDisposed()) {
                    display.asyncExec(() -> {
                        // Credentials this job used and nobody uses any more: wipe them now that it is done.
                        if (used != null && used != credentials) {
                            used.clear();
                        }
                        if (!isDisposed() && thisRun == run && !finished) {
                            finished = true;
                            setRunning(false);
                            if (canceled) {
                                status.setText("Canceled before any result");
                            } else {
                                status.setText("Analysis failed");
                                showError("Cannot analyse " + file + "\n" + why);
                            }
                            announceFinished();
                        }
                    });
                } else if (used != null && used != credentials) {
                    used.clear();
                }
            }
        });
        j.schedule();
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
        private final int sinkRun;
        /** The run's store: written here, on the job's thread; the final one is made in {@link #held}. */
        private final ConnectionRows rowsSoFar;
        private ConnectionRows finalRows;
        private final Object pending = new Object();
        private boolean flushScheduled;
        private int permille = -1;
        private boolean progressScheduled;

        UiSink(Display display, int run, ConnectionRows rows) {
            this.display = display;
            this.sinkRun = run;
            this.rowsSoFar = rows;
        }

        private void ui(Runnable r) {
            if (!display.isDisposed()) {
                display.asyncExec(() -> {
                    if (!isDisposed() && sinkRun == run) {
                        r.run();
                    }
                });
            }
        }

        @Override
        public void connectionUpdated(ConnectionReport report) {
            rowsSoFar.update(report);
            synchronized (pending) {
                if (flushScheduled) {
                    return;
                }
                flushScheduled = true;
            }
            ui(this::flush);
        }

        private void flush() {
            synchronized (pending) {
                flushScheduled = false;
            }
            if (!finished) {
                upsert();
            }
        }

        @Override
        public AnalysisResult held(AnalysisResult analysed) {
            // on the job's thread: the final rows (in the analysis' order) and the overview over them, so that the UI
            // thread neither unpacks nor walks the reports
            finalRows = rowsSoFar.finished(analysed.connections());
            computed = CaptureOverview.of(finalRows.rows());
            return new AnalysisResult(analysed.captures(), finalRows.reports());
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

        private CaptureOverview computed;

        @Override
        public void finished(AnalysisResult r, boolean canceled) {
            CaptureOverview o = computed;
            ConnectionRows rows = finalRows != null ? finalRows : rowsSoFar.finished(r.connections());
            ui(() -> {
                pendingOverview = o;
                store = rows;
                showResult(r, canceled);
            });
        }

        @Override
        public void failed(String message) {
            ui(() -> {
                finished = true;
                setRunning(false);
                status.setText("Analysis failed");
                showError("Cannot analyse " + file + "\n" + message);
                announceFinished();
            });
        }
    }

    private void upsert() {
        status.setText(String.format("Analysing %s \u2026 %d connection(s) so far", file.getFileName(), store.size()));
        // The first rows at once; then the table follows a few times a second, less often as it grows (each refresh
        // filters and sorts every row on the worker and resizes the table: 100 000 rows every 300 ms took a
        // noticeable share of both cores from the analysis).
        long now = System.nanoTime();
        int every = refreshMillis(store.size());
        if (all.isEmpty() || now - lastRowsRefresh > every * 1_000_000L) {
            showRows();
        } else if (!rowsScheduled) {
            rowsScheduled = true;
            getDisplay().timerExec(every, () -> {
                rowsScheduled = false;
                if (!isDisposed() && !finished) {
                    showRows();
                }
            });
        }
        noteFirstRows();
    }

    /** How often the table follows the analysis: every 300 ms up to 20 000 rows, then 10 ms more per 1 000 rows. */
    static int refreshMillis(int rows) {
        return 300 + Math.max(0, rows - BACKGROUND_ROWS) / 100;
    }

    private void showRows() {
        lastRowsRefresh = System.nanoTime();
        setAll(store);
    }

    /** The first time rows are in the table during an analysis: its time, and the listeners are told. */
    private void noteFirstRows() {
        if (firstRowsNanos == 0 && store.size() > 0) {
            firstRowsNanos = System.nanoTime();
            firstRowsListeners.forEach(Runnable::run);
        }
    }

    /** Every end of an analysis (result, failure, cancel before any result): its time, and the listeners are told. */
    private void announceFinished() {
        finishedNanos = System.nanoTime();
        finishedRuns++;
        finishListeners.forEach(Runnable::run);
    }

    /**
     * Milliseconds from the start of the current analysis to the first verdicts in the table (progressive rows, or the
     * final result when it came first); -1 before that. The benchmark (releng/bench) expects a 1 GB capture to show them within 2 s.
     */
    public long firstVerdictsMillis() {
        return firstRowsNanos == 0 ? -1 : (firstRowsNanos - startedNanos) / 1_000_000;
    }

    /** Milliseconds the current analysis has taken so far (until its result was shown, once finished). */
    public long analysisMillis() {
        return ((finished ? finishedNanos : System.nanoTime()) - startedNanos) / 1_000_000;
    }

    /** Called on the UI thread when an analysis shows its first verdicts. */
    public void addFirstRowsListener(Runnable r) { firstRowsListeners.add(r); }

    /** The final list replaces the progressive rows (it is authoritative, in the analysis' order). */
    void showResult(AnalysisResult r, boolean canceled) {
        finished = true;
        result = r;
        String given = credentials == null ? null : credentials.describe();
        for (ConnectionReport c : store.fullReports()) {
            ConnectionContext.register(c, new ConnectionContext(source(c), given));
        }
        List<ConnectionReport> rowsNow = store.rows();
        showError(null);
        signatures.setText(signatureLine(rowsNow) + twoPointHint(rowsNow));
        fitTop();
        ConnectionReport before = selected();
        overviewData = pendingOverview != null ? pendingOverview : CaptureOverview.of(rowsNow);
        pendingOverview = null;
        overview.show(overviewData);
        fitTop();
        // Keep the user's choice; otherwise show the first fatal connection (what the user came for), else the first
        // one where Validate Negotiate applies (a 3.1.1 or SMB1 connection says nothing about it), else the first row --
        // once the table shows the final list (at once, or when a worker has filtered a big one).
        ConnectionReport select = before != null ? before : overviewData.fatal() > 0
                ? rowsNow.stream().filter(ConnectionReport::fatal).findFirst().orElse(null)
                : rowsNow.stream().filter(c -> c.verdict() != org.negscope.analysis.Verdict.NOT_APPLICABLE).findFirst()
                        .orElse(rowsNow.isEmpty() ? null : rowsNow.get(0));
        if (select != null) {
            afterNextRefresh(() -> select(select));
        }
        setAll(store);
        List<CaptureWarning> all = new ArrayList<>();
        long frames = 0, nonPacket = 0, duplicates = 0;
        String format = "";
        for (CaptureReport c : r.captures()) {
            all.addAll(c.warnings());
            frames += c.frames();
            nonPacket += c.nonPacketRecords();
            duplicates += c.duplicates();
            format = c.format();
            if (c.isSet()) {
                // the set's files in the order read, with their set-wide frames, where the capture's path was
                format = "set of " + c.members().size() + " files";
                title.setText("Capture set: " + String.join(", ", c.members().stream().map(m -> Path.of(m.path()).getFileName()
                        + " (" + m.format() + (m.frames() == 0 ? ", no frames)" : !m.runs().isEmpty() ? ", " + m.frames() + " frames merged by time)"
                        : ", frames " + m.firstFrame() + "\u2013" + (m.firstFrame() + m.frames() - 1) + ")")).toList()) + " \u2014 in " + Path.of(c.members().get(0).path()).getParent());
                title.setToolTipText(String.join("\n", c.members().stream().map(m -> m.path()).toList()));
            }
        }
        setWarnings(all);
        long fatal = overviewData.fatal();
        resultStatus = (canceled ? "Canceled: partial result. " : "") + r.connections().size() + " SMB2 connection(s), "
                + fatal + " fatal \u2014 " + frames + " frames (" + format + ")"
                + (nonPacket > 0 ? ", " + nonPacket + " ETW/NetEvent records not analysed" : "")
                + (duplicates > 0 ? ", " + duplicates + " duplicate packet copies set aside" : "")
                + (all.isEmpty() ? "" : ", " + all.size() + " warning(s)");
        status.setText(loader != null ? readingText : resultStatus);
        status.setToolTipText(resultStatus);
        setRunning(false);
        noteFirstRows();
        announceFinished();
        if (!recallTried && credentials == null && !canceled) {
            recallTried = true;
            recallRemembered();
        }
    }

    /** A mismatch or a hang-up after VALIDATE is what a middlebox causes: point at the two-point comparison. */
    private static String twoPointHint(List<ConnectionReport> rows) {
        boolean path = rows.stream().anyMatch(c -> c.verdict() == org.negscope.analysis.Verdict.SERVER_TERMINATED
                || c.verdict() == org.negscope.analysis.Verdict.RESPONSE_MISMATCH || c.verdict() == org.negscope.analysis.Verdict.REQUEST_MISMATCH);
        return path ? "\nA middlebox may have rewritten NEGOTIATE: with a capture from the server's side, \"Compare with server-side"
                + " capture\u2026\" shows what it changed." : "";
    }

    /** "Signatures: ..." under the status: what was checked with what, or how to check them. */
    private String signatureLine(List<ConnectionReport> rows) {
        long signed = rows.stream().filter(c -> c.signature() != SignatureStatus.UNSIGNED
                && c.signature() != SignatureStatus.NONE).count();
        if (credentials == null) {
            return signed == 0 ? "Signatures: no signed VALIDATE response in this capture."
                    : "Signatures: " + signed + " signed VALIDATE response(s), not verified \u2014 give the password, NT hash or"
                    + " session key with Credentials\u2026 to prove them VALID or INVALID.";
        }
        Map<SignatureStatus, Long> by = new java.util.EnumMap<>(SignatureStatus.class);
        for (ConnectionReport c : rows) {
            by.merge(c.signature(), 1L, Long::sum);
        }
        StringBuilder b = new StringBuilder("Signatures checked with the " + credentials.describe() + credentialsNote + ": ");
        boolean first = true;
        for (SignatureStatus st : new SignatureStatus[] {SignatureStatus.VALID, SignatureStatus.INVALID, SignatureStatus.UNVERIFIED}) {
            Long n = by.get(st);
            if (n != null) {
                b.append(first ? "" : ", ").append(n).append(' ').append(st);
                first = false;
            }
        }
        b.append(first ? "no signed VALIDATE response" : " VALIDATE response(s)");
        return b.append('.').append(everyMessage(rows)).toString();
    }

    /**
     * " Every signed message: 29 VALID." summed over the connections as the analysis counted them, with the hint when
     * the credentials are probably wrong; "" when nothing was checked.
     */
    private static String everyMessage(List<ConnectionReport> rows) {
        long valid = 0, invalid = 0, unverified = 0;
        String hint = null;
        boolean checked = false;
        for (ConnectionReport c : rows) {
            org.negscope.analysis.SignatureChecks sc = c.signatureChecks();
            checked |= sc.checked();
            valid += sc.valid();
            invalid += sc.invalid();
            unverified += sc.unverified();
            hint = hint != null ? hint : sc.credentialsHint();
        }
        if (!checked) {
            return "";
        }
        String counts = VerdictText.signatureCounts(new org.negscope.analysis.SignatureChecks(true, null, valid, invalid,
                unverified, 0, null, null, 0, null, null, null, null, 0, 0));
        return " Every signed message: " + counts + "." + (hint == null ? "" : " " + Character.toUpperCase(hint.charAt(0))
                + hint.substring(1) + ".");
    }

    /** Where the packet-detail view reads all of a connection's messages: this file again, with these credentials. */
    private MessageSource source(ConnectionReport c) {
        Path f = file;
        List<Path> set = members;
        return new MessageSource() {
            @Override
            public ConnectionMessages load(Progress p) throws Exception {
                Credentials now = isDisposed() ? null : credentialsNow();
                return set.isEmpty() ? ConnectionMessages.read(f, c, p, now) : ConnectionMessages.readSet(set, c, p, now);
            }

            @Override
            public String name() {
                return String.valueOf(f.getFileName());
            }
        };
    }

    /** The current credentials, read from any thread. */
    private Credentials credentialsNow() {
        Credentials[] c = new Credentials[1];
        if (!getDisplay().isDisposed()) {
            getDisplay().syncExec(() -> c[0] = isDisposed() ? null : credentials);
        }
        return c[0];
    }

    /**
     * After the first analysis: if the user asked NegScope to remember credentials for this capture's account (or
     * session keys for this very file), use them. Checking needs no secret; reading them may ask for the master
     * password of the secure storage.
     */
    private void recallRemembered() {
        try {
            NtlmAccount a = account();
            Credentials c = null;
            if (a != null && CredentialStore.hasAccount(a.user(), a.domain())) {
                c = CredentialStore.recallAccount(a.user(), a.domain());
            }
            if (c == null && CredentialStore.hasAnyCapture()) {
                String hash = CredentialStore.sha256(hashedFile());
                if (CredentialStore.hasCapture(hash)) {
                    c = CredentialStore.recallSessionKeys(hash);
                }
            }
            if (c == null && a == null && CredentialStore.hasAnyKeytab() && unverifiedSignatures()) {
                // Signed sessions that are not NTLM: Kerberos, where a remembered keytab may open the tickets.
                c = CredentialStore.recallKeytab();
            }
            if (c != null) {
                setCredentials(c, false);
                credentialsNote = " (remembered in secure storage)";
            }
        } catch (Exception e) {
            signatures.setText(signatures.getText() + " Remembered credentials could not be read: " + e.getMessage());
            fitTop();
        }
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
        // Hidden, they would still hold their width: the status line ("N SMB2 connection(s), M fatal ...") gets it back.
        ((GridData) progressBar.getLayoutData()).exclude = !running;
        ((GridData) cancel.getLayoutData()).exclude = !running;
        layout(new Control[] {status, progressBar, cancel});
    }

    // --- the table: filter, sort, selection, hand-off -----------------------------------------------------

    /** A TableViewer that can announce a selection made by index (setSelection by element would walk a virtual table). */
    static final class ConnectionViewer extends TableViewer {
        ConnectionViewer(Composite parent, int style) {
            super(parent, style);
        }

        void announceSelection() {
            org.eclipse.jface.viewers.SelectionChangedEvent e = new org.eclipse.jface.viewers.SelectionChangedEvent(this, getSelection());
            fireSelectionChanged(e);
            firePostSelectionChanged(e);
        }
    }

    /** The words above the list take the height they need at the current width; beyond the sash's share they scroll. */
    private void fitTop() {
        int w = topScroll.getClientArea().width;
        if (w > 0) {
            top.layout(true, true);
            topScroll.setMinSize(top.computeSize(w, SWT.DEFAULT));
        }
    }

    /** The rows of {@code rows} for the table (the analysis' so far, or the final ones); filter, sort and selection are kept. */
    private void setAll(ConnectionRows rows) {
        refreshTable(rows, rows.rows());
    }

    private void scheduleFilter() {
        if (filterScheduled) {
            return;
        }
        filterScheduled = true;
        getDisplay().timerExec(200, () -> {
            filterScheduled = false;
            if (!isDisposed()) {
                applyFilter();
            }
        });
    }

    /** Reads the filter box, "Fatal only" and the verdict choice, and shows what matches. */
    void applyFilter() {
        filter = ConnectionFilter.parse(filterBox.getText());
        refreshTable();
    }

    /** Puts {@code text} in the filter box and applies it at once (the overview's group links). */
    public void setFilterText(String text) {
        filterBox.setText(text == null ? "" : text);
        applyFilter();
    }

    /** Sorts by {@code column}; the same column again reverses the order. */
    public void sortBy(int column) {
        if (sortColumn == column) {
            sortUp = !sortUp;
        } else {
            sortColumn = column;
            sortUp = true;
        }
        Table t = viewer.getTable();
        t.setSortColumn(t.getColumn(column));
        t.setSortDirection(sortUp ? SWT.UP : SWT.DOWN);
        refreshTable();
    }

    private void refreshTable() {
        refreshTable(shownStore, all);
    }

    private void refreshTable(ConnectionRows st, List<ConnectionReport> rowsNow) {
        int v = verdictChoice.getSelectionIndex();
        ConnectionFilter f = filter;
        boolean fatal = fatalOnly.getSelection();
        Verdict verdict = v <= 0 ? null : Verdict.values()[v - 1];
        int column = sortColumn;
        boolean up = sortUp;
        int thisRefresh = ++refreshes;
        if (rowsNow.size() <= BACKGROUND_ROWS) {
            showRows(st, rowsNow, ConnectionColumns.select(rowsNow, f, fatal, verdict, column, up));
            return;
        }
        shownLabel.setText("filtering " + CaptureOverview.number(rowsNow.size()) + " rows \u2026");
        Display d = getDisplay();
        WORKER.execute(() -> {
            int[] s = ConnectionColumns.select(rowsNow, f, fatal, verdict, column, up);
            if (!d.isDisposed()) {
                d.asyncExec(() -> {
                    if (!isDisposed() && thisRefresh == refreshes) {
                        showRows(st, rowsNow, s);
                    }
                });
            }
        });
    }

    /** Runs once on the UI thread after the table next shows a new filter, order or list (benchmark). */
    void afterNextRefresh(Runnable r) { refreshListeners.add(r); }

    private void showRows(ConnectionRows st, List<ConnectionReport> rowsNow, int[] s) {
        int beforeRow = selectedRow();
        ConnectionReport before = beforeRow < 0 ? null : all.get(beforeRow);
        boolean sameRows = st == shownStore;
        all = rowsNow;
        shownStore = st;
        shown = s;
        Table t = viewer.getTable();
        t.setRedraw(false);
        try {
            if (t.getItemCount() - shown.length > 1000) {
                // GTK removes the rows a smaller count drops one by one, and each removal of its cursor row moves the
                // cursor to the next row with a call back into SWT (17 s for 90 000 of 100 000 rows on a busy machine).
                // With the cursor on the last row, emptying the table and adding the rows shown takes well under a
                // second; only the rows on screen are asked for again.
                t.setSelection(t.getItemCount() - 1);
                t.deselectAll();
                t.removeAll();
            }
            viewer.setItemCount(shown.length);
            t.clearAll();
            // the same store numbers rows alike: find the row in the int[] (no report is compared); a new store by connection
            int at = before == null ? -1 : sameRows ? positionOf(beforeRow) : indexOf(before);
            if (at >= 0) {
                t.setSelection(at);
                viewer.replace(element(shown[at]), at);
            } else {
                t.deselectAll();
            }
        } finally {
            t.setRedraw(true);
        }
        shownLabel.setText(shown.length == all.size() ? CaptureOverview.number(all.size()) + " shown"
                : CaptureOverview.number(shown.length) + " of " + CaptureOverview.number(all.size()) + " shown");
        shownLabel.getParent().layout(true);
        updateHandOff();
        if (!refreshListeners.isEmpty()) {
            List<Runnable> l = new ArrayList<>(refreshListeners);
            refreshListeners.clear();
            l.forEach(Runnable::run);
        }
    }

    /** Position of {@code r} (the same report, or the same connection in a newer list) among the rows shown, -1 when hidden. */
    private int indexOf(ConnectionReport r) {
        for (int i = 0; i < shown.length; i++) {
            if (same(all.get(shown[i]), r)) {
                return i;
            }
        }
        return -1;
    }

    /** Position of row {@code row} of {@link #all} among the rows shown, -1 when hidden. */
    private int positionOf(int row) {
        for (int i = 0; i < shown.length; i++) {
            if (shown[i] == row) {
                return i;
            }
        }
        return -1;
    }

    /** The selected row of {@link #all}, -1 when none. */
    private int selectedRow() {
        int i = viewer.getTable().getSelectionIndex();
        return i < 0 || i >= shown.length ? -1 : shown[i];
    }

    /** The selected connection (its full report when held, else its row), null when none. */
    public ConnectionReport selected() {
        int row = selectedRow();
        return row < 0 ? null : shownStore.shown(row);
    }

    /**
     * When the selected connection's full report is packed: reads it again in a job ("Reading connection …" in the
     * status line), then puts it in the row and tells the views. Another selection cancels the reading.
     */
    private void loadSelected() {
        int row = selectedRow();
        if (row < 0 || shownStore.full(row) != null) {
            cancelLoader();
            return;
        }
        if (loader != null && loaderRow == row) {
            return; // already reading it
        }
        cancelLoader();
        ConnectionRows st = shownStore;
        ConnectionReport lean = st.lean(row);
        String what = lean.client() + " \u2192 " + lean.server() + (lean.firstFrame() > 0 ? " (from frame " + lean.firstFrame() + ")" : "");
        readingText = "Reading connection " + what + " \u2026";
        status.setText(readingText);
        String given = credentials == null ? null : credentials.describe();
        ConnectionLoader[] self = new ConnectionLoader[1];
        self[0] = new ConnectionLoader(file, members, lean, credentials, getDisplay(), loaded -> {
            if (isDisposed() || loader != self[0]) {
                return;
            }
            loader = null;
            loaderRow = -1;
            ConnectionReport full = loaded.full();
            st.loaded(row, full);
            ConnectionContext.register(full, new ConnectionContext(source(full), given));
            status.setText(finished && resultStatus != null ? resultStatus : "Read connection " + what);
            int at = st == shownStore ? positionOf(row) : -1;
            if (at >= 0) {
                viewer.replace(full, at);
                if (viewer.getTable().getSelectionIndex() == at) {
                    viewer.announceSelection();
                }
            }
        }, why -> {
            if (!isDisposed() && loader == self[0]) {
                loader = null;
                loaderRow = -1;
                status.setText("Cannot read connection " + what + ": " + why);
            }
        });
        loader = self[0];
        loaderRow = row;
        loader.schedule();
    }

    private void cancelLoader() {
        if (loader != null) {
            loader.cancel();
            loader = null;
            loaderRow = -1;
        }
    }

    /** Full reports the editor holds now (tests: bounded, {@link ConnectionRows#FULL_BUDGET} + {@link ConnectionRows#RECENT}). */
    public int fullReportsHeld() {
        return shownStore.fullReportsHeld();
    }

    /** Whether every connection's full report is held (true for captures of up to {@link ConnectionRows#FULL_BUDGET}). */
    public boolean holdsEveryFullReport() {
        return shownStore.fullReportsHeld() >= shownStore.size();
    }

    /**
     * The whole capture analysed again with full reports (for the exported report), off the UI thread, with the
     * editor's credentials; null when canceled. Memory as {@code negscope analyze --html}: every full report at once.
     */
    AnalysisResult analyzeFull(org.eclipse.core.runtime.IProgressMonitor monitor) throws java.lang.reflect.InvocationTargetException {
        Credentials[] given = new Credentials[1];
        getDisplay().syncExec(() -> given[0] = isDisposed() ? null : credentials);
        Credentials c = given[0] == null || given[0].isCleared() ? null : given[0];
        org.negscope.analysis.AnalysisOptions options = c == null ? org.negscope.analysis.AnalysisOptions.none() : c.toOptions();
        monitor.beginTask("Analysing " + file.getFileName() + " with full reports", 1000);
        int[] done = {0};
        Progress p = new Progress() {
            @Override public void worked(long bytesRead, long totalBytes) {
                int now = totalBytes <= 0 ? 0 : (int) Math.min(1000, bytesRead * 1000 / totalBytes);
                if (now > done[0]) {
                    monitor.worked(now - done[0]);
                    done[0] = now;
                }
            }
            @Override public boolean isCanceled() { return monitor.isCanceled(); }
        };
        try {
            AnalysisResult r = members.isEmpty()
                    ? org.negscope.analysis.CaptureAnalyzer.analyze(List.of(file), options, p, null, org.negscope.analysis.ReportDetail.FULL)
                    : org.negscope.analysis.CaptureAnalyzer.analyzeSet(members, options, p, null, org.negscope.analysis.ReportDetail.FULL);
            return monitor.isCanceled() ? null : r;
        } catch (org.negscope.capture.CaptureException e) {
            throw new java.lang.reflect.InvocationTargetException(e);
        } finally {
            if (c != null && c.kind() == Credentials.Kind.SESSION_KEYS) {
                options.destroy();
            }
            monitor.done();
        }
    }

    /** True while the selected connection's full report is being read. */
    public boolean isReadingConnection() {
        return loader != null;
    }

    /** Selects {@code r} when it is shown (and tells the views); false when the filter hides it. */
    public boolean select(ConnectionReport r) {
        int i = indexOf(r);
        if (i >= 0) {
            selectRow(i);
        }
        return i >= 0;
    }

    /** Selects the row at {@code i} of the table as it is shown, reveals it and tells the views. */
    public void selectRow(int i) {
        Table t = viewer.getTable();
        t.setSelection(i);
        viewer.replace(element(shown[i]), i);
        t.showSelection();
        viewer.announceSelection();
        updateHandOff();
    }

    /** Selects the next (or previous) fatal connection among those shown, from the selection, wrapping around. */
    public boolean nextFatal(boolean forward) {
        int n = shown.length;
        if (n == 0) {
            return false;
        }
        int from = viewer.getTable().getSelectionIndex();
        for (int step = 1; step <= n; step++) {
            int i = from < 0 ? (forward ? step - 1 : n - step) : Math.floorMod(from + (forward ? step : -step), n);
            if (all.get(shown[i]).fatal()) {
                selectRow(i);
                return true;
            }
        }
        return false;
    }

    private static Boolean wiresharkInstalled;

    /** Whether a {@code wireshark} executable is on the PATH (looked up once). */
    static boolean wiresharkOnPath() {
        if (wiresharkInstalled == null) {
            boolean found = false;
            String path = System.getenv("PATH");
            for (String dir : path == null ? new String[0] : path.split(java.io.File.pathSeparator)) {
                for (String name : new String[] {"wireshark", "Wireshark.exe", "wireshark.exe"}) {
                    found |= !dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, name));
                }
            }
            wiresharkInstalled = found;
        }
        return wiresharkInstalled;
    }

    private void updateHandOff() {
        boolean one = selected() != null;
        copyFilter.setEnabled(one);
        openWireshark.setEnabled(one && wiresharkOnPath());
        openWireshark.setToolTipText(wiresharkOnPath() ? "Open this file in Wireshark at the evidence frame, filtered to the connection"
                : "Wireshark is not on the PATH");
        exportCsv.setEnabled(shown.length > 0);
    }

    /** The Wireshark display filter of the selected connection (tcp.stream only for a single pcap / pcapng / NetMon file), null when none. */
    public String wiresharkFilter() {
        ConnectionReport r = selected();
        if (r == null) {
            return null;
        }
        String format = result == null || result.captures().isEmpty() ? null : result.captures().get(0).format();
        return WiresharkFilter.of(r, WiresharkFilter.streamsMatch(format, result == null ? 0 : result.captures().size()));
    }

    private void copyWiresharkFilter() {
        String f = wiresharkFilter();
        if (f == null) {
            return;
        }
        Clipboard cb = new Clipboard(getDisplay());
        try {
            cb.setContents(new Object[] {f}, new Transfer[] {TextTransfer.getInstance()});
        } finally {
            cb.dispose();
        }
        status.setText("Copied Wireshark filter: " + f);
    }

    /** {@code wireshark -r FILE -g FRAME -Y FILTER} for the selected connection; null when nothing is selected. */
    public List<String> wiresharkCommand() {
        ConnectionReport r = selected();
        String f = wiresharkFilter();
        return r == null ? null : List.of("wireshark", "-r", file.toString(), "-g", Long.toString(WiresharkFilter.evidenceFrame(r)), "-Y", f);
    }

    private void openInWireshark() {
        List<String> cmd = wiresharkCommand();
        if (cmd == null) {
            return;
        }
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            status.setText("Opened in Wireshark at frame " + cmd.get(4));
        } catch (java.io.IOException e) {
            status.setText("Could not start Wireshark: " + e.getMessage());
        }
    }

    /** The connections shown, in the table's order. */
    public List<ConnectionReport> shownConnections() {
        int[] s = shown;
        List<ConnectionReport> a = all;
        return new java.util.AbstractList<>() {
            @Override public ConnectionReport get(int i) { return a.get(s[i]); }
            @Override public int size() { return s.length; }
        };
    }

    /** Writes the connections shown as CSV (org.negscope.report.CsvReport). */
    public void exportCsv(Path to) throws java.io.IOException {
        try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(to, java.nio.charset.StandardCharsets.UTF_8)) {
            org.negscope.report.CsvReport.write(shownConnections(), w);
        }
    }

    private void exportCsvDialog() {
        FileDialog d = new FileDialog(getShell(), SWT.SAVE);
        d.setFilterExtensions(new String[] {"*.csv", "*"});
        d.setFileName(file.getFileName() + ".csv");
        d.setOverwrite(true);
        String to = d.open();
        if (to == null) {
            return;
        }
        try {
            exportCsv(Path.of(to));
            status.setText("Exported " + CaptureOverview.number(shown.length) + " connection(s) to " + to);
        } catch (java.io.IOException e) {
            status.setText("Could not write " + to + ": " + e.getMessage());
        }
    }

    // --- for the editor and tests --------------------------------------------------------------------

    OverviewComposite overview() { return overview; }
    public CaptureOverview overviewData() { return overviewData; }
    public Text filterBox() { return filterBox; }
    public Button fatalOnlyButton() { return fatalOnly; }
    public Combo verdictChoice() { return verdictChoice; }
    public String shownText() { return shownLabel.getText(); }

    /** Runs on the UI thread once the result or the failure is shown. */
    public void addFinishListener(Runnable r) { finishListeners.add(r); }

    public TableViewer viewer() { return viewer; }
    public Path file() { return file; }
    /** A capture set's files or directories; empty for a single file. */
    public List<Path> members() { return members; }
    /** The file whose hash keys remembered session keys: the capture, or a set's first regular file. */
    private Path hashedFile() throws java.io.IOException {
        return members.isEmpty() ? file : org.negscope.capture.CaptureSet.files(members).get(0);
    }
    /** What "Compare with server-side capture…" does (the editor asks for the file and opens the comparison). */
    public void setCompareAction(Runnable r) { compareAction = r == null ? () -> {} : r; }
    /** The analysis job (null before {@link #analyze}). */
    public Job job() { return job; }
    /** True once the final result or a failure is shown. Readable from any thread. */
    public boolean isFinished() { return finished; }
    public AnalysisResult result() { return result; }
    /** Analysis runs that have ended (shown a result or a failure); readable from any thread. */
    public int finishedRuns() { return finishedRuns; }
    /** The credentials in use (null: none). */
    public Credentials credentials() { return credentials; }
    public String signaturesText() { return signatures.getText(); }
    /** The VALIDATE response signature check of a connection of the current result, null when none. */
    public MessageSignature validateSignature(ConnectionReport r) { return MessageSignature.of(r.validateSignature()); }
    /** The error shown instead of the table, or null. */
    public String errorText() { return failure; }
    public String statusText() { return status.getText(); }
    /** The line above the table: the capture's path, or a capture set's files and their frames. */
    public String titleText() { return title.getText(); }
    public Table warningsTable() { return warnings; }
}
