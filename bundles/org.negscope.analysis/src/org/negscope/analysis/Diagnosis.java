package org.negscope.analysis;

import java.util.ArrayList;
import java.util.List;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NtStatus;

/**
 * The verdict rules of DESIGN §4 applied to one connection's {@link ConnectionState}, with the one-sentence
 * summary the user reads: field, both values, frames, and who dropped the connection how long after what.
 */
final class Diagnosis {
    private Diagnosis() {}

    static final String SPEC_CLIENT = "MS-SMB2 3.2.5.14.12";
    static final String SPEC_SERVER = "MS-SMB2 3.3.5.15.12";
    /** The client decides to validate when it processes the TREE_CONNECT response. */
    static final String SPEC_TREE_CONNECT = "MS-SMB2 3.2.5.5";

    static final long STATUS_SUCCESS = 0;
    static final long STATUS_PENDING = 0x00000103L;
    static final long STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016L;
    static final long STATUS_ACCESS_DENIED = 0xC0000022L;
    static final long STATUS_NOT_SUPPORTED = 0xC00000BBL;
    static final long STATUS_INVALID_DEVICE_REQUEST = 0xC0000010L;
    static final long STATUS_FILE_CLOSED = 0xC0000128L;
    static final long STATUS_FS_DRIVER_REQUIRED = 0xC000019CL;
    static final long STATUS_INVALID_PARAMETER = 0xC000000DL;
    /** Size of a VALIDATE_NEGOTIATE_INFO response (2.2.32.6); a smaller MaxOutputResponse makes the server drop. */
    static final int VALIDATE_RESPONSE_SIZE = 24;

    /** Why a request-side difference points at a middlebox: the client signs its VALIDATE, not its NEGOTIATE. */
    private static final String CHANGED_REQUEST =
            ", so something between the client and this capture point changed the NEGOTIATE request (the VALIDATE request is signed)";

    /** Everything a report needs, built by the rules below. */
    private static final class Outcome {
        Verdict verdict;
        boolean fatal;
        String summary;
        List<Difference> differences = List.of();
        SignatureStatus signature = SignatureStatus.NONE;
        String spec;
        ValidateExchange exchange;
        TcpClose close;

        Outcome set(Verdict v, boolean f, String spec, String summary) {
            this.verdict = v;
            this.fatal = f;
            this.spec = spec;
            this.summary = summary;
            return this;
        }
    }

    static ConnectionReport diagnose(ConnectionState s) {
        Outcome o = null;
        for (ValidateExchange v : s.validates) {
            Outcome candidate = judge(s, v);
            if (o == null) {
                o = candidate;
            }
            if (candidate.fatal) {
                o = candidate; // several exchanges: the first fatal one, else the first
                break;
            }
        }
        if (o == null) {
            o = withoutValidate(s);
        }
        return report(s, o);
    }

    // ---------------------------------------------------------------- a VALIDATE exchange is in the capture

