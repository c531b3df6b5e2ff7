package org.negscope.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.negscope.smb2.NtlmVersion;
import org.negscope.smb2.Smb2Message;

/**
 * The diagnosis of one SMB2 TCP connection (JSON "connections" entry, docs/cli.md), plus the decoded
 * messages the workbench shows side by side. Built by the analysis; immutable once published.
 *
 * Frame numbers are 1-based; 0 means "not in the capture".
 */
public final class ConnectionReport {
    /** Frames that back the verdict (docs/cli.md "frames"). */
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
    private final Details details;
    /** Every signed message checked with the credentials (docs/cli.md, signatureCheck); {@link SignatureChecks#NONE} without them. */
    private final SignatureChecks signatureChecks;
    private final MatchKeys matchKeys;
    /** The judged VALIDATE response's protection and signature check; {@link ValidateSignature#NONE} without a response. */
    private final ValidateSignature validateSignature;

    /**
     * Everything beyond the JSON contract (docs/cli.md) that the diagnosis knows about the connection: where and when it
     * started and ended, the peers' NTLMSSP versions (client and server OS), the account, the VALIDATE error
     * answer, every VALIDATE exchange, the bounded timeline, what the capture lacks, evidence sentences, and the
     * other connections between the same hosts. {@link #NONE} when unknown (e.g. a report built by hand).
     *
     * @param firstFrame       first frame of the connection (its SYN when captured)
     * @param startTimeNanos   time of that frame, epoch nanoseconds (0 when unknown)
     * @param lastFrame        last frame seen
     * @param endTimeNanos     time of the last frame seen
     * @param clientGuid       ClientGuid of the NEGOTIATE request (or of a VALIDATE request), null when none seen
     * @param clientVersion    NTLMSSP Version of the client (AUTHENTICATE, else NEGOTIATE message), null when none
     * @param clientVersionFrame frame that carried it, 0 when none
     * @param serverVersion    NTLMSSP Version in the server's CHALLENGE, null when none
     * @param serverVersionFrame frame that carried it, 0 when none
     * @param account          the account the AUTHENTICATE message names, null when none seen (Kerberos, or none)
     * @param validateError    the error answer of the judged VALIDATE exchange, null when it succeeded or is absent
     * @param validateExchanges every VALIDATE exchange kept, in order
     * @param timeline         kept events in order (bounded; see {@link ConnectionReport#timelineEvents()})
     * @param timelineTotal    events that happened in all, kept or not
     * @param missing          what the capture lacks for a full diagnosis, e.g. "the NEGOTIATE response"; empty when nothing
     * @param evidence         plain sentences backing the verdict: the rule that makes it fatal, who ended the connection
     *                         how long after which frame, peers, account (reconnect facts are added by {@link #evidence()})
     * @param reconnect        other connections between the same hosts; {@link Reconnect#NONE} when alone or unknown
     * @param tcpStream        the connection's number among every TCP conversation of its file, in order of first packet,
     *                         from 0 (Wireshark's {@code tcp.stream}; a new SYN on a 4-tuple starts a new one); -1 unknown
     */
    public record Details(long firstFrame, long startTimeNanos, long lastFrame, long endTimeNanos, UUID clientGuid,
                          NtlmVersion clientVersion, long clientVersionFrame, NtlmVersion serverVersion, long serverVersionFrame,
                          NtlmAccount account, ValidateError validateError, List<ValidateMessages> validateExchanges,
                          List<TimelineEvent> timeline, long timelineTotal, List<String> missing, List<String> evidence,
                          Reconnect reconnect, int tcpStream) {
        public static final Details NONE = new Details(0, 0, 0, 0, null, null, 0, null, 0, null, null, List.of(), List.of(), 0,
                List.of(), List.of(), Reconnect.NONE);

        /** Without the tcp.stream number (-1: unknown). */
        public Details(long firstFrame, long startTimeNanos, long lastFrame, long endTimeNanos, UUID clientGuid,
                       NtlmVersion clientVersion, long clientVersionFrame, NtlmVersion serverVersion, long serverVersionFrame,
                       NtlmAccount account, ValidateError validateError, List<ValidateMessages> validateExchanges,
                       List<TimelineEvent> timeline, long timelineTotal, List<String> missing, List<String> evidence,
                       Reconnect reconnect) {
            this(firstFrame, startTimeNanos, lastFrame, endTimeNanos, clientGuid, clientVersion, clientVersionFrame, serverVersion,
                    serverVersionFrame, account, validateError, validateExchanges, timeline, timelineTotal, missing, evidence,
                    reconnect, -1);
        }

        public Details {
            validateExchanges = validateExchanges == null ? List.of() : List.copyOf(validateExchanges);
            // The analysis' own list is immutable and compact; copying it would build every event at once.
            timeline = timeline == null ? List.of() : timeline instanceof TimelineList ? timeline : List.copyOf(timeline);
            missing = missing == null ? List.of() : List.copyOf(missing);
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
            reconnect = reconnect == null ? Reconnect.NONE : reconnect;
        }

        public Details withReconnect(Reconnect r) {
            return new Details(firstFrame, startTimeNanos, lastFrame, endTimeNanos, clientGuid, clientVersion, clientVersionFrame,
                    serverVersion, serverVersionFrame, account, validateError, validateExchanges, timeline, timelineTotal, missing,
                    evidence, r, tcpStream);
        }
    }

