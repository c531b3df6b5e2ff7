package org.negscope.probe;

import java.util.List;
import java.util.Objects;
import org.negscope.analysis.TerminatedBy;
import org.negscope.analysis.Verdict;
import org.negscope.capture.Progress;
import org.negscope.smb2.Capabilities;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.SecurityMode;

/**
 * An SMB2/3 client that does exactly what a Windows client does up to FSCTL_VALIDATE_NEGOTIATE_INFO, and
 * reports it: TCP connect, NEGOTIATE (MS-SMB2 3.2.4.2.2.2; 3.1.1 contexts when 3.1.1 is offered),
 * SESSION_SETUP with SPNEGO/NTLMv2 (MIC, key exchange), signing key (3.2.5.3.1), TREE_CONNECT to IPC$,
 * the signed VALIDATE a client sends after TREE_CONNECT (3.2.5.5; request layout 2.2.31.4), signature check
 * and field comparison of the answer (3.2.5.14.12), LOGOFF.
 * <p>
 * Because the probe knows what it sent, a server that hangs up after the VALIDATE request means the
 * server received a different NEGOTIATE request: something on the path rewrote it (3.3.5.15.12).
 * <p>
 * {@link #run} never throws for network or protocol trouble: the result carries the failure. Every wait is
 * bounded by the step timeout and the overall deadline, and polls {@link Progress#isCanceled()}.
 * The caller owns the options' secrets ({@link ProbeOptions#clearSecrets()}); the probe wipes its own copies.
 * <p>
 * This class is the sequence; each exchange is a class named after it ({@link NegotiateExchange},
 * {@link SessionSetupExchange} with {@link KerberosSessionSetup}, {@link TreeConnectExchange},
 * {@link ValidateNegotiateExchange}, {@link LogoffExchange}), sharing one {@link ProbeConnection} (transport, MessageIds,
 * SessionId, TreeId, signing key, preauth hash), as a client's Connection and Session do (MS-SMB2 3.2.1). The verdict
 * sentences are in {@link ProbeVerdict}, the NTLMSSP messages in {@link NtlmsspClient}, the framing in {@link SmbTransport}.
 */
public final class Probe {
    private final ProbeConnection conn;
    private final ProbeOptions o;
    private final ProbeResult r;

    private Probe(ProbeOptions o, Progress progress) {
        this.conn = new ProbeConnection(Objects.requireNonNull(o, "options"), progress);
        this.o = o;
        this.r = conn.r;
    }

    /** Runs the exchange once. Never throws for network or server trouble; see {@link ProbeResult#failure()}. */
    public static ProbeResult run(ProbeOptions options, Progress progress) {
        return new Probe(options, progress).execute();
    }

    private ProbeResult execute() {
        r.target = o.host() + ":" + o.port();
        r.offered = "dialects " + Dialect.names(o.dialects()) + ", SecurityMode " + SecurityMode.describe(o.securityMode())
                + ", Capabilities " + Capabilities.describe(o.capabilities()) + ", ClientGuid " + o.clientGuid();
        r.overrideLabel = o.validateOverride() == null ? null : o.validateOverride().label();
        try {
            connect();
            new NegotiateExchange(conn).run();
            new SessionSetupExchange(conn).run();
            new TreeConnectExchange(conn).run();
            ValidateNegotiateExchange validate = new ValidateNegotiateExchange(conn);
            if (validate.due()) {
                validate.run();
            }
            new LogoffExchange(conn).run();
        } catch (ProbeException e) {
            fail(e);
        } catch (ProbeConnection.Stop e) {
            // verdict reached; the connection is closed already
        } finally {
            if (conn.signingKey != null) {
                conn.signingKey.clear();
            }
            if (conn.transport != null) {
                conn.transport.close();
            }
            whoClosedFirst();
            r.elapsedMillis = (System.nanoTime() - conn.startNanos) / 1_000_000L;
        }
        return r;
    }

    private void connect() throws ProbeException {
        ProbeConnection.Step s = conn.begin("TCP connect");
        try {
            conn.transport = SmbTransport.connect(o.host(), o.port(), conn.stepDeadline(o.connectTimeoutMillis()), conn.progress,
                    o.maxMessageBytes(), r.transcript);
        } catch (ProbeException e) {
            throw s.failed(e);
        }
        s.end("OK", "connected from " + ProbeResult.hostPort(r.transcript.client()) + " to "
                + ProbeResult.hostPort(r.transcript.server()));
    }

    /**
     * Like the capture analysis: the connection was ended by whoever sent the first FIN or RST (the probe
     * after an orderly LOGOFF, the server when it hung up).
     */
    private void whoClosedFirst() {
        List<WireEvent> ev = r.transcript.events();
        for (int i = 0; i < ev.size(); i++) {
            WireEvent e = ev.get(i);
            if (e.type() == WireEvent.Type.FIN || e.type() == WireEvent.Type.RST) {
                r.terminatedBy = e.fromClient() ? TerminatedBy.CLIENT : TerminatedBy.SERVER;
                r.terminationEvent = i;
                return;
            }
        }
    }

    private void fail(ProbeException e) {
        r.failure = e.failure();
        r.error = e.getMessage();
        r.failureStatus = e.status();
        if (r.verdict == Verdict.NOT_APPLICABLE || r.verdict == Verdict.NOT_SENT || r.verdict == Verdict.VALIDATED
                || r.verdict == Verdict.SERVER_REFUSED
                || r.verdict == Verdict.RESPONSE_MISMATCH || r.verdict == Verdict.SERVER_TERMINATED) {
            return; // judged already; the failure came afterwards
        }
        r.verdict = Verdict.INCOMPLETE;
        r.fatal = false;
        r.spec = "";
        r.summary = "The probe stopped before the VALIDATE exchange: " + e.getMessage();
        r.terminatedBy = switch (e.failure()) {
            case CONNECTION_CLOSED, CONNECTION_RESET -> TerminatedBy.SERVER;
            case CONNECTION_REFUSED, UNKNOWN_HOST, UNREACHABLE -> TerminatedBy.NONE;
            default -> TerminatedBy.CLIENT;
        };
        if (conn.transport != null && !conn.transport.closedByPeer()) {
            conn.transport.shutdown(System.nanoTime() + 200_000_000L);
        }
    }
}
