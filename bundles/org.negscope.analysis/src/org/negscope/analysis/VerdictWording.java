package org.negscope.analysis;

import java.util.ArrayList;
import java.util.List;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NtStatus;

/**
 * The one-sentence summary of a {@link Finding} that the user reads (field, both values, frames, and who dropped the
 * connection how long after what), and what the capture lacks for a full diagnosis. Writes only: the rule was chosen
 * by {@link VerdictRules}; the verdict's headline is {@link Verdicts}'.
 */
final class VerdictWording {
    private VerdictWording() {}

    /** Why a request-side difference points at a middlebox: the client signs its VALIDATE, not its NEGOTIATE. */
    private static final String CHANGED_REQUEST =
            ", so something between the client and this capture point changed the NEGOTIATE request (the VALIDATE request is signed)";

    /** The summary sentence of {@code f}. */
    static String summary(ConnectionState s, Finding f) {
        ValidateExchange v = f.exchange;
        TcpClose c = f.close;
        return switch (f.rule) {
            case RESPONSE_UNSIGNED -> "The server's VALIDATE response (frame " + v.responseFrame + ", " + NtStatus.name(v.status)
                    + ") is not signed, so the client cannot trust it; a Windows client drops the connection, Samba's smbclient disconnects at once"
                    + after(s, f) + ".";
            case SIGNATURE_INVALID -> "The server's VALIDATE response (frame " + v.responseFrame + ") carries a signature that the session's signing key"
                    + " does not produce" + (v.expectedSignature == null ? "" : " (" + v.signingAlgorithm + ": expected "
                    + v.expectedSignature + ", found " + v.foundSignature + ")")
                    + ": it was altered on the way or forged; a Windows client drops the connection" + after(s, f) + ".";
            case ACCESS_DENIED -> "The server answered VALIDATE with a signed " + NtStatus.name(v.status) + " (frame " + v.responseFrame
                    + "): it rejects the client's values; a Windows client drops the connection" + after(s, f) + ".";
            case ERROR_ACCEPTED -> "The server answered VALIDATE (frame " + v.requestFrame + ") with a signed " + NtStatus.name(v.status)
                    + " (frame " + v.responseFrame + "): " + (VerdictRules.notImplemented(v.status)
                            ? "the server does not implement FSCTL_VALIDATE_NEGOTIATE_INFO, and clients accept that answer because it is signed"
                            : "an error MS-SMB2 3.2.5.14.12 does not make fatal, so clients keep the connection")
                    + " — " + closeText(s, c, v.responseFrame, v.responseTimeNanos, true) + ".";
            case RESPONSE_UNREADABLE -> "The server's VALIDATE response (frame " + v.responseFrame + ") cannot be read: " + v.responseProblem + ".";
            case NO_NEGOTIATE_RESPONSE -> "The capture starts after NEGOTIATE, so the VALIDATE response (frame " + v.responseFrame
                    + ") has nothing to be compared with; capture from the start of the connection.";
            case RESPONSE_DIFFERS -> {
                Difference d = f.response.get(0);
                yield "The server's VALIDATE response (frame " + v.responseFrame + ") says " + d.field() + " " + d.validate()
                        + " but its NEGOTIATE response (frame " + s.negotiateResponse.frame() + ") said " + d.negotiate()
                        + ValidateComparison.bitsNote(d) + alsoDiffer(f.response)
                        + ", so something between the server and this capture point changed the NEGOTIATE response"
                        + " (the VALIDATE response is signed); a Windows client drops the connection" + after(s, f) + ".";
            }
            case REQUEST_DIFFERS_ANSWERED -> requestDiffers(s, f)
                    + "; a server must drop the connection, yet this one answered (frame " + v.responseFrame + ")" + after(s, f) + ".";
            case VALIDATED -> {
                String proof = v.responseEncrypted ? "it came encrypted, which authenticates it (AES-128-CCM, decrypted with the given credentials)"
                        : f.signature == SignatureStatus.VALID ? "its signature is valid"
                        : "it is signed (signature not verified: " + (v.signatureNote != null ? v.signatureNote : "no credentials given") + ")";
                String requestPart = s.negotiateRequest == null
                        ? "; the NEGOTIATE request is not in the capture, so the client's side was not compared" : "";
                yield "VALIDATE (frames " + v.requestFrame + "/" + v.responseFrame + ") repeats what NEGOTIATE (frames "
                        + frame(s.negotiateRequest == null ? 0 : s.negotiateRequest.frame()) + "/" + s.negotiateResponse.frame()
                        + ") said on dialect " + Dialect.name(s.negotiateResponse.dialect()) + " and " + proof + requestPart + ".";
            }
            case REQUEST_UNREADABLE -> "The client's VALIDATE request (frame " + v.requestFrame + ") cannot be read: " + v.requestProblem + ".";
            case REQUEST_DIFFERS -> requestDiffers(s, f) + "; the server must drop the connection without answering" + after(s, f) + ".";
            case SERVER_DROPPED_ON_311 -> closedAfterRequest(c, v, "The server ")
                    + " without answering: on dialect 3.1.1 a server must drop any VALIDATE, so the client should not have sent one.";
            case SERVER_DROPPED_SHORT_OUTPUT -> closedAfterRequest(c, v, "The server ") + " without answering: its MaxOutputResponse "
                    + v.maxOutputResponse + " is less than the " + VerdictRules.VALIDATE_RESPONSE_SIZE + " bytes of the answer.";
            case SERVER_DROPPED_NO_NEGOTIATE -> closedAfterRequest(c, v, "The server ")
                    + " without answering, but the capture starts after NEGOTIATE, so it cannot show which value the server rejected.";
            case SERVER_DROPPED_REWRITTEN -> closedAfterRequest(c, v, "The server ")
                    + " without answering, although that request repeats the NEGOTIATE request (frame " + s.negotiateRequest.frame()
                    + ") of this capture: the server saw a different NEGOTIATE, so something between this capture point and the"
                    + " server rewrote it — capture at the server too.";
            case CLIENT_CLOSED_UNANSWERED -> "The client " + closedVerb(c) + " the connection " + FieldFormat.duration(c.timeNanos() - v.requestTimeNanos)
                    + " after its VALIDATE request (frame " + v.requestFrame + ") before any answer, so the outcome is not in the capture.";
            case SERVER_BYTES_MISSING -> "Bytes the server sent after the VALIDATE request (frame " + v.requestFrame + ") are missing from the capture"
                    + " (gap at frame " + s.lastServerGapFrame + "), so the VALIDATE response cannot be seen.";
            case ENDS_BEFORE_RESPONSE -> "The capture ends before the VALIDATE response (request frame " + v.requestFrame + ", last frame "
                    + s.lastFrame + ").";
            case ONLY_CLIENT_SIDE, ONLY_SERVER_SIDE -> {
                boolean client = f.rule == Finding.Rule.ONLY_CLIENT_SIDE;
                String unanswered = client && s.negotiateRequest != null
                        ? " (from its NEGOTIATE request in frame " + s.negotiateRequest.frame() + " on)" : "";
                yield "The capture holds only the " + (client ? "client" : "server") + "'s side of this connection" + unanswered
                        + ": no frame from " + (client ? s.server() : s.client())
                        + " at all, not even a TCP ACK. It was filtered to one direction (a capture filter such as 'src host' or 'src port'),"
                        + " the " + (client ? "server" : "client") + "'s packets took another path (asymmetric routing), or a mirror (SPAN) port copied one direction"
                        + " only. Capture both directions: on the client or the server itself, or mirror both directions of the link.";
            }
            default -> withoutValidate(s, f);
        };
    }