    private static Outcome judge(ConnectionState s, ValidateExchange v) {
        Outcome o = new Outcome();
        o.exchange = v;
        List<Difference> request = ValidateComparison.requestSide(s.negotiateRequest, v);
        List<Difference> response = v.answered() && v.status == STATUS_SUCCESS
                ? ValidateComparison.responseSide(s.negotiateResponse, v) : List.of();
        List<Difference> all = new ArrayList<>(request.size() + response.size());
        all.addAll(request);
        all.addAll(response);
        o.differences = all;
        long ref = v.answered() ? v.responseFrame : v.requestFrame;
        long refTime = v.answered() ? v.responseTimeNanos : v.requestTimeNanos;
        o.close = s.firstCloseFrom(ref);
        String after = " — " + closeText(o.close, ref, refTime);

        if (v.answered()) {
            o.signature = !v.responseSigned && !v.responseEncrypted ? SignatureStatus.UNSIGNED
                    : v.verifiedSignature != null ? v.verifiedSignature : SignatureStatus.UNVERIFIED;
            String status = NtStatus.name(v.status);
            if (!v.responseSigned && !v.responseEncrypted) {
                return o.set(Verdict.RESPONSE_UNSIGNED, true, SPEC_CLIENT,
                        "The server's VALIDATE response (frame " + v.responseFrame + ", " + status
                        + ") is not signed, so the client cannot trust it; a Windows client drops the connection, Samba's smbclient disconnects at once"
                        + after + ".");
            }
            if (o.signature == SignatureStatus.INVALID) {
                return o.set(Verdict.SIGNATURE_INVALID, true, SPEC_CLIENT,
                        "The server's VALIDATE response (frame " + v.responseFrame + ") carries a signature that the session's signing key"
                        + " does not produce: it was altered on the way or forged; a Windows client drops the connection" + after + ".");
            }
            if (v.status == STATUS_ACCESS_DENIED) {
                return o.set(Verdict.SERVER_REFUSED, true, SPEC_CLIENT,
                        "The server answered VALIDATE with a signed " + status + " (frame " + v.responseFrame
                        + "): it rejects the client's values; a Windows client drops the connection" + after + ".");
            }
            if (v.status != STATUS_SUCCESS) {
                String meaning = notImplemented(v.status)
                        ? "the server does not implement FSCTL_VALIDATE_NEGOTIATE_INFO, and clients accept that answer because it is signed"
                        : "an error MS-SMB2 3.2.5.14.12 does not make fatal, so clients keep the connection";
                return o.set(Verdict.SERVER_REFUSED, false, SPEC_CLIENT,
                        "The server answered VALIDATE (frame " + v.requestFrame + ") with a signed " + status
                        + " (frame " + v.responseFrame + "): " + meaning + after + ".");
            }
            if (!v.responseDecoded) {
                return o.set(Verdict.INCOMPLETE, false, SPEC_CLIENT,
                        "The server's VALIDATE response (frame " + v.responseFrame + ") cannot be read: " + v.responseProblem + ".");
            }
            if (s.negotiateResponse == null) {
                return o.set(Verdict.INCOMPLETE, false, SPEC_CLIENT,
                        "The capture starts after NEGOTIATE, so the VALIDATE response (frame " + v.responseFrame
                        + ") has nothing to be compared with; capture from the start of the connection.");
            }
            if (!response.isEmpty()) {
                Difference d = response.get(0);
                return o.set(Verdict.RESPONSE_MISMATCH, true, SPEC_CLIENT,
                        "The server's VALIDATE response (frame " + v.responseFrame + ") says " + d.field() + " " + d.validate()
                        + " but its NEGOTIATE response (frame " + s.negotiateResponse.frame() + ") said " + d.negotiate()
                        + ValidateComparison.bitsNote(d) + alsoDiffer(response)
                        + ", so something between the server and this capture point changed the NEGOTIATE response"
                        + " (the VALIDATE response is signed); a Windows client drops the connection" + after + ".");
            }
            if (!request.isEmpty()) {
                Difference d = request.get(0);
                return o.set(Verdict.REQUEST_MISMATCH, true, SPEC_SERVER,
                        "The client's VALIDATE request (frame " + v.requestFrame + ") says " + d.field() + " " + d.validate()
                        + " but its NEGOTIATE request (frame " + s.negotiateRequest.frame() + ") said " + d.negotiate()
                        + ValidateComparison.bitsNote(d) + alsoDiffer(request) + CHANGED_REQUEST
                        + "; a server must drop the connection, yet this one answered (frame " + v.responseFrame + ")" + after + ".");
            }
            String proof = v.responseEncrypted ? "it came encrypted, which authenticates it (AES-128-CCM, decrypted with the given credentials)"
                    : o.signature == SignatureStatus.VALID ? "its signature is valid"
                    : "it is signed (signature not verified: " + (v.signatureNote != null ? v.signatureNote : "no credentials given") + ")";
            String requestPart = s.negotiateRequest == null
                    ? "; the NEGOTIATE request is not in the capture, so the client's side was not compared" : "";
            return o.set(Verdict.VALIDATED, false, SPEC_CLIENT,
                    "VALIDATE (frames " + v.requestFrame + "/" + v.responseFrame + ") repeats what NEGOTIATE (frames "
                    + frame(s.negotiateRequest == null ? 0 : s.negotiateRequest.frame()) + "/" + s.negotiateResponse.frame()
                    + ") said on dialect " + Dialect.name(s.negotiateResponse.dialect()) + " and " + proof + requestPart + ".");
        }

        // Unanswered.
        if (!v.requestDecoded) {
            return o.set(Verdict.INCOMPLETE, false, SPEC_SERVER,
                    "The client's VALIDATE request (frame " + v.requestFrame + ") cannot be read: " + v.requestProblem + ".");
        }
        if (!request.isEmpty()) {
            Difference d = request.get(0);
            return o.set(Verdict.REQUEST_MISMATCH, true, SPEC_SERVER,
                    "The client's VALIDATE request (frame " + v.requestFrame + ") says " + d.field() + " " + d.validate()
                    + " but its NEGOTIATE request (frame " + s.negotiateRequest.frame() + ") said " + d.negotiate()
                    + ValidateComparison.bitsNote(d) + alsoDiffer(request) + CHANGED_REQUEST
                    + "; the server must drop the connection without answering" + after + ".");
        }
        TcpClose c = o.close;
        boolean serverClosed = c != null && !c.byClient();
        int dialect = s.negotiateResponse == null ? -1 : s.negotiateResponse.dialect();
        if (serverClosed && dialect == Dialect.SMB_3_1_1) {
            return o.set(Verdict.SERVER_TERMINATED, true, SPEC_SERVER,
                    "The server " + closedVerb(c) + " the connection " + FieldFormat.duration(c.timeNanos() - v.requestTimeNanos)
                    + " after the VALIDATE request (frame " + v.requestFrame + ") without answering: on dialect 3.1.1 a server must drop"
                    + " any VALIDATE, so the client should not have sent one.");
        }
        if (serverClosed && v.maxOutputResponse < VALIDATE_RESPONSE_SIZE) {
            return o.set(Verdict.SERVER_TERMINATED, true, SPEC_SERVER,
                    "The server " + closedVerb(c) + " the connection " + FieldFormat.duration(c.timeNanos() - v.requestTimeNanos)
                    + " after the VALIDATE request (frame " + v.requestFrame + ") without answering: its MaxOutputResponse "
                    + v.maxOutputResponse + " is less than the " + VALIDATE_RESPONSE_SIZE + " bytes of the answer.");
        }
        if (serverClosed && s.negotiateRequest == null) {
            return o.set(Verdict.INCOMPLETE, false, SPEC_SERVER,
                    "The server " + closedVerb(c) + " the connection " + FieldFormat.duration(c.timeNanos() - v.requestTimeNanos)
                    + " after the VALIDATE request (frame " + v.requestFrame + ") without answering, but the capture starts after"
                    + " NEGOTIATE, so it cannot show which value the server rejected.");
        }
        if (serverClosed) {
            return o.set(Verdict.SERVER_TERMINATED, true, SPEC_SERVER,
                    "The server " + closedVerb(c) + " the connection " + FieldFormat.duration(c.timeNanos() - v.requestTimeNanos)
                    + " after the VALIDATE request (frame " + v.requestFrame + ") without answering, although that request repeats"
                    + " the NEGOTIATE request (frame " + s.negotiateRequest.frame() + ") of this capture: the server saw a different"
                    + " NEGOTIATE, so something between this capture point and the server rewrote it — capture at the server too.");
        }
        if (c != null) {
            return o.set(Verdict.INCOMPLETE, false, SPEC_SERVER,
                    "The client " + closedVerb(c) + " the connection " + FieldFormat.duration(c.timeNanos() - v.requestTimeNanos)
                    + " after its VALIDATE request (frame " + v.requestFrame + ") before any answer, so the outcome is not in the capture.");
        }
        if (s.serverGapFrom(v.requestFrame)) {
            return o.set(Verdict.INCOMPLETE, false, SPEC_CLIENT,
                    "Bytes the server sent after the VALIDATE request (frame " + v.requestFrame + ") are missing from the capture"
                    + " (gap at frame " + s.lastServerGapFrame + "), so the VALIDATE response cannot be seen.");
        }
        return o.set(Verdict.INCOMPLETE, false, SPEC_CLIENT,
                "The capture ends before the VALIDATE response (request frame " + v.requestFrame + ", last frame "
                + s.lastFrame + ").");
    }

