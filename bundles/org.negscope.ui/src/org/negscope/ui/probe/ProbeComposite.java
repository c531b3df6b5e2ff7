package org.negscope.ui.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.negscope.analysis.ConnectionReport;
import org.negscope.probe.PcapngWriter;
import org.negscope.probe.ProbeOptions;
import org.negscope.probe.ProbeResult;
import org.negscope.probe.ProbeStep;
import org.negscope.probe.ProbeVariations;
import org.negscope.smb2.Dialect;
import org.negscope.ui.ConnectionContext;
import org.negscope.ui.Marks;
import org.negscope.ui.credentials.CredentialStore;
import org.negscope.ui.credentials.Credentials;
import org.negscope.ui.packets.ConnectionMessages;
import org.negscope.ui.packets.MessageSource;
import org.negscope.ui.sidebyside.SideBySideComposite;

/**
 * The probe: a form (host, port, account, dialects, variations), Run / Cancel, the steps with timings and
 * bytes, and the result in the same side-by-side comparison and verdict model as a capture; the exchange can be
 * saved as pcapng or opened as a capture. The password is read as char[] and wiped; "Remember" keeps it in secure
 * storage only (the same account entry a capture editor uses). Plain SWT, driven by tests in a bare Shell.
 */
public class ProbeComposite extends Composite {
    static final int[] DIALECTS = {Dialect.SMB_2_0_2, Dialect.SMB_2_1, Dialect.SMB_3_0, Dialect.SMB_3_0_2, Dialect.SMB_3_1_1};
    static final String[] LOGONS = {"User (NTLMv2)", "Guest", "Anonymous"};

    private final Marks marks;
    private final Text host;
    private final Text port;
    private final Text user;
    private final Text domain;
    private final Text password;
    private final Button remember;
    private final Combo logon;
    private final Button[] dialects = new Button[DIALECTS.length];
    private final Button variations;
    private final Button run;
    private final Button cancel;
    private final ProgressBar progress;
    private final Label status;
    private final Table steps;
    private final Table outcomes;
    private final Label findings;
    private final SideBySideComposite sideBySide;
    private final Button save;
    private final Button openInNegScope;

    private ProbeJob job;
    private ProbeResult result;
    private ProbeVariations.Report report;
    private ConnectionReport connection;
    private volatile boolean running;
    private int runs;
    /** What the run did with the password ("remembered ..."), shown with its result. */
    private String runNote = "";
    private Consumer<Path> opener = p -> {};
    private final List<Runnable> finishListeners = new ArrayList<>(1);

