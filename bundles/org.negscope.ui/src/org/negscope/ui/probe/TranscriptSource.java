package org.negscope.ui.probe;

import org.negscope.capture.Progress;
import org.negscope.probe.ProbeResult;
import org.negscope.ui.packets.ConnectionMessages;
import org.negscope.ui.packets.MessageSource;

/** The probe's exchange as the packet-detail view reads it: decoded from the transcript. */
final class TranscriptSource implements MessageSource {
    private final ProbeResult r;
    private final ConnectionMessages checked;

    /** {@code checked}: decoded with the signatures checked in the job (the password is gone since), or null. */
    TranscriptSource(ProbeResult r, ConnectionMessages checked) {
        this.r = r;
        this.checked = checked;
    }

    @Override public ConnectionMessages load(Progress p) {
        return checked != null ? checked : ConnectionMessages.fromTranscript(r.transcript());
    }
    @Override public String name() { return "probe of " + r.target(); }
}