    /** The summary of the rules that apply when no VALIDATE exchange is in cleartext. */
    private static String withoutValidate(ConnectionState s, Finding f) {
        NegotiateResponseFields nr = s.negotiateResponse;
        TcpClose c = f.close;
        String dn = nr == null ? null : Dialect.name(nr.dialect());
        SessionFacts ss = f.session;
        return switch (f.rule) {
            case SMB1_ONLY -> s.smb1NegotiateFrame > 0 && s.wildcardResponseFrame == 0
                    ? "Only SMB1 is spoken here (NEGOTIATE frame " + s.smb1NegotiateFrame + "): SMB1 has no VALIDATE_NEGOTIATE_INFO."
                    : "Only SMB1 is spoken here: SMB1 has no VALIDATE_NEGOTIATE_INFO.";
            case NEGOTIATE_UNANSWERED -> c != null && !c.byClient()
                    ? "The server " + closedVerb(c) + " the connection (frame " + c.frame()
                      + ") without answering the NEGOTIATE request (frame " + s.negotiateRequest.frame() + "), so no dialect was agreed."
                    : "The capture ends before the NEGOTIATE response (request frame " + s.negotiateRequest.frame() + ").";
            case ENDS_AFTER_WILDCARD -> "The capture ends after the multi-protocol NEGOTIATE (answered with the SMB 2 wildcard (0x02FF) in frame "
                    + s.wildcardResponseFrame + "), before the SMB2 NEGOTIATE that picks the dialect.";
            case STARTS_AFTER_NEGOTIATE -> "The capture starts after the NEGOTIATE exchange (first SMB frame " + s.firstSmbFrame + ")"
                    + (s.encryptedMessages > 0 ? " (and the traffic is encrypted from frame " + s.firstEncryptedFrame + " on)" : "")
                    + ", so the dialect and the values VALIDATE must repeat are unknown; capture from the connection's start.";
            case NEGOTIATE_FAILED -> "The server failed the NEGOTIATE (frame " + nr.frame() + ") with " + NtStatus.name(nr.status())
                    + ", so no dialect was agreed and there is nothing to validate.";
            case DIALECT_311 -> "Dialect 3.1.1 (NEGOTIATE response frame " + nr.frame() + ") is protected by preauthentication integrity instead:"
                    + " clients do not send VALIDATE on it and servers drop the connection if one arrives.";
            case UNKNOWN_DIALECT -> "Dialect " + dn + " (NEGOTIATE response frame " + nr.frame()
                    + "): a dialect this tool does not know, so no VALIDATE rule applies and none was sent.";
            case CLIENT_2X_ONLY -> "Dialect " + dn + " (NEGOTIATE response frame " + nr.frame() + "), and the client " + f.offer.text()
                    + ": this client does not implement SMB 3 (e.g. Windows 7, Vista or Server 2008 R2), and such a client"
                    + " never sends VALIDATE, so this connection has no downgrade protection.";
            case SESSION_FAILED -> "Dialect " + dn + ", but SESSION_SETUP failed with " + NtStatus.name(ss.status) + " (frame "
                    + ss.finalResponseFrame + "), so no signed session exists and no VALIDATE is due.";
            case CLOSED_BEFORE_SESSION -> "Dialect " + dn + ", but the " + c.who() + " " + closedVerb(c) + " the connection (frame "
                    + c.frame() + ") before a session was set up, so no VALIDATE was due.";
            case ENDS_BEFORE_SESSION -> "Dialect " + dn + ", but the capture ends before SESSION_SETUP completes (last frame " + s.lastFrame
                    + "), where a VALIDATE would follow the tree connect.";
            case GUEST_OR_ANONYMOUS -> "Dialect " + dn + " with " + (ss.anonymous() ? "an anonymous (null)" : "a guest") + " session (SESSION_SETUP response frame "
                    + ss.finalResponseFrame + (ss.anonymous() && (ss.sessionFlags & SessionFacts.IS_NULL) == 0
                            ? ", NTLMSSP AUTHENTICATE in frame " + ss.authenticateFrame + " names no user" : "")
                    + "): such a session has no signing key, so clients do not send VALIDATE.";
            case ENCRYPTED -> {
                long from = s.firstEncryptedFrame;
                String what = s.decryptProblem != null
                        ? "the given credentials did not decrypt it: " + s.decryptProblem
                        : (s.kerberos ? "give the session key or a keytab (the session used Kerberos, so a password does not give its key)"
                                : "give the password or the session key") + " to decrypt it; an encrypted answer needs no signature";
                yield "Dialect " + dn + ", and the traffic is encrypted"
                        + (from > 0 ? " from frame " + from + " on" : " (the server demanded it in SESSION_SETUP frame " + ss.finalResponseFrame + ")")
                        + ": the VALIDATE exchange, if sent, is inside it — " + what + ".";
            }
            case TREE_CONNECT_FAILED -> "Dialect " + dn + ", but the TREE_CONNECT failed with " + NtStatus.name(s.treeConnectFailedStatus)
                    + " (frame " + s.treeConnectFailedFrame + "); VALIDATE follows only a successful tree connect.";
            case CLOSED_BEFORE_TREE_CONNECT -> "Dialect " + dn + ", but the " + c.who() + " " + closedVerb(c) + " the connection (frame "
                    + c.frame() + ") before any tree connect, so no VALIDATE was due.";
            case ENDS_BEFORE_TREE_CONNECT -> "Dialect " + dn + " with an authenticated session, but the capture ends before a tree connect (last frame "
                    + s.lastFrame + "), after which a VALIDATE would be sent.";
            case ENDS_AT_TREE_CONNECT -> "Dialect " + dn + ", authenticated session and tree connect (frame " + s.treeConnectFrame
                    + "), but the capture ends there, before the client's next request, where a VALIDATE would be.";
            case OFFER_UNKNOWN -> "Dialect " + dn + ", authenticated session and tree connect (frame " + s.treeConnectFrame + "), no VALIDATE ("
                    + next(s, c) + "), but the client " + f.offer.text() + ": whether it implements SMB 3, and so should have"
                    + " validated, is not in the capture.";
            case NOT_SENT -> "Dialect " + dn + ", authenticated session and tree connect (frame " + s.treeConnectFrame + ")"
                    + (f.offer.smb3() == ClientOffer.Smb3.YES ? ", and the client " + f.offer.text() + ", so it implements SMB 3" : "")
                    + ", but the client sent no VALIDATE — " + next(s, c) + ". A Windows 8 or later client validates here (on 2.0.2 to 3.0.2)"
                    + " unless RequireSecureNegotiate=0 (possible on Windows 8 / 8.1 / Server 2012 / 2012 R2 only); Samba's smbclient"
                    + " validates whenever the tree connect is signed; Linux cifs validates on 3.0 / 3.0.2 only; tools such as"
                    + " impacket never do. A downgraded NEGOTIATE would go unnoticed.";
            default -> throw new IllegalStateException("no wording for " + f.rule);
        };
    }

