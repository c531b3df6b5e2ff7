package org.negscope.ui.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.Table;
import org.negscope.analysis.ConnectionReport;
import org.negscope.probe.PcapngWriter;
import org.negscope.probe.ProbeOptions;
import org.negscope.probe.ProbeResult;
import org.negscope.probe.ProbeVariations;
import org.negscope.ui.ConnectionContext;
import org.negscope.ui.Marks;
import org.negscope.ui.credentials.Credentials;
import org.negscope.ui.packets.ConnectionMessages;
import org.negscope.ui.sidebyside.SideBySideComposite;

/**
 * The probe: a form (host, port, account, dialects, variations: {@link ProbeForm}), Run / Cancel, the steps with
 * timings and bytes, and the result in the same side-by-side comparison and verdict model as a capture
 * ({@link ProbeResults}); the exchange can be saved as pcapng or opened as a capture. This class ties them
 * together: it runs the {@link ProbeJob}, keeps the status line and the last run. The password is read as char[]
 * and wiped; "Remember" keeps it in secure storage only (the same account entry a capture editor uses). Plain SWT,
 * driven by tests in a bare Shell.
 */
public class ProbeComposite extends Composite {
    private final Marks marks;
    private final ProbeForm form;
    private final Label status;
    private final ProbeResults results;

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
        form = new ProbeForm(this, this::run, this::cancelProbe);

        status = new Label(this, SWT.WRAP);
        GridData sg = new GridData(SWT.FILL, SWT.TOP, true, false);
        sg.widthHint = 300;
        status.setLayoutData(sg);

        results = new ProbeResults(this, marks, this::saveDialog, this::openAsCapture);
        setRunning(false);
        show(null, null, null);
        results.showOutcomes(false);
    }

    // --- running ----------------------------------------------------------------------------------------

    /** Run: checks the form, builds the options (password copied, field wiped), starts the job. */
    public void run() {
        checkWidget();
        if (running) {
            return;
        }
        ProbeForm.Input in = form.read(this::error);
        if (in != null) {
            start(in.options(), in.variations(), in.signing(), in.note());
        }
    }

    private void start(ProbeOptions o, boolean withVariations, Credentials signing, String note) {
        Display display = getDisplay();
        results.startRun(withVariations);
        status.setText("Probing " + o.host() + ":" + o.port() + (withVariations ? " with variations" : "") + note + " \u2026");
        status.setForeground(null);
        setRunning(true);
        int thisRun = ++runs;
        runNote = note;
        ProbeJob j = new ProbeJob(o, withVariations, signing, new ProbeJob.Sink() {
            @Override
            public void outcome(ProbeVariations.Outcome out) {
                ui(display, thisRun, () -> results.addOutcome(out));
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
        form.setRunning(r);
        boolean has = result != null && result.transcript() != null && !result.transcript().isEmpty();
        results.setExchangeEnabled(!r && has);
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
        connection = null;
        if (r == null) {
            results.show(null, null);
            status.setText("Probe a server: NEGOTIATE, NTLMv2 SESSION_SETUP, TREE_CONNECT IPC$, signed VALIDATE \u2014 the"
                    + " same exchange a Windows client makes, judged like a capture.");
            setRunning(running);
            return;
        }
        connection = r.toConnectionReport();
        ConnectionContext.register(connection, new ConnectionContext(new TranscriptSource(r, messages), null,
                r.signatureDetail() == null || r.signatureDetail().isEmpty() ? null : r.signatureDetail()));
        results.show(r, connection);
        String verdict = r.verdict() + (r.fatal() ? " (fatal)" : "") + " \u2014 " + r.summary();
        status.setText((r.failure() != null ? "Stopped: " + r.error() + "\n" : "") + verdict + "  [" + r.elapsedMillis() + " ms]"
                + runNote);
        status.setForeground(r.fatal() || r.failure() != null ? marks.fatalForeground : null);
        if (rep != null) {
            results.showVariations(rep);
        }
        setRunning(running);
        layout(true, true);
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
    public SideBySideComposite sideBySide() { return results.sideBySide(); }
    public ProbeResult result() { return result; }
    public ProbeVariations.Report report() { return report; }
    public ConnectionReport connection() { return connection; }
    public boolean isRunning() { return running; }
    public String statusText() { return status.getText(); }
    public String findingsText() { return results.findingsText(); }
    Table stepsTable() { return results.steps(); }
    Table outcomesTable() { return results.outcomes(); }
    boolean passwordFieldEmpty() { return form.passwordFieldEmpty(); }

    /** Fills the form as a user would type it; {@code dialectNames} e.g. "3.0.2", "3.0". */
    void fill(String h, int p, String u, String d, String pw, boolean rememberIt, boolean withVariations, String... dialectNames) {
        form.fill(h, p, u, d, pw, rememberIt, withVariations, dialectNames);
    }

    void chooseLogon(int index) { form.chooseLogon(index); }
}