    static boolean notImplemented(long status) {
        return status == STATUS_NOT_SUPPORTED || status == STATUS_INVALID_DEVICE_REQUEST || status == STATUS_FILE_CLOSED
                || status == STATUS_FS_DRIVER_REQUIRED || status == STATUS_INVALID_PARAMETER;
    }

    private static String alsoDiffer(List<Difference> ds) {
        if (ds.size() < 2) {
            return "";
        }
        List<String> names = new ArrayList<>();
        for (int i = 1; i < ds.size(); i++) {
            names.add(ds.get(i).field() + " " + ds.get(i).negotiate() + " -> " + ds.get(i).validate());
        }
        return ", and " + String.join(", ", names) + (ds.size() == 2 ? " differs too" : " differ too");
    }

    // ---------------------------------------------------------------- no VALIDATE exchange in cleartext

    private static Outcome withoutValidate(ConnectionState s) {
        Outcome o = new Outcome();
        NegotiateResponseFields nr = s.negotiateResponse;
        o.close = s.firstCloseFrom(0);
        if (nr == null) {
            if (!s.smb2Seen && s.smb1Seen) {
                return o.set(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT, s.smb1NegotiateFrame > 0 && s.wildcardResponseFrame == 0
                        ? "Only SMB1 is spoken here (NEGOTIATE frame " + s.smb1NegotiateFrame + "): SMB1 has no VALIDATE_NEGOTIATE_INFO."
                        : "Only SMB1 is spoken here: SMB1 has no VALIDATE_NEGOTIATE_INFO.");
            }
            if (s.negotiateRequest != null) {
                return o.set(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT, o.close != null && !o.close.byClient()
                        ? "The server " + closedVerb(o.close) + " the connection (frame " + o.close.frame()
                          + ") without answering the NEGOTIATE request (frame " + s.negotiateRequest.frame() + "), so no dialect was agreed."
                        : "The capture ends before the NEGOTIATE response (request frame " + s.negotiateRequest.frame() + ").");
            }
            if (s.wildcardResponseFrame > 0) {
                return o.set(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT,
                        "The capture ends after the multi-protocol NEGOTIATE (answered with 2.??? in frame " + s.wildcardResponseFrame
                        + "), before the SMB2 NEGOTIATE that picks the dialect.");
            }
            String enc = s.encryptedMessages > 0 ? " (and the traffic is encrypted from frame " + s.firstEncryptedFrame + " on)" : "";
            return o.set(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT,
                    "The capture starts after the NEGOTIATE exchange (first SMB frame " + s.firstSmbFrame + ")" + enc
                    + ", so the dialect and the values VALIDATE must repeat are unknown; capture from the connection's start.");
        }
        if (nr.status() != STATUS_SUCCESS) {
            return o.set(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT,
                    "The server failed the NEGOTIATE (frame " + nr.frame() + ") with " + NtStatus.name(nr.status())
                    + ", so no dialect was agreed and there is nothing to validate.");
        }
        int d = nr.dialect();
        String dn = Dialect.name(d);
        if (d == Dialect.SMB_3_1_1) {
            return o.set(Verdict.NOT_APPLICABLE, false, SPEC_SERVER,
                    "Dialect 3.1.1 (NEGOTIATE response frame " + nr.frame() + ") is protected by preauthentication integrity instead:"
                    + " clients do not send VALIDATE on it and servers drop the connection if one arrives.");
        }
        if (d != Dialect.SMB_3_0 && d != Dialect.SMB_3_0_2) {
            String why = d == Dialect.SMB_2_0_2 || d == Dialect.SMB_2_1
                    ? "Windows clients validate only on 3.0 and 3.0.2 (Samba's smbclient also on 2.x when the tree connect is signed)"
                      + ", and no VALIDATE was sent here"
                    : "a dialect this tool does not know, so no VALIDATE rule applies and none was sent";
            return o.set(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT,
                    "Dialect " + dn + " (NEGOTIATE response frame " + nr.frame() + "): " + why + ".");
        }

        // 3.0 / 3.0.2: a Windows client validates after the tree connect of an authenticated session.
        SessionFacts ok = null;
        SessionFacts failed = null;
        for (SessionFacts ss : s.sessions) {
            if (ss.succeeded && ok == null) {
                ok = ss;
            } else if (!ss.succeeded && ss.status != -1 && ss.status != STATUS_MORE_PROCESSING_REQUIRED && failed == null) {
                failed = ss;
            }
        }
        if (ok == null) {
            if (failed != null) {
                return o.set(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT,
                        "Dialect " + dn + ", but SESSION_SETUP failed with " + NtStatus.name(failed.status) + " (frame "
                        + failed.finalResponseFrame + "), so no signed session exists and no VALIDATE is due.");
            }
            if (o.close != null) {
                return o.set(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT,
                        "Dialect " + dn + ", but the " + o.close.who() + " " + closedVerb(o.close) + " the connection (frame "
                        + o.close.frame() + ") before a session was set up, so no VALIDATE was due.");
            }
            return o.set(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT,
                    "Dialect " + dn + ", but the capture ends before SESSION_SETUP completes (last frame " + s.lastFrame
                    + "), where a VALIDATE would follow the tree connect.");
        }
        if (ok.guest() || ok.anonymous()) {
            return o.set(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT,
                    "Dialect " + dn + " with " + (ok.anonymous() ? "an anonymous (null)" : "a guest") + " session (SESSION_SETUP response frame "
                    + ok.finalResponseFrame + (ok.anonymous() && (ok.sessionFlags & SessionFacts.IS_NULL) == 0
                            ? ", NTLMSSP AUTHENTICATE in frame " + ok.authenticateFrame + " names no user" : "")
                    + "): such a session has no signing key, so clients do not send VALIDATE.");
        }
        if (s.encryptedMessages > s.decryptedMessages || ok.encryptData() && s.encryptedMessages == 0 && s.treeConnectFrame == 0) {
            long from = s.firstEncryptedFrame;
            String what = s.decryptProblem != null
                    ? "the given credentials did not decrypt it: " + s.decryptProblem
                    : "give the password or the session key to decrypt it; an encrypted answer needs no signature";
            return o.set(Verdict.ENCRYPTED, false, SPEC_CLIENT,
                    "Dialect " + dn + ", and the traffic is encrypted"
                    + (from > 0 ? " from frame " + from + " on" : " (the server demanded it in SESSION_SETUP frame " + ok.finalResponseFrame + ")")
                    + ": the VALIDATE exchange, if sent, is inside it — " + what + ".");
        }
        if (s.treeConnectFrame == 0) {
            if (s.treeConnectFailedFrame > 0) {
                return o.set(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT,
                        "Dialect " + dn + ", but the TREE_CONNECT failed with " + NtStatus.name(s.treeConnectFailedStatus)
                        + " (frame " + s.treeConnectFailedFrame + "); VALIDATE follows only a successful tree connect.");
            }
            if (o.close != null) {
                return o.set(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT,
                        "Dialect " + dn + ", but the " + o.close.who() + " " + closedVerb(o.close) + " the connection (frame "
                        + o.close.frame() + ") before any tree connect, so no VALIDATE was due.");
            }
            return o.set(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT,
                    "Dialect " + dn + " with an authenticated session, but the capture ends before a tree connect (last frame "
                    + s.lastFrame + "), after which a VALIDATE would be sent.");
        }
        o.close = s.firstCloseFrom(s.treeConnectFrame);
        if (s.requestAfterTreeConnectFrame == 0 && o.close == null) {
            return o.set(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT,
                    "Dialect " + dn + ", authenticated session and tree connect (frame " + s.treeConnectFrame
                    + "), but the capture ends there, before the client's next request, where a VALIDATE would be.");
        }
        String next = s.requestAfterTreeConnectFrame > 0
                ? "its next request is " + s.requestAfterTreeConnect + " (frame " + s.requestAfterTreeConnectFrame + ")"
                : "the " + o.close.who() + " " + closedVerb(o.close) + " the connection (frame " + o.close.frame() + ")";
        return o.set(Verdict.NOT_SENT, false, SPEC_TREE_CONNECT,
                "Dialect " + dn + ", authenticated session and tree connect (frame " + s.treeConnectFrame + "), but the client sent"
                + " no VALIDATE — " + next + ": RequireSecureNegotiate=0 is in effect on a Windows client, or the client is not"
                + " Windows; a downgraded NEGOTIATE would go unnoticed.");
    }

