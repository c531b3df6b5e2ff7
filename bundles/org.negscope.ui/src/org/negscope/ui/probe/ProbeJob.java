package org.negscope.ui.probe;

import java.util.function.Consumer;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.negscope.capture.Progress;
import org.negscope.probe.Probe;
import org.negscope.probe.ProbeOptions;
import org.negscope.probe.ProbeResult;
import org.negscope.probe.ProbeVariations;
import org.negscope.ui.credentials.Credentials;
import org.negscope.ui.packets.ConnectionMessages;

/**
 * Runs the probe (once, or with {@link ProbeVariations}) off the UI thread; Cancel reaches the probe through
 * {@link Progress#isCanceled()}. The options' secrets are wiped when the job ends, whatever happened.
 */
final class ProbeJob extends Job {
    static final Object FAMILY = ProbeJob.class;

    /** Where the outcome goes (called on the job's thread). */
    interface Sink {
        void outcome(ProbeVariations.Outcome o);
        /** {@code messages}: the baseline's exchange decoded, signatures checked when credentials were given. */
        void finished(ProbeResult baseline, ProbeVariations.Report report, ConnectionMessages messages, boolean canceled);
    }

    private final ProbeOptions options;
    private final boolean variations;
    private final Sink sink;
    private final Credentials signing;

    /** {@code signing} (may be null): the same password, to check the exchange's signatures; wiped when the job ends. */
    ProbeJob(ProbeOptions options, boolean variations, Credentials signing, Sink sink) {
        super("Probing " + options.host() + ":" + options.port() + (variations ? " with variations" : ""));
        this.options = options;
        this.variations = variations;
        this.sink = sink;
        this.signing = signing;
        setPriority(LONG);
        setUser(false);
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), IProgressMonitor.UNKNOWN);
        Progress progress = new Progress() {
            @Override public boolean isCanceled() { return monitor.isCanceled(); }
        };
        try {
            if (variations) {
                Consumer<ProbeVariations.Outcome> each = o -> {
                    monitor.subTask(o.variant().label());
                    sink.outcome(o);
                };
                ProbeVariations.Report report = ProbeVariations.run(options, progress, each);
                sink.finished(report.baseline(), report, messages(report.baseline()), monitor.isCanceled());
            } else {
                ProbeResult r = Probe.run(options, progress);
                sink.finished(r, null, messages(r), monitor.isCanceled());
            }
            return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
        } finally {
            options.clearSecrets();
            if (signing != null) {
                signing.clear();
            }
            monitor.done();
        }
    }

    private ConnectionMessages messages(ProbeResult r) {
        return ConnectionMessages.fromTranscript(r.transcript(), signing);
    }
}