    /** What the capture lacks for a full diagnosis of {@code f} (exactly what is missing), or null. */
    static String lacks(ConnectionState s, Finding f) {
        ValidateExchange v = f.exchange;
        TcpClose c = f.close;
        return switch (f.rule) {
            case RESPONSE_UNREADABLE -> "a readable VALIDATE response body (frame " + v.responseFrame + ")";
            case NO_NEGOTIATE_RESPONSE -> s.negotiateRequest == null
                    ? "the NEGOTIATE request and response (the capture starts after them, first SMB frame " + s.firstSmbFrame + ")"
                    : "the NEGOTIATE response (frame " + s.negotiateRequest.frame() + " has the request)";
            case REQUEST_UNREADABLE -> "a readable VALIDATE request body (frame " + v.requestFrame + ")";
            case SERVER_DROPPED_NO_NEGOTIATE -> "the NEGOTIATE request (the capture starts after it)";
            case CLIENT_CLOSED_UNANSWERED -> "the VALIDATE response (the client closed the connection in frame " + c.frame() + " before it came)";
            case SERVER_BYTES_MISSING -> "the bytes the server sent after frame " + v.requestFrame + " (gap at frame " + s.lastServerGapFrame
                    + "), where the VALIDATE response would be";
            case ENDS_BEFORE_RESPONSE -> "the VALIDATE response (the capture ends at frame " + s.lastFrame + ")";
            case ONLY_CLIENT_SIDE -> "everything the server sent (no frame from " + s.server() + " in the capture)";
            case ONLY_SERVER_SIDE -> "everything the client sent (no frame from " + s.client() + " in the capture)";
            case NEGOTIATE_UNANSWERED -> c != null && !c.byClient() ? "a NEGOTIATE response (the server never sent one)"
                    : "the NEGOTIATE response (the capture ends at frame " + s.lastFrame + ")";
            case ENDS_AFTER_WILDCARD -> "the SMB2 NEGOTIATE exchange after the multi-protocol NEGOTIATE";
            case STARTS_AFTER_NEGOTIATE -> "the NEGOTIATE request and response (the capture starts after them, first SMB frame " + s.firstSmbFrame + ")";
            case ENDS_BEFORE_SESSION -> (s.sessions.isEmpty() ? "SESSION_SETUP" : "the end of SESSION_SETUP")
                    + ", the TREE_CONNECT and the VALIDATE exchange (the capture ends at frame " + s.lastFrame + ")";
            case ENCRYPTED -> {
                long from = s.firstEncryptedFrame;
                yield s.decryptProblem != null ? "keys that decrypt the SMB3 traffic" + (from > 0 ? " from frame " + from : "")
                        : (s.kerberos ? "the session key or a keytab" : "the password, NT hash or session key")
                          + " to decrypt the SMB3 traffic" + (from > 0 ? " from frame " + from : "");
            }
            case ENDS_BEFORE_TREE_CONNECT -> "a successful TREE_CONNECT and the VALIDATE exchange after it (the capture ends at frame " + s.lastFrame + ")";
            case ENDS_AT_TREE_CONNECT -> "the client's next request after the TREE_CONNECT response (frame " + s.treeConnectFrame
                    + "): the capture ends at frame " + s.lastFrame;
            case OFFER_UNKNOWN -> "the client's SMB2 NEGOTIATE request, whose Dialects say whether it implements SMB 3";
            case NOT_SENT -> "the client's FSCTL_VALIDATE_NEGOTIATE_INFO request, due after the TREE_CONNECT response (frame "
                    + s.treeConnectFrame + ") and before " + (s.requestAfterTreeConnectFrame > 0
                            ? "its " + s.requestAfterTreeConnect + " request (frame " + s.requestAfterTreeConnectFrame + ")"
                            : "the end of the connection (frame " + c.frame() + ")");
            default -> null;
        };
    }