    public ConnectionReport(int capture, String client, String server, String dialect, Verdict verdict, boolean fatal,
                            String summary, List<Difference> differences, SignatureStatus signature,
                            TerminatedBy terminatedBy, Frames frames, String spec,
                            Smb2Message negotiateRequest, Smb2Message negotiateResponse,
                            Smb2Message validateRequest, Smb2Message validateResponse) {
        this(capture, client, server, dialect, verdict, fatal, summary, differences, signature, terminatedBy, frames, spec,
                negotiateRequest, negotiateResponse, validateRequest, validateResponse, Details.NONE);
    }

    /** As the contract's constructor (docs/cli.md), with the {@link Details}. */
    public ConnectionReport(int capture, String client, String server, String dialect, Verdict verdict, boolean fatal,
                            String summary, List<Difference> differences, SignatureStatus signature,
                            TerminatedBy terminatedBy, Frames frames, String spec,
                            Smb2Message negotiateRequest, Smb2Message negotiateResponse,
                            Smb2Message validateRequest, Smb2Message validateResponse, Details details) {
        this(capture, client, server, dialect, verdict, fatal, summary, differences, signature, terminatedBy, frames, spec,
                negotiateRequest, negotiateResponse, validateRequest, validateResponse, details, SignatureChecks.NONE, MatchKeys.NONE,
                ValidateSignature.NONE);
    }

    private ConnectionReport(int capture, String client, String server, String dialect, Verdict verdict, boolean fatal,
                             String summary, List<Difference> differences, SignatureStatus signature,
                             TerminatedBy terminatedBy, Frames frames, String spec,
                             Smb2Message negotiateRequest, Smb2Message negotiateResponse,
                             Smb2Message validateRequest, Smb2Message validateResponse, Details details,
                             SignatureChecks signatureChecks, MatchKeys matchKeys, ValidateSignature validateSignature) {
        this.validateSignature = validateSignature == null ? ValidateSignature.NONE : validateSignature;
        this.matchKeys = matchKeys == null ? MatchKeys.NONE : matchKeys;
        this.signatureChecks = signatureChecks == null ? SignatureChecks.NONE : signatureChecks;
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
        this.details = details == null ? Details.NONE : details;
    }

    /** The same report with other details (the analysis adds the reconnect facts once the whole capture is read). */
    public ConnectionReport withDetails(Details d) {
        return new ConnectionReport(capture, client, server, dialect, verdict, fatal, summary, differences, signature, terminatedBy,
                frames, spec, negotiateRequest, negotiateResponse, validateRequest, validateResponse, d, signatureChecks, matchKeys,
                validateSignature);
    }

    /** The same report with the signature check of every signed message (null: none). */
    public ConnectionReport withSignatureChecks(SignatureChecks c) {
        return new ConnectionReport(capture, client, server, dialect, verdict, fatal, summary, differences, signature,
                terminatedBy, frames, spec, negotiateRequest, negotiateResponse, validateRequest, validateResponse, details, c, matchKeys,
                validateSignature);
    }

    /** The same report with the keys two-point matching uses (null: none). */
    public ConnectionReport withMatchKeys(MatchKeys k) {
        return new ConnectionReport(capture, client, server, dialect, verdict, fatal, summary, differences, signature,
                terminatedBy, frames, spec, negotiateRequest, negotiateResponse, validateRequest, validateResponse, details,
                signatureChecks, k, validateSignature);
    }