    // ---------------------------------------------------------------- helpers

    /** "the client closed it with FIN 3 ms after frame 13" / "the capture shows no FIN or RST after frame 13". */
    static String closeText(TcpClose c, long refFrame, long refTimeNanos) {
        if (c == null) {
            return "here the capture shows no FIN or RST after frame " + refFrame;
        }
        return "here the " + c.who() + " " + (c.reset() ? "reset it with RST " : "closed it with FIN ")
                + FieldFormat.duration(c.timeNanos() - refTimeNanos) + " after frame " + refFrame;
    }

    private static String closedVerb(TcpClose c) { return c.reset() ? "reset" : "closed"; }

    private static String frame(long f) { return f > 0 ? Long.toString(f) : "?"; }

    private static ConnectionReport report(ConnectionState s, Outcome o) {
        ValidateExchange v = o.exchange;
        TerminatedBy by = o.close != null ? (o.close.byClient() ? TerminatedBy.CLIENT : TerminatedBy.SERVER)
                : o.verdict == Verdict.INCOMPLETE ? TerminatedBy.UNKNOWN : TerminatedBy.NONE;
        NegotiateRequestFields nq = s.negotiateRequest;
        NegotiateResponseFields nr = s.negotiateResponse;
        ConnectionReport.Frames frames = new ConnectionReport.Frames(
                nq == null ? 0 : nq.frame(), nr == null ? 0 : nr.frame(),
                v == null ? 0 : v.requestFrame, v == null ? 0 : v.responseFrame,
                o.close == null ? 0 : o.close.frame());
        String dialect = nr == null || nr.status() != STATUS_SUCCESS ? null : Dialect.name(nr.dialect());
        return new ConnectionReport(s.captureIndex, s.client(), s.server(), dialect, o.verdict, o.fatal, o.summary,
                o.differences, o.signature, by, frames, o.spec,
                nq == null ? null : nq.message(), nr == null ? null : nr.message(),
                v == null ? null : v.requestMessage, v == null ? null : v.responseMessage);
    }
}