    // ---------------------------------------------------------------- pieces

    /** " — here the server closed it with FIN 3 ms after frame 13": the close after the judged exchange. */
    private static String after(ConnectionState s, Finding f) {
        ValidateExchange v = f.exchange;
        long ref = v.answered() ? v.responseFrame : v.requestFrame;
        long refTime = v.answered() ? v.responseTimeNanos : v.requestTimeNanos;
        return " — " + closeText(s, f.close, ref, refTime, false);
    }

    /** The start of a request-side mismatch sentence: first difference, the others, and why it points at the path. */
    private static String requestDiffers(ConnectionState s, Finding f) {
        ValidateExchange v = f.exchange;
        Difference d = f.request.get(0);
        return "The client's VALIDATE request (frame " + v.requestFrame + ") says " + d.field() + " " + d.validate()
                + " but its NEGOTIATE request (frame " + s.negotiateRequest.frame() + ") said " + d.negotiate()
                + ValidateComparison.bitsNote(d) + alsoDiffer(f.request) + CHANGED_REQUEST;
    }

    /** "The server closed the connection 3 ms after the VALIDATE request (frame 12)". */
    private static String closedAfterRequest(TcpClose c, ValidateExchange v, String who) {
        return who + closedVerb(c) + " the connection " + FieldFormat.duration(c.timeNanos() - v.requestTimeNanos)
                + " after the VALIDATE request (frame " + v.requestFrame + ")";
    }

    /** What followed the tree connect: the client's next request, or the close. */
    private static String next(ConnectionState s, TcpClose c) {
        return s.requestAfterTreeConnectFrame > 0
                ? "its next request is " + s.requestAfterTreeConnect + " (frame " + s.requestAfterTreeConnectFrame + ")"
                : "the " + c.who() + " " + closedVerb(c) + " the connection (frame " + c.frame() + ")";
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

    static String closedVerb(TcpClose c) { return c.reset() ? "reset" : "closed"; }

    private static String frame(long f) { return f > 0 ? Long.toString(f) : "?"; }
}
