package org.negscope.analysis;

import java.util.ArrayList;
import java.util.List;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NtStatus;

/**
 * The verdict rules (docs/protocol.md, "Verdict rules") applied to one connection's {@link ConnectionState}, with the
 * one-sentence summary the user reads: field, both values, frames, and who dropped the connection how long after what.
 */
final class Diagnosis {
    private Diagnosis() {}

    static final String SPEC_CLIENT = "MS-SMB2 3.2.5.14.12";
    static final String SPEC_SERVER = "MS-SMB2 3.3.5.15.12";
    /** The client decides to validate when it processes the TREE_CONNECT response. */
    static final String SPEC_TREE_CONNECT = "MS-SMB2 3.2.5.5";

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

        /** What the capture lacks for a full diagnosis (say exactly what is missing). */
        final List<String> missing = new ArrayList<>(2);

        Outcome set(Verdict v, boolean f, String spec, String summary) {
            this.verdict = v;
            this.fatal = f;
            this.spec = spec;
            this.summary = summary;
            return this;
        }

        Outcome lacks(String what) {
            missing.add(what);
            return this;
        }
    }

    /** The verdict as the capture stands; without the timeline (progressive reports stay cheap). */
    static ConnectionReport diagnose(ConnectionState s) {
        return diagnose(s, false);
    }

    /** @param withTimeline true for the final report of a connection: it carries the bounded timeline */
    static ConnectionReport diagnose(ConnectionState s, boolean withTimeline) {
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
        if (o.verdict != Verdict.REQUEST_MISMATCH) {
            // Only a request-side difference can be proven from the client's packets alone; every other verdict needs both.
            Outcome one = oneDirection(s);
            if (one != null) {
                one.exchange = o.exchange; // its request frame stays evidence (an unanswered VALIDATE has no signature)
                o = one;
            }
        }
        return report(s, o, withTimeline);
    }

    // ---------------------------------------------------------------- a VALIDATE exchange is in the capture

    private static Outcome judge(ConnectionState s, ValidateExchange v) {
        Outcome o = new Outcome();
        o.exchange = v;
        List<Difference> request = ValidateComparison.requestSide(s.negotiateRequest, v);
        List<Difference> response = v.answered() && v.status == NtStatus.SUCCESS
                ? ValidateComparison.responseSide(s.negotiateResponse, v) : List.of();
        List<Difference> all = new ArrayList<>(request.size() + response.size());
        all.addAll(request);
        all.addAll(response);
        o.differences = all;
        long ref = v.answered() ? v.responseFrame : v.requestFrame;
        long refTime = v.answered() ? v.responseTimeNanos : v.requestTimeNanos;
        o.close = s.firstCloseFrom(ref);
        String after = " — " + closeText(s, o.close, ref, refTime, false);

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
                        + " does not produce" + (v.expectedSignature == null ? "" : " (" + v.signingAlgorithm + ": expected "
                        + v.expectedSignature + ", found " + v.foundSignature + ")")
                        + ": it was altered on the way or forged; a Windows client drops the connection" + after + ".");
            }
            if (v.status == NtStatus.ACCESS_DENIED) {
                return o.set(Verdict.SERVER_REFUSED, true, SPEC_CLIENT,
                        "The server answered VALIDATE with a signed " + status + " (frame " + v.responseFrame
                        + "): it rejects the client's values; a Windows client drops the connection" + after + ".");
            }
            if (v.status != NtStatus.SUCCESS) {
                String meaning = notImplemented(v.status)
                        ? "the server does not implement FSCTL_VALIDATE_NEGOTIATE_INFO, and clients accept that answer because it is signed"
                        : "an error MS-SMB2 3.2.5.14.12 does not make fatal, so clients keep the connection";
                return o.set(Verdict.SERVER_REFUSED, false, SPEC_CLIENT,
                        "The server answered VALIDATE (frame " + v.requestFrame + ") with a signed " + status
                        + " (frame " + v.responseFrame + "): " + meaning + " — " + closeText(s, o.close, ref, refTime, true) + ".");
            }
            if (!v.responseDecoded) {
                return o.set(Verdict.INCOMPLETE, false, SPEC_CLIENT,
                        "The server's VALIDATE response (frame " + v.responseFrame + ") cannot be read: " + v.responseProblem + ".")
                        .lacks("a readable VALIDATE response body (frame " + v.responseFrame + ")");
            }
            if (s.negotiateResponse == null) {
                return o.set(Verdict.INCOMPLETE, false, SPEC_CLIENT,
                        "The capture starts after NEGOTIATE, so the VALIDATE response (frame " + v.responseFrame
                        + ") has nothing to be compared with; capture from the start of the connection.")
                        .lacks(s.negotiateRequest == null
                                ? "the NEGOTIATE request and response (the capture starts after them, first SMB frame " + s.firstSmbFrame + ")"
                                : "the NEGOTIATE response (frame " + s.negotiateRequest.frame() + " has the request)");
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
                    "The client's VALIDATE request (frame " + v.requestFrame + ") cannot be read: " + v.requestProblem + ".")
                    .lacks("a readable VALIDATE request body (frame " + v.requestFrame + ")");
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
                    + " NEGOTIATE, so it cannot show which value the server rejected.")
                    .lacks("the NEGOTIATE request (the capture starts after it)");
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
                    + " after its VALIDATE request (frame " + v.requestFrame + ") before any answer, so the outcome is not in the capture.")
                    .lacks("the VALIDATE response (the client closed the connection in frame " + c.frame() + " before it came)");
        }
        if (s.serverGapFrom(v.requestFrame)) {
            return o.set(Verdict.INCOMPLETE, false, SPEC_CLIENT,
                    "Bytes the server sent after the VALIDATE request (frame " + v.requestFrame + ") are missing from the capture"
                    + " (gap at frame " + s.lastServerGapFrame + "), so the VALIDATE response cannot be seen.")
                    .lacks("the bytes the server sent after frame " + v.requestFrame + " (gap at frame " + s.lastServerGapFrame
                            + "), where the VALIDATE response would be");
        }
        return o.set(Verdict.INCOMPLETE, false, SPEC_CLIENT,
                "The capture ends before the VALIDATE response (request frame " + v.requestFrame + ", last frame "
                + s.lastFrame + ").")
                .lacks("the VALIDATE response (the capture ends at frame " + s.lastFrame + ")");
    }

    static boolean notImplemented(long status) {
        return status == NtStatus.NOT_SUPPORTED || status == NtStatus.INVALID_DEVICE_REQUEST || status == NtStatus.FILE_CLOSED
                || status == NtStatus.FS_DRIVER_REQUIRED || status == NtStatus.INVALID_PARAMETER;
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

    // ---------------------------------------------------------------- one direction only

    /**
     * The capture holds no segment at all (not even an ACK) from one side: it was filtered to one direction, the other
     * direction took another path (asymmetric routing), or a mirror port copied one direction. Nothing the missing side
     * said can be judged, so the connection is INCOMPLETE with that reason and what to collect instead.
     */
    private static Outcome oneDirection(ConnectionState s) {
        boolean client = s.seenFromClient();
        boolean server = s.seenFromServer();
        if (client == server) {
            return null;
        }
        String have = client ? "client" : "server";
        String miss = client ? "server" : "client";
        String missAddr = client ? s.server() : s.client();
        Outcome o = new Outcome();
        o.close = s.firstCloseFrom(0);
        String unanswered = client && s.negotiateRequest != null
                ? " (from its NEGOTIATE request in frame " + s.negotiateRequest.frame() + " on)" : "";
        return o.set(Verdict.INCOMPLETE, false, client ? SPEC_CLIENT : SPEC_SERVER,
                "The capture holds only the " + have + "'s side of this connection" + unanswered + ": no frame from " + missAddr
                + " at all, not even a TCP ACK. It was filtered to one direction (a capture filter such as 'src host' or 'src port'),"
                + " the " + miss + "'s packets took another path (asymmetric routing), or a mirror (SPAN) port copied one direction"
                + " only. Capture both directions: on the client or the server itself, or mirror both directions of the link.")
                .lacks("everything the " + miss + " sent (no frame from " + missAddr + " in the capture)");
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
                        : "The capture ends before the NEGOTIATE response (request frame " + s.negotiateRequest.frame() + ").")
                        .lacks(o.close != null && !o.close.byClient() ? "a NEGOTIATE response (the server never sent one)"
                                : "the NEGOTIATE response (the capture ends at frame " + s.lastFrame + ")");
            }
            if (s.wildcardResponseFrame > 0) {
                return o.set(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT,
                        "The capture ends after the multi-protocol NEGOTIATE (answered with the SMB 2 wildcard (0x02FF) in frame " + s.wildcardResponseFrame
                        + "), before the SMB2 NEGOTIATE that picks the dialect.")
                        .lacks("the SMB2 NEGOTIATE exchange after the multi-protocol NEGOTIATE");
            }
            String enc = s.encryptedMessages > 0 ? " (and the traffic is encrypted from frame " + s.firstEncryptedFrame + " on)" : "";
            return o.set(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT,
                    "The capture starts after the NEGOTIATE exchange (first SMB frame " + s.firstSmbFrame + ")" + enc
                    + ", so the dialect and the values VALIDATE must repeat are unknown; capture from the connection's start.")
                    .lacks("the NEGOTIATE request and response (the capture starts after them, first SMB frame " + s.firstSmbFrame + ")");
        }
        if (nr.status() != NtStatus.SUCCESS) {
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
        boolean twoX = d == Dialect.SMB_2_0_2 || d == Dialect.SMB_2_1;
        if (!twoX && d != Dialect.SMB_3_0 && d != Dialect.SMB_3_0_2) {
            return o.set(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT,
                    "Dialect " + dn + " (NEGOTIATE response frame " + nr.frame()
                    + "): a dialect this tool does not know, so no VALIDATE rule applies and none was sent.");
        }
        // Below 3.1.1 a client that implements SMB 3 validates, also on 2.0.2 / 2.1: that is the downgrade the check
        // exists to catch. What the client offered tells whether it implements SMB 3 (docs/protocol.md, "Verdict rules").
        ClientOffer offer = ClientOffer.of(s);
        if (twoX && offer.smb3() == ClientOffer.Smb3.NO) {
            return o.set(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT,
                    "Dialect " + dn + " (NEGOTIATE response frame " + nr.frame() + "), and the client " + offer.text()
                    + ": this client does not implement SMB 3 (e.g. Windows 7, Vista or Server 2008 R2), and such a client"
                    + " never sends VALIDATE, so this connection has no downgrade protection.");
        }

        // A client that implements SMB 3 validates after the tree connect of an authenticated session.
        SessionFacts ok = null;
        SessionFacts failed = null;
        for (SessionFacts ss : s.sessions) {
            if (ss.succeeded && ok == null) {
                ok = ss;
            } else if (!ss.succeeded && ss.status != -1 && ss.status != NtStatus.MORE_PROCESSING_REQUIRED && failed == null) {
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
                    + "), where a VALIDATE would follow the tree connect.")
                    .lacks((s.sessions.isEmpty() ? "SESSION_SETUP" : "the end of SESSION_SETUP")
                            + ", the TREE_CONNECT and the VALIDATE exchange (the capture ends at frame " + s.lastFrame + ")");
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
                    : (s.kerberos ? "give the session key or a keytab (the session used Kerberos, so a password does not give its key)"
                            : "give the password or the session key") + " to decrypt it; an encrypted answer needs no signature";
            return o.set(Verdict.ENCRYPTED, false, SPEC_CLIENT,
                    "Dialect " + dn + ", and the traffic is encrypted"
                    + (from > 0 ? " from frame " + from + " on" : " (the server demanded it in SESSION_SETUP frame " + ok.finalResponseFrame + ")")
                    + ": the VALIDATE exchange, if sent, is inside it — " + what + ".")
                    .lacks(s.decryptProblem != null ? "keys that decrypt the SMB3 traffic" + (from > 0 ? " from frame " + from : "")
                            : (s.kerberos ? "the session key or a keytab" : "the password, NT hash or session key")
                              + " to decrypt the SMB3 traffic" + (from > 0 ? " from frame " + from : ""));
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
                    + s.lastFrame + "), after which a VALIDATE would be sent.")
                    .lacks("a successful TREE_CONNECT and the VALIDATE exchange after it (the capture ends at frame " + s.lastFrame + ")");
        }
        o.close = s.firstCloseFrom(s.treeConnectFrame);
        if (s.requestAfterTreeConnectFrame == 0 && o.close == null) {
            return o.set(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT,
                    "Dialect " + dn + ", authenticated session and tree connect (frame " + s.treeConnectFrame
                    + "), but the capture ends there, before the client's next request, where a VALIDATE would be.")
                    .lacks("the client's next request after the TREE_CONNECT response (frame " + s.treeConnectFrame
                            + "): the capture ends at frame " + s.lastFrame);
        }
        String next = s.requestAfterTreeConnectFrame > 0
                ? "its next request is " + s.requestAfterTreeConnect + " (frame " + s.requestAfterTreeConnectFrame + ")"
                : "the " + o.close.who() + " " + closedVerb(o.close) + " the connection (frame " + o.close.frame() + ")";
        if (twoX && offer.smb3() == ClientOffer.Smb3.UNKNOWN) {
            return o.set(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT,
                    "Dialect " + dn + ", authenticated session and tree connect (frame " + s.treeConnectFrame + "), no VALIDATE ("
                    + next + "), but the client " + offer.text() + ": whether it implements SMB 3, and so should have"
                    + " validated, is not in the capture.")
                    .lacks("the client's SMB2 NEGOTIATE request, whose Dialects say whether it implements SMB 3");
        }
        String offered = offer.smb3() == ClientOffer.Smb3.YES ? ", and the client " + offer.text() + ", so it implements SMB 3" : "";
        return o.set(Verdict.NOT_SENT, false, SPEC_TREE_CONNECT,
                "Dialect " + dn + ", authenticated session and tree connect (frame " + s.treeConnectFrame + ")" + offered
                + ", but the client sent no VALIDATE — " + next + ". A Windows 8 or later client validates here (on 2.0.2 to 3.0.2)"
                + " unless RequireSecureNegotiate=0 (possible on Windows 8 / 8.1 / Server 2012 / 2012 R2 only); Samba's smbclient"
                + " validates whenever the tree connect is signed; Linux cifs validates on 3.0 / 3.0.2 only; tools such as"
                + " impacket never do. A downgraded NEGOTIATE would go unnoticed.")
                .lacks("the client's FSCTL_VALIDATE_NEGOTIATE_INFO request, due after the TREE_CONNECT response (frame "
                        + s.treeConnectFrame + ") and before " + (s.requestAfterTreeConnectFrame > 0
                                ? "its " + s.requestAfterTreeConnect + " request (frame " + s.requestAfterTreeConnectFrame + ")"
                                : "the end of the connection (frame " + o.close.frame() + ")"));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * "the client closed it with FIN 3 ms after frame 13" / "the capture shows no FIN or RST after frame 13"; when the
     * client accepted the answer ({@code accepted}) and ended the session with LOGOFF between the reference frame and the
     * TCP close, the close is an ordinary end, not a reaction to that frame, and is described as such.
     */
    static String closeText(ConnectionState s, TcpClose c, long refFrame, long refTimeNanos, boolean accepted) {
        if (c == null) {
            return "here the capture shows no FIN or RST after frame " + refFrame;
        }
        if (accepted && s.logoffFrame > refFrame && s.logoffFrame < c.frame()) {
            return "the session then ended normally (" + (s.treeDisconnectFrame > refFrame && s.treeDisconnectFrame < s.logoffFrame
                    ? "TREE_DISCONNECT frame " + s.treeDisconnectFrame + ", " : "") + "LOGOFF frame " + s.logoffFrame + ", "
                    + FieldFormat.duration(s.logoffTimeNanos - refTimeNanos) + " after frame " + refFrame + "), and the " + c.who()
                    + (c.reset() ? " reset the TCP connection with RST " : " closed the TCP connection with FIN ")
                    + FieldFormat.duration(c.timeNanos() - s.logoffTimeNanos) + " after that (frame " + c.frame()
                    + "): an ordinary end, not a reaction to the VALIDATE answer";
        }
        return "here the " + c.who() + " " + (c.reset() ? "reset it with RST " : "closed it with FIN ")
                + FieldFormat.duration(c.timeNanos() - refTimeNanos) + " after frame " + refFrame;
    }

    private static String closedVerb(TcpClose c) { return c.reset() ? "reset" : "closed"; }

    private static String frame(long f) { return f > 0 ? Long.toString(f) : "?"; }

    private static ConnectionReport report(ConnectionState s, Outcome o, boolean withTimeline) {
        ValidateExchange v = o.exchange;
        TerminatedBy by = o.close != null ? (o.close.byClient() ? TerminatedBy.CLIENT : TerminatedBy.SERVER)
                : o.verdict == Verdict.INCOMPLETE ? TerminatedBy.UNKNOWN : TerminatedBy.NONE;
        NegotiateRequestFields nq = s.negotiateRequest;
        NegotiateResponseFields nr = s.negotiateResponse;
        ConnectionReport.Frames frames = new ConnectionReport.Frames(
                nq == null ? 0 : nq.frame(), nr == null ? 0 : nr.frame(),
                v == null ? 0 : v.requestFrame, v == null ? 0 : v.responseFrame,
                o.close == null ? 0 : o.close.frame());
        String dialect = nr == null || nr.status() != NtStatus.SUCCESS ? null : Dialect.name(nr.dialect());
        return new ConnectionReport(s.captureIndex, s.client(), s.server(), dialect, o.verdict, o.fatal, o.summary,
                o.differences, o.signature, by, frames, o.spec,
                nq == null ? null : nq.message(), nr == null ? null : nr.message(),
                v == null ? null : v.requestMessage, v == null ? null : v.responseMessage,
                details(s, o, withTimeline)).withSignatureChecks(SignatureVerifier.checks(s, v)).withMatchKeys(matchKeys(s))
                .withValidateSignature(SignatureVerifier.validateSignature(v));
    }

    private static MatchKeys matchKeys(ConnectionState s) {
        List<Long> ids = new ArrayList<>(s.sessions.size());
        for (SessionFacts ss : s.sessions) {
            if (ss.sessionId != 0 && ss.finalResponseFrame > 0) {
                ids.add(ss.sessionId);
            }
        }
        return new MatchKeys(ids, s.ntlmChallengeHex, s.ntlmResponseDigest, s.kerberosApReqDigest);
    }

    // ---------------------------------------------------------------- details (docs/cli.md)

    private static ConnectionReport.Details details(ConnectionState s, Outcome o, boolean withTimeline) {
        ValidateError error = validateError(o.exchange);
        List<ValidateMessages> exchanges = new ArrayList<>(s.validates.size());
        for (ValidateExchange x : s.validates) {
            exchanges.add(new ValidateMessages(x.messageId, x.requestMessage, x.responseMessage));
        }
        java.util.UUID guid = s.negotiateRequest != null ? s.negotiateRequest.clientGuid() : null;
        for (int i = 0; guid == null && i < s.validates.size(); i++) {
            guid = s.validates.get(i).clientGuid; // the capture started late: the VALIDATE request repeats it
        }
        NtlmAccount account = account(s);
        List<String> missing = new ArrayList<>(o.missing);
        if (o.signature == SignatureStatus.UNVERIFIED) {
            missing.add(s.kerberos
                    ? "the session key or a keytab with the service's key (the session used Kerberos: a password does not give its key)"
                      + " to verify the VALIDATE response's signature"
                    : "credentials (password, NT hash or session key) to verify the VALIDATE response's signature");
        }
        if (s.firstClientGapFrame > 0) {
            missing.add("bytes the client sent (gaps from frame " + s.firstClientGapFrame + " to " + s.lastClientGapFrame + ")");
        }
        if (s.firstServerGapFrame > 0 && !String.join(" ", o.missing).contains("gap at frame")) {
            missing.add("bytes the server sent (gaps from frame " + s.firstServerGapFrame + " to " + s.lastServerGapFrame + ")");
        }
        long start = s.tcp.firstTimeNanos();
        return new ConnectionReport.Details(s.tcp.firstFrame(), start, s.lastFrame, s.lastTimeNanos, guid,
                s.clientVersion, s.clientVersionFrame, s.serverVersion, s.serverVersionFrame, account, error, exchanges,
                withTimeline ? s.timeline.events(start) : List.of(), s.timeline.count(), missing,
                evidence(s, o, error, account), Reconnect.NONE, s.tcp.index());
    }

    /** The account of the first successful session that names one, else of the first AUTHENTICATE seen. */
    private static NtlmAccount account(ConnectionState s) {
        SessionFacts pick = null;
        for (SessionFacts ss : s.sessions) {
            if (ss.ntlmAuthenticate != null && (pick == null || ss.succeeded && !pick.succeeded)) {
                pick = ss;
            }
        }
        if (pick == null) {
            return null;
        }
        org.negscope.smb2.NtlmAuthenticate a = pick.ntlmAuthenticate;
        return new NtlmAccount(a.userName(), a.domainName(), a.workstation(), a.isAnonymous(), pick.authenticateFrame);
    }

    /** MS-SMB2 3.2.5.14.12 on error answers, for the judged exchange; null when it succeeded or was not answered. */
    static ValidateError validateError(ValidateExchange v) {
        if (v == null || !v.answered() || v.status == NtStatus.SUCCESS) {
            return null;
        }
        boolean signed = v.responseSigned || v.responseEncrypted;
        boolean notImpl = notImplemented(v.status);
        boolean accept = signed && v.status != NtStatus.ACCESS_DENIED;
        String name = NtStatus.name(v.status);
        String meaning;
        if (!signed) {
            meaning = "An unsigned " + name + " cannot be trusted: clients drop the connection (MS-SMB2 3.2.5.14.12).";
        } else if (v.status == NtStatus.ACCESS_DENIED) {
            meaning = "A signed " + name + " means the server rejects the client's values: Windows and Samba clients drop the connection"
                    + " (MS-SMB2 3.2.5.14.12).";
        } else if (notImpl) {
            meaning = "A signed " + name + " is how servers that do not implement FSCTL_VALIDATE_NEGOTIATE_INFO answer (older Windows,"
                    + " some NAS and Samba setups): Windows, Samba's smbclient and Linux cifs accept it and keep the connection.";
        } else {
            meaning = "A signed " + name + " is not one of the errors MS-SMB2 3.2.5.14.12 makes fatal: clients keep the connection,"
                    + " but it is unusual for a server that implements the FSCTL.";
        }
        return new ValidateError(v.status, name, signed, notImpl, accept, v.responseFrame, meaning);
    }

    /** The rule that decides the verdict, with its MS-SMB2 section. */
    static String rule(Verdict v, String dialect) {
        return switch (v) {
            case RESPONSE_MISMATCH, RESPONSE_UNSIGNED, SIGNATURE_INVALID -> "MS-SMB2 3.2.5.14.12 (client): the VALIDATE response must be"
                    + " signed (or encrypted) and repeat the NEGOTIATE response's Capabilities, ServerGuid, SecurityMode and"
                    + " DialectRevision; otherwise the client closes all sessions and terminates the connection.";
            case SERVER_REFUSED -> "MS-SMB2 3.2.5.14.12 (client): a signed error answer is accepted, except STATUS_ACCESS_DENIED,"
                    + " on which the client terminates the connection.";
            case REQUEST_MISMATCH, SERVER_TERMINATED -> "MS-SMB2 3.3.5.15.12 (server): the VALIDATE request must repeat the NEGOTIATE"
                    + " request's Capabilities, ClientGuid and SecurityMode, and its Dialects must give the same dialect (a server"
                    + " that implements 3.1.1 demands the same list); otherwise the server terminates the transport connection"
                    + " without answering.";
            case VALIDATED -> "MS-SMB2 3.2.5.14.12: the VALIDATE response is signed and repeats the NEGOTIATE response, so the client"
                    + " keeps the connection.";
            case NOT_SENT -> "MS-SMB2 3.2.5.5: after a successful TREE_CONNECT on a dialect below 3.1.1, a client that implements"
                    + " SMB 3 (it offered 3.0, 3.0.2 or 3.1.1) and requires secure negotiation (Windows 8 / Server 2012 and later by"
                    + " default) sends FSCTL_VALIDATE_NEGOTIATE_INFO unless the session is anonymous or guest — also on 2.0.2 and"
                    + " 2.1, the downgrade it exists to catch.";
            case ENCRYPTED -> "MS-SMB2 3.2.5.14.12 accepts an encrypted VALIDATE response as authenticated; the exchange is inside the"
                    + " encryption and needs keys to be read.";
            case NOT_APPLICABLE -> "3.1.1".equals(dialect)
                    ? "MS-SMB2 3.3.5.15.12: on dialect 3.1.1 preauthentication integrity protects NEGOTIATE instead; a server drops"
                      + " any VALIDATE on 3.1.1."
                    : "MS-SMB2 3.2.5.5: VALIDATE is sent only by a client that implements SMB 3 (it offered a 3.x dialect), after"
                      + " the tree connect of an authenticated (not guest or anonymous) session on a dialect below 3.1.1; a client"
                      + " that offers only 2.x (Windows 7, Vista) never sends it (Samba's smbclient does, on a signed tree connect).";
            case INCOMPLETE -> "The capture lacks part of the exchange, so no MS-SMB2 rule can be applied yet.";
        };
    }

    private static List<String> evidence(ConnectionState s, Outcome o, ValidateError error, NtlmAccount account) {
        List<String> out = new ArrayList<>(6);
        NegotiateResponseFields nr = s.negotiateResponse;
        String dialect = nr == null || nr.status() != NtStatus.SUCCESS ? null : Dialect.name(nr.dialect());
        out.add(rule(o.verdict, dialect));
        if (o.fatal) {
            out.add("Fatal: a Windows client drops this connection (it would not get past this exchange).");
        }
        if (error != null) {
            out.add("VALIDATE answered with " + error.statusName() + (error.signed() ? ", signed" : ", unsigned") + " (frame "
                    + error.frame() + "). " + error.meaning());
        }
        TcpClose c = o.close != null ? o.close : s.firstCloseFrom(0);
        if (c != null) {
            ValidateExchange v = o.exchange;
            long ref = v == null ? 0 : v.answered() ? v.responseFrame : v.requestFrame;
            long refTime = v == null ? 0 : v.answered() ? v.responseTimeNanos : v.requestTimeNanos;
            String what = ref > 0 && c.frame() >= ref
                    ? FieldFormat.duration(c.timeNanos() - refTime) + " after the VALIDATE " + (v.answered() ? "response" : "request")
                      + " (frame " + ref + ") and "
                    : "";
            out.add("The " + c.who() + " " + (c.reset() ? "reset the connection with RST" : "closed the connection with FIN")
                    + " in frame " + c.frame() + ", " + what + FieldFormat.duration(c.timeNanos() - s.tcp.firstTimeNanos())
                    + " after the connection's first frame.");
        } else {
            out.add("The capture shows no FIN or RST: the connection was still open at its last frame (" + s.lastFrame + ").");
        }
        if (s.validates.size() > 1) {
            StringBuilder b = new StringBuilder().append(s.validates.size() + s.validatesDropped).append(" VALIDATE exchanges on this connection (request frames ");
            for (int i = 0; i < s.validates.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(s.validates.get(i).requestFrame);
            }
            out.add(b.append("); the first fatal one is judged, else the first.").toString());
        }
        if (s.bindingFrame > 0) {
            out.add("The SESSION_SETUP request in frame " + s.bindingFrame + " binds an existing session (SMB2_SESSION_FLAG_BINDING):"
                    + " this connection is an additional channel of a multichannel session, whose tree connects were made on"
                    + " another connection.");
        }
        if (s.clientVersion != null) {
            out.add("Client NTLMSSP Version " + s.clientVersion.major() + "." + s.clientVersion.minor() + " build "
                    + s.clientVersion.build() + " (SESSION_SETUP request, frame " + s.clientVersionFrame + ").");
        }
        if (s.serverVersion != null) {
            out.add("Server NTLMSSP Version " + s.serverVersion.major() + "." + s.serverVersion.minor() + " build "
                    + s.serverVersion.build() + " (CHALLENGE, frame " + s.serverVersionFrame + ").");
        }
        if (account != null) {
            out.add("NTLMSSP AUTHENTICATE (frame " + account.frame() + ") names " + account.text() + ".");
        }
        return out;
    }
}