    public ProbeComposite(Composite parent) {
        super(parent, SWT.NONE);
        marks = new Marks(this);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 4;
        layout.marginHeight = 2;
        setLayout(layout);

        Composite form = new Composite(this, SWT.NONE);
        form.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        GridLayout fl = new GridLayout(11, false);
        fl.marginWidth = 0;
        fl.marginHeight = 0;
        form.setLayout(fl);
        host = text(form, "Server:", 140, "");
        port = text(form, "Port:", 45, "445");
        user = text(form, "User:", 90, "");
        domain = text(form, "Domain:", 90, "");
        password = text(form, "Password:", 110, null);
        remember = new Button(form, SWT.CHECK);
        remember.setText("Remember");
        remember.setToolTipText("Keep the password in Eclipse secure storage (encrypted) for this user and domain");

        Composite options = new Composite(this, SWT.NONE);
        options.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        RowLayout rl = new RowLayout(SWT.HORIZONTAL);
        rl.center = true;
        rl.marginLeft = 0;
        rl.spacing = 6;
        options.setLayout(rl);
        new Label(options, SWT.NONE).setText("Logon:");
        logon = new Combo(options, SWT.READ_ONLY);
        logon.setItems(LOGONS);
        logon.select(0);
        new Label(options, SWT.NONE).setText("  Dialects:");
        for (int i = 0; i < DIALECTS.length; i++) {
            dialects[i] = new Button(options, SWT.CHECK);
            dialects[i].setText(Dialect.name(DIALECTS[i]));
            int d = DIALECTS[i];
            dialects[i].setSelection(Arrays.stream(ProbeOptions.DEFAULT_DIALECTS).anyMatch(x -> x == d));
        }
        variations = new Button(options, SWT.CHECK);
        variations.setText("Variations (locate what the path changes)");
        variations.setToolTipText("When VALIDATE fails, repeat the exchange with one field changed at a time to find the"
                + " field a middlebox alters (one connection per variation)");
        run = new Button(options, SWT.PUSH);
        run.setText("Run");
        run.addListener(SWT.Selection, e -> run());
        cancel = new Button(options, SWT.PUSH);
        cancel.setText("Cancel");
        cancel.addListener(SWT.Selection, e -> cancelProbe());
        progress = new ProgressBar(options, SWT.INDETERMINATE);

        status = new Label(this, SWT.WRAP);
        GridData sg = new GridData(SWT.FILL, SWT.TOP, true, false);
        sg.widthHint = 300;
        status.setLayoutData(sg);

        SashForm sash = new SashForm(this, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Composite left = new Composite(sash, SWT.NONE);
        GridLayout ll = new GridLayout(2, false);
        ll.marginWidth = 0;
        ll.marginHeight = 0;
        left.setLayout(ll);
        steps = new Table(left, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        steps.setHeaderVisible(true);
        steps.setLinesVisible(true);
        steps.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        for (String c : new String[] {"Step", "At ms", "Took ms", "Sent", "Received", "Status", "Detail"}) {
            new TableColumn(steps, c.equals("Step") || c.equals("Status") || c.equals("Detail") ? SWT.LEFT : SWT.RIGHT).setText(c);
        }
        outcomes = new Table(left, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
        outcomes.setHeaderVisible(true);
        outcomes.setLinesVisible(true);
        GridData og = new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1);
        og.heightHint = 90;
        outcomes.setLayoutData(og);
        for (String c : new String[] {"Variation", "Changes", "Verdict", "Passed"}) {
            new TableColumn(outcomes, SWT.LEFT).setText(c);
        }
        findings = new Label(left, SWT.WRAP);
        GridData fg = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        fg.widthHint = 200;
        findings.setLayoutData(fg);
        save = new Button(left, SWT.PUSH);
        save.setText("Save as pcapng\u2026");
        save.setToolTipText("The probe's exchange as a capture (synthesised TCP/IP frames) that NegScope and Wireshark open");
        save.addListener(SWT.Selection, e -> saveDialog());
        openInNegScope = new Button(left, SWT.PUSH);
        openInNegScope.setText("Open in NegScope");
        openInNegScope.setToolTipText("Analyse the probe's exchange as a capture, in a capture editor");
        openInNegScope.addListener(SWT.Selection, e -> openAsCapture());
        sideBySide = new SideBySideComposite(sash);
        sash.setWeights(45, 55);
        setRunning(false);
        show(null, null, null);
        outcomes.setVisible(false);
        ((GridData) outcomes.getLayoutData()).exclude = true;
    }

    private static Text text(Composite form, String label, int width, String value) {
        new Label(form, SWT.NONE).setText(label);
        Text t = new Text(form, SWT.BORDER | (value == null ? SWT.PASSWORD : SWT.NONE));
        t.setText(value == null ? "" : value);
        GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        gd.widthHint = width;
        t.setLayoutData(gd);
        return t;
    }

    // --- running ----------------------------------------------------------------------------------------

    /** Run: checks the form, builds the options (password copied, field wiped), starts the job. */
    public void run() {
        checkWidget();
        if (running) {
            return;
        }
        String h = host.getText().trim();
        if (h.isEmpty()) {
            error("Enter the server's name or address.");
            return;
        }
        int p;
        try {
            p = Integer.parseInt(port.getText().trim());
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            error("Port must be a number from 1 to 65535, not '" + port.getText().trim() + "'.");
            return;
        }
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < DIALECTS.length; i++) {
            if (dialects[i].getSelection()) {
                chosen.add(DIALECTS[i]);
            }
        }
        if (chosen.isEmpty()) {
            error("Choose at least one dialect.");
            return;
        }
        ProbeOptions.Logon how = switch (logon.getSelectionIndex()) {
            case 1 -> ProbeOptions.Logon.GUEST;
            case 2 -> ProbeOptions.Logon.ANONYMOUS;
            default -> ProbeOptions.Logon.USER;
        };
        ProbeOptions.Builder b = ProbeOptions.builder(h).port(p).user(user.getText().trim()).domain(domain.getText().trim())
                .logon(how).dialects(chosen.stream().mapToInt(Integer::intValue).toArray());
        String note = "";
        Credentials signing = null;
        if (how == ProbeOptions.Logon.USER) {
            char[] pw = password.getTextChars();
            try {
                if (pw.length > 0) {
                    b.password(pw);
                    signing = Credentials.password(pw, user.getText().trim(), domain.getText().trim());
                    if (remember.getSelection()) {
                        note = rememberPassword(pw);
                    }
                } else {
                    Credentials c = recall();
                    if (c == null) {
                        error("Enter the password of " + user.getText().trim() + " (or choose Guest / Anonymous).");
                        return;
                    }
                    try {
                        char[] again = c.passwordOrNtHash().isPassword() ? c.passwordOrNtHash().copyChars() : null;
                        if (again != null) {
                            b.password(again);
                            Arrays.fill(again, '\0');
                        } else {
                            byte[] nt = c.passwordOrNtHash().copyBytes();
                            b.ntHash(nt);
                            Arrays.fill(nt, (byte) 0);
                        }
                        note = " (remembered password from secure storage)";
                        signing = c; // the job wipes it
                    } catch (RuntimeException e) {
                        c.clear();
                        throw e;
                    }
                }
            } finally {
                Arrays.fill(pw, '\0');
                password.setText("");
            }
        }
        ProbeOptions o = b.build();
        start(o, variations.getSelection(), signing, note);
    }

    private Credentials recall() {
        try {
            return CredentialStore.hasAccount(user.getText().trim(), domain.getText().trim())
                    ? CredentialStore.recallAccount(user.getText().trim(), domain.getText().trim()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private String rememberPassword(char[] pw) {
        Credentials c = Credentials.password(pw, user.getText().trim(), domain.getText().trim());
        try {
            CredentialStore.rememberAccount(c, user.getText().trim(), domain.getText().trim());
            return " (password remembered in secure storage)";
        } catch (Exception e) {
            return " (the password could not be remembered: " + e.getMessage() + ")";
        } finally {
            c.clear();
        }
    }

    private void start(ProbeOptions o, boolean withVariations, Credentials signing, String note) {
        Display display = getDisplay();
        outcomes.removeAll();
        findings.setText("");
        status.setText("Probing " + o.host() + ":" + o.port() + (withVariations ? " with variations" : "") + note + " \u2026");
        status.setForeground(null);
        setRunning(true);
        int thisRun = ++runs;
        runNote = note;
        outcomes.setVisible(withVariations);
        ((GridData) outcomes.getLayoutData()).exclude = !withVariations;
        ProbeJob j = new ProbeJob(o, withVariations, signing, new ProbeJob.Sink() {
            @Override
            public void outcome(ProbeVariations.Outcome out) {
                ui(display, thisRun, () -> addOutcome(out));
            }

            @Override
            public void finished(ProbeResult baseline, ProbeVariations.Report rep, ConnectionMessages messages, boolean canceled) {
                ui(display, thisRun, () -> {
                    show(baseline, rep, messages);
                    if (canceled) {
                        status.setText("Canceled. " + status.getText());
                    }
                });
            }
        });
        j.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                ui(display, thisRun, () -> {
                    setRunning(false);
                    finishListeners.forEach(Runnable::run);
                });
            }
        });
        job = j;
        j.schedule();
    }

    private void ui(Display display, int thisRun, Runnable r) {
        if (!display.isDisposed()) {
            display.asyncExec(() -> {
                if (!isDisposed() && thisRun == runs) {
                    r.run();
                }
            });
        }
    }

    public void cancelProbe() {
        if (job != null) {
            job.cancel();
        }
    }

    private void setRunning(boolean r) {
        running = r;
        run.setEnabled(!r);
        cancel.setEnabled(r);
        progress.setVisible(r);
        boolean has = result != null && result.transcript() != null && !result.transcript().isEmpty();
        save.setEnabled(!r && has);
        openInNegScope.setEnabled(!r && has);
    }

    private void error(String text) {
        status.setText(text);
        status.setForeground(marks.fatalForeground);
        layout(true, true);
    }

    // --- showing ----------------------------------------------------------------------------------------

    /** Shows a run: steps, verdict, side-by-side; with variations, their outcomes and the findings. */
    void show(ProbeResult r, ProbeVariations.Report rep, ConnectionMessages messages) {
        result = r;
        report = rep;
        steps.removeAll();
        connection = null;
        if (r == null) {
            status.setText("Probe a server: NEGOTIATE, NTLMv2 SESSION_SETUP, TREE_CONNECT IPC$, signed VALIDATE \u2014 the"
                    + " same exchange a Windows client makes, judged like a capture.");
            sideBySide.setConnection(null);
            setRunning(running);
            return;
        }
        for (ProbeStep s : r.steps()) {
            TableItem it = new TableItem(steps, SWT.NONE);
            it.setText(new String[] {s.name(), Long.toString(s.startMillis()), Long.toString(s.durationMillis()),
                    Long.toString(s.bytesSent()), Long.toString(s.bytesReceived()), s.status(), s.detail()});
            if (!s.ok() && !"SKIPPED".equals(s.status())) {
                it.setForeground(5, marks.fatalForeground);
                it.setImage(0, marks.fatal);
            }
        }
        for (TableColumn c : steps.getColumns()) {
            c.pack();
        }
        connection = r.toConnectionReport();
        ConnectionContext.register(connection, new ConnectionContext(new TranscriptSource(r, messages), null, null,
                r.signatureDetail() == null || r.signatureDetail().isEmpty() ? null : r.signatureDetail()));
        sideBySide.setConnection(connection);
        String verdict = r.verdict() + (r.fatal() ? " (fatal)" : "") + " \u2014 " + r.summary();
        status.setText((r.failure() != null ? "Stopped: " + r.error() + "\n" : "") + verdict + "  [" + r.elapsedMillis() + " ms]"
                + runNote);
        status.setForeground(r.fatal() || r.failure() != null ? marks.fatalForeground : null);
        if (rep != null) {
            outcomes.removeAll();
            rep.outcomes().forEach(this::addOutcome);
            // The findings name each altered field with both values; the conclusion says what to do about it.
            StringBuilder text = new StringBuilder("Variations: ");
            for (String f : rep.findings()) {
                text.append(f).append('\n');
            }
            findings.setText(text.append(rep.conclusion()).toString());
        }
        setRunning(running);
        layout(true, true);
    }

    private void addOutcome(ProbeVariations.Outcome o) {
        TableItem it = new TableItem(outcomes, SWT.NONE);
        it.setText(new String[] {o.variant().label(), o.variant().validateOnly() ? "VALIDATE only" : "what is offered",
                o.result().verdict().name(), o.passed() ? "yes" : "no"});
        if (o.passed()) {
            it.setFont(marks.bold);
        }
        for (TableColumn c : outcomes.getColumns()) {
            c.pack();
        }
    }

    /** The probe's exchange as the packet-detail view reads it: decoded from the transcript. */
    private static final class TranscriptSource implements MessageSource {
        private final ProbeResult r;
        private final ConnectionMessages checked;

        /** {@code checked}: decoded with the signatures checked in the job (the password is gone since), or null. */
        TranscriptSource(ProbeResult r, ConnectionMessages checked) {
            this.r = r;
            this.checked = checked;
        }

        @Override public ConnectionMessages load(org.negscope.capture.Progress p) {
            return checked != null ? checked : ConnectionMessages.fromTranscript(r.transcript());
        }
        @Override public String name() { return "probe of " + r.target(); }
    }

    // --- saving and opening -----------------------------------------------------------------------------

    private void saveDialog() {
        FileDialog d = new FileDialog(getShell(), SWT.SAVE);
        d.setText("Save the probe's exchange");
        d.setFilterExtensions(new String[] {"*.pcapng"});
        d.setFileName("negscope-probe-" + result.target().replace(':', '-').replace('[', '_').replace(']', '_') + ".pcapng");
        d.setOverwrite(true);
        String target = d.open();
        if (target != null) {
            try {
                save(Path.of(target));
                status.setText("Saved " + target + " (" + PcapngWriter.frameCount(result.transcript()) + " frames)");
            } catch (IOException e) {
                MessageBox box = new MessageBox(getShell(), SWT.ICON_ERROR | SWT.OK);
                box.setText("Save failed");
                box.setMessage("Cannot write " + target + ": " + e.getMessage());
                box.open();
            }
        }
    }

    /** Writes the last run's exchange as pcapng. */
    void save(Path target) throws IOException {
        if (result == null) {
            throw new IOException("no probe has run");
        }
        PcapngWriter.write(result.transcript(), target);
    }

    /** Saves the exchange in a temporary file and hands it to the opener (the view opens a capture editor). */
    Path openAsCapture() {
        if (result == null) {
            return null;
        }
        try {
            Path f = Files.createTempFile("negscope-probe-", ".pcapng");
            f.toFile().deleteOnExit();
            save(f);
            opener.accept(f);
            return f;
        } catch (IOException e) {
            error("Cannot write the probe's exchange: " + e.getMessage());
            return null;
        }
    }

    // --- for the view and tests -------------------------------------------------------------------------

    public void setOpener(Consumer<Path> opener) { this.opener = opener == null ? p -> {} : opener; }
    public void addFinishListener(Runnable r) { finishListeners.add(r); }
    public SideBySideComposite sideBySide() { return sideBySide; }
    public ProbeResult result() { return result; }
    public ProbeVariations.Report report() { return report; }
    public ConnectionReport connection() { return connection; }
    public boolean isRunning() { return running; }
    public String statusText() { return status.getText(); }
    public String findingsText() { return findings.getText(); }
    Table stepsTable() { return steps; }
    Table outcomesTable() { return outcomes; }
    boolean passwordFieldEmpty() { return password.getCharCount() == 0; }

    /** Fills the form as a user would type it; {@code dialectNames} e.g. "3.0.2", "3.0". */
    void fill(String h, int p, String u, String d, String pw, boolean rememberIt, boolean withVariations, String... dialectNames) {
        host.setText(h);
        port.setText(Integer.toString(p));
        user.setText(u);
        domain.setText(d);
        password.setText(pw);
        remember.setSelection(rememberIt);
        variations.setSelection(withVariations);
        logon.select(0);
        List<String> want = List.of(dialectNames);
        for (int i = 0; i < DIALECTS.length; i++) {
            dialects[i].setSelection(want.contains(Dialect.name(DIALECTS[i])));
        }
    }

    void chooseLogon(int index) { logon.select(index); }
}
