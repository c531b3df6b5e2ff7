package org.negscope.ui;

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

/**
 * Runs the probe (once, or with {@link ProbeVariations}) off the UI thread; Cancel reaches the probe through
 * {@link Progress#isCanceled()}. The options' secrets are wiped when the job ends, whatever happened.
 */
final class ProbeJob extends Job {
    static final Object FAMILY = ProbeJob.class;

    /** Where the outcome goes (called on the job's thread). */
    interface Sink {
        void outcome(ProbeVariations.Outcome o);
        void finished(ProbeResult baseline, ProbeVariations.Report report, boolean canceled);
    }

    private final ProbeOptions options;
    private final boolean variations;
    private final Sink sink;

    ProbeJob(ProbeOptions options, boolean variations, Sink sink) {
        super("Probing " + options.host() + ":" + options.port() + (variations ? " with variations" : ""));
        this.options = options;
        this.variations = variations;
        this.sink = sink;
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
                sink.finished(report.baseline(), report, monitor.isCanceled());
            } else {
                sink.finished(Probe.run(options, progress), null, monitor.isCanceled());
            }
            return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
        } finally {
            options.clearSecrets();
            monitor.done();
        }
    }
}