    /** The same report with the judged VALIDATE response's signature check (null: none). */
    public ConnectionReport withValidateSignature(ValidateSignature v) {
        return new ConnectionReport(capture, client, server, dialect, verdict, fatal, summary, differences, signature,
                terminatedBy, frames, spec, negotiateRequest, negotiateResponse, validateRequest, validateResponse, details,
                signatureChecks, matchKeys, v);
    }

    /**
     * How the judged VALIDATE response was protected (signed, encrypted) and what checking its signature with the
     * credentials gave: VALID or INVALID with the expected and found signature, or UNVERIFIED with the reason
     * (MS-SMB2 3.3.5.15.12 signs it, 3.2.5.14.12 checks it). {@link ValidateSignature#NONE} when there is no response;
     * its {@code check} is null without credentials. {@link #signature()} is the judgement drawn from it.
     */
    public ValidateSignature validateSignature() { return validateSignature; }

    /** What identifies this connection at another capture point ({@link TwoPointMatcher}); never printed. */
    public MatchKeys matchKeys() { return matchKeys; }

    /**
     * Every signed message of the connection checked with the given credentials: counts VALID / INVALID / UNVERIFIED,
     * the first INVALID one's expected and found signature, the VALIDATE response's when it is INVALID, and a hint
     * when the credentials are probably wrong. {@link SignatureChecks#NONE} when no credentials were given.
     */
    public SignatureChecks signatureChecks() { return signatureChecks; }

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

    // ------------------------------------------------------------------ details beyond the contract (docs/cli.md)

    public Details details() { return details; }
    /** First frame of the connection (its SYN when captured), 0 when unknown. */
    public long firstFrame() { return details.firstFrame(); }
    /** Time of the first frame, epoch nanoseconds; 0 when unknown. */
    public long startTimeNanos() { return details.startTimeNanos(); }
    public long lastFrame() { return details.lastFrame(); }
    public long endTimeNanos() { return details.endTimeNanos(); }
    /** ClientGuid of the NEGOTIATE request (or a VALIDATE request), null when none was seen. */
    public UUID clientGuid() { return details.clientGuid(); }
    /**
     * The client's NTLMSSP Version (MS-NLMP 2.2.2.10) from its AUTHENTICATE or NEGOTIATE message, which names the
     * Windows release; Samba sends 6.1 build 0. Null when the capture has none (Kerberos, or the client left it out).
     */
    public NtlmVersion clientVersion() { return details.clientVersion(); }
    public long clientVersionFrame() { return details.clientVersionFrame(); }
    /** The server's NTLMSSP Version from its CHALLENGE message, null when none. */
    public NtlmVersion serverVersion() { return details.serverVersion(); }
    public long serverVersionFrame() { return details.serverVersionFrame(); }
    /** User, domain and workstation from the NTLMSSP AUTHENTICATE message; null when none was seen. */
    public NtlmAccount account() { return details.account(); }
    /** The error answer of the judged VALIDATE exchange (status, signed, whether clients accept it); null when none. */
    public ValidateError validateError() { return details.validateError(); }
    /** Every VALIDATE exchange kept (the judged one is {@link #validateRequest()}/{@link #validateResponse()}). */
    public List<ValidateMessages> validateExchanges() { return details.validateExchanges(); }
    /**
     * The connection's events in order, bounded: the first 200, six on each side of every VALIDATE message after
     * them, and the last 40. {@link #timelineTotal()} says how many there were; a jump in
     * {@link TimelineEvent#index()} marks events that were not kept. Only the final report of a connection has it.
     */
    public List<TimelineEvent> timelineEvents() { return details.timeline(); }
    public long timelineTotal() { return details.timelineTotal(); }
    /** What the capture lacks for a full diagnosis (INCOMPLETE, NOT_SENT and others); empty when nothing. */
    public List<String> missing() { return details.missing(); }
    public Reconnect reconnect() { return details.reconnect(); }

    /** Plain sentences backing the verdict, ending with what the capture shows about reconnects. */
    public List<String> evidence() {
        List<String> out = new ArrayList<>(details.evidence());
        if (details.reconnect() != null && details.startTimeNanos() != 0) {
            String host = client == null ? "the client" : client.substring(0, Math.max(0, client.lastIndexOf(':')));
            out.add(details.reconnect().text(host));
        }
        return out;
    }
}
