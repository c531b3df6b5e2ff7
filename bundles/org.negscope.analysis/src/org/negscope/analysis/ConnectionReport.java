package org.negscope.analysis;

import java.util.List;
import org.negscope.smb2.Smb2Message;

/**
 * The diagnosis of one SMB2 TCP connection (JSON "connections" entry, DESIGN §8), plus the decoded
 * messages the workbench shows side by side. Built by the analysis; immutable once published.
 *
 * Frame numbers are 1-based; 0 means "not in the capture".
 */
public final class ConnectionReport {
    /** Frames that back the verdict (DESIGN §8 "frames"). */
    public record Frames(long negotiateRequest, long negotiateResponse, long validateRequest,
                         long validateResponse, long termination) {}

    private final int capture;
    private final String client;
    private final String server;
    private final String dialect;
    private final Verdict verdict;
    private final boolean fatal;
    private final String summary;
    private final List<Difference> differences;
    private final SignatureStatus signature;
    private final TerminatedBy terminatedBy;
    private final Frames frames;
    private final String spec;
    // The messages behind the side-by-side view; null when absent from the capture.
    private final Smb2Message negotiateRequest, negotiateResponse, validateRequest, validateResponse;

    public ConnectionReport(int capture, String client, String server, String dialect, Verdict verdict, boolean fatal,
                            String summary, List<Difference> differences, SignatureStatus signature,
                            TerminatedBy terminatedBy, Frames frames, String spec,
                            Smb2Message negotiateRequest, Smb2Message negotiateResponse,
                            Smb2Message validateRequest, Smb2Message validateResponse) {
        this.capture = capture;
        this.client = client;
        this.server = server;
        this.dialect = dialect;
        this.verdict = verdict;
        this.fatal = fatal;
        this.summary = summary;
        this.differences = List.copyOf(differences);
        this.signature = signature;
        this.terminatedBy = terminatedBy;
        this.frames = frames;
        this.spec = spec;
        this.negotiateRequest = negotiateRequest;
        this.negotiateResponse = negotiateResponse;
        this.validateRequest = validateRequest;
        this.validateResponse = validateResponse;
    }

    public int capture() { return capture; }
    public String client() { return client; }
    public String server() { return server; }
    /** "3.0.2", "0x0222" for unknown, null when no NEGOTIATE response was seen. */
    public String dialect() { return dialect; }
    public Verdict verdict() { return verdict; }
    public boolean fatal() { return fatal; }
    public String summary() { return summary; }
    public List<Difference> differences() { return differences; }
    public SignatureStatus signature() { return signature; }
    public TerminatedBy terminatedBy() { return terminatedBy; }
    public Frames frames() { return frames; }
    /** e.g. "MS-SMB2 3.2.5.14.12". */
    public String spec() { return spec; }
    public Smb2Message negotiateRequest() { return negotiateRequest; }
    public Smb2Message negotiateResponse() { return negotiateResponse; }
    public Smb2Message validateRequest() { return validateRequest; }
    public Smb2Message validateResponse() { return validateResponse; }
}
