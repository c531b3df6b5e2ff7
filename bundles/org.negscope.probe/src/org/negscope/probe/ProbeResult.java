package org.negscope.probe;

import java.util.ArrayList;
import java.util.List;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.TerminatedBy;
import org.negscope.analysis.Verdict;
import org.negscope.smb2.Smb2Message;

/**
 * The outcome of one probe run: every step with timings and byte counts, the NEGOTIATE and VALIDATE
 * messages exactly as sent and received (raw bytes via {@link Smb2Message#bytes()}, decoded by the smb2
 * bundle), the signature check, the field comparison and a verdict in the same model as a capture's
 * ({@link #toConnectionReport()}). When the probe stopped early, {@link #failure()} says why and the
 * verdict is {@link Verdict#INCOMPLETE} (or what could still be judged). Contains no secret.
 */
public final class ProbeResult {
    // Filled by Probe while it runs; published read-only.
    String target;
    String offered;
    Transcript transcript = new Transcript();
    final List<ProbeStep> steps = new ArrayList<>();
    ProbeFailure failure;
    String error;
    long failureStatus = -1;
    Smb2Message negotiateRequest;
    Smb2Message negotiateResponse;
    Smb2Message validateRequest;
    Smb2Message validateResponse;
    int negotiateRequestEvent = -1;
    int negotiateResponseEvent = -1;
    int validateRequestEvent = -1;
    int validateResponseEvent = -1;
    int terminationEvent = -1;
    int dialect = -1;
    int serverSecurityMode = -1;
    int sessionFlags = -1;
    boolean validateSent;
    long validateStatus = -1;
    SignatureStatus signature = SignatureStatus.NONE;
    String signatureDetail = "";
    String sessionSignature = "";
    final List<Difference> differences = new ArrayList<>();
    Verdict verdict = Verdict.INCOMPLETE;
    boolean fatal;
    String summary = "";
    String spec = "";
    TerminatedBy terminatedBy = TerminatedBy.UNKNOWN;
    String overrideLabel;
    long elapsedMillis;

    ProbeResult() {}

    /** "host:port" as given. */
    public String target() { return target; }
    /** The NEGOTIATE offer in words: dialects, SecurityMode, Capabilities. */
    public String offered() { return offered; }
    public Transcript transcript() { return transcript; }
    public List<ProbeStep> steps() { return List.copyOf(steps); }
    /** Why the probe stopped early, or null when it ran to its end. */
    public ProbeFailure failure() { return failure; }
    /** One sentence for {@link #failure()}, or null. */
    public String error() { return error; }
    /** NTSTATUS behind the failure (e.g. STATUS_LOGON_FAILURE), or -1. */
    public long failureStatus() { return failureStatus; }
    public Smb2Message negotiateRequest() { return negotiateRequest; }
    public Smb2Message negotiateResponse() { return negotiateResponse; }
    public Smb2Message validateRequest() { return validateRequest; }
    public Smb2Message validateResponse() { return validateResponse; }
    /** DialectRevision the server chose, or -1. */
    public int dialect() { return dialect; }
    /** SessionFlags of the SESSION_SETUP response (IS_GUEST 1, IS_NULL 2, ENCRYPT_DATA 4), or -1. */
    public int sessionFlags() { return sessionFlags; }
    public boolean validateSent() { return validateSent; }
    /** NTSTATUS of the VALIDATE response, or -1 when none arrived. */
    public long validateStatus() { return validateStatus; }
    public SignatureStatus signature() { return signature; }
    /** The signature check in words (algorithm, expected and found signature). */
    public String signatureDetail() { return signatureDetail; }
    /** Check of the final SESSION_SETUP response's signature (3.1.1 preauth integrity), or "". */
    public String sessionSignature() { return sessionSignature; }
    public List<Difference> differences() { return List.copyOf(differences); }
    public Verdict verdict() { return verdict; }
    public boolean fatal() { return fatal; }
    public String summary() { return summary; }
    public String spec() { return spec; }
    public TerminatedBy terminatedBy() { return terminatedBy; }
    /** Label of the deliberate VALIDATE variation this run carried (variation search), or null. */
    public String overrideLabel() { return overrideLabel; }
    public long elapsedMillis() { return elapsedMillis; }

    /** True when the server accepted the VALIDATE (signed success or signed "not supported" answer). */
    public boolean passed() {
        return verdict == Verdict.VALIDATED || verdict == Verdict.SERVER_REFUSED && !fatal;
    }

    /**
     * The run as the analysis reports a capture's connection (docs/cli.md): frame numbers refer to the
     * pcapng {@link PcapngWriter} writes for this run (0 = not in it).
     */
    public ConnectionReport toConnectionReport() {
        long[] f = transcript.client() == null ? new long[0] : PcapngWriter.eventFrames(transcript);
        String client = transcript.client() == null ? "" : hostPort(transcript.client());
        String server = transcript.server() == null ? target : hostPort(transcript.server());
        return new ConnectionReport(0, client, server, dialect < 0 ? null : org.negscope.smb2.Dialect.name(dialect),
                verdict, fatal, summary, differences, signature, terminatedBy,
                new ConnectionReport.Frames(frame(f, negotiateRequestEvent), frame(f, negotiateResponseEvent),
                        frame(f, validateRequestEvent), frame(f, validateResponseEvent), frame(f, terminationEvent)),
                spec, negotiateRequest, negotiateResponse, validateRequest, validateResponse);
    }

    private static long frame(long[] frames, int event) {
        return event >= 0 && event < frames.length ? frames[event] : 0;
    }

    static String hostPort(java.net.InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    @Override
    public String toString() {
        return "ProbeResult[" + target + " " + verdict + (failure != null ? " " + failure : "") + "]";
    }
}
