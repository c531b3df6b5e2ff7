package org.negscope.analysis;

import java.util.ArrayList;
import java.util.List;
import org.negscope.analysis.Finding.Rule;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NtStatus;

/**
 * The verdict rules (docs/protocol.md, "Verdict rules"): which {@link Rule} applies to a connection's
 * {@link ConnectionState}, with the facts it rests on. Decides only; {@link VerdictWording} says it.
 */
final class VerdictRules {
    private VerdictRules() {}

    /** Size of a VALIDATE_NEGOTIATE_INFO response (2.2.32.6); a smaller MaxOutputResponse makes the server drop. */
    static final int VALIDATE_RESPONSE_SIZE = 24;

    /** The finding for the connection: the first fatal VALIDATE exchange, else the first, else the rules without one. */
    static Finding decide(ConnectionState s) {
        Finding o = null;
        for (ValidateExchange v : s.validates) {
            Finding candidate = judge(s, v);
            if (o == null) {
                o = candidate;
            }
            if (candidate.fatal()) {
                o = candidate; // several exchanges: the first fatal one, else the first
                break;
            }
        }
        if (o == null) {
            o = withoutValidate(s);
        }
        if (o.verdict() != Verdict.REQUEST_MISMATCH) {
            // Only a request-side difference can be proven from the client's packets alone; every other verdict needs both.
            Finding one = oneDirection(s);
            if (one != null) {
                one.exchange = o.exchange; // its request frame stays evidence (an unanswered VALIDATE has no signature)
                o = one;
            }
        }
        return o;
    }

    // ---------------------------------------------------------------- a VALIDATE exchange is in the capture

    static Finding judge(ConnectionState s, ValidateExchange v) {
        Finding o = new Finding();
        o.exchange = v;
        o.request = ValidateComparison.requestSide(s.negotiateRequest, v);
        o.response = v.answered() && v.status == NtStatus.SUCCESS
                ? ValidateComparison.responseSide(s.negotiateResponse, v) : List.of();
        List<Difference> all = new ArrayList<>(o.request.size() + o.response.size());
        all.addAll(o.request);
        all.addAll(o.response);
        o.differences = all;
        o.close = s.firstCloseFrom(v.answered() ? v.responseFrame : v.requestFrame);

        if (v.answered()) {
            o.signature = !v.responseSigned && !v.responseEncrypted ? SignatureStatus.UNSIGNED
                    : v.verifiedSignature != null ? v.verifiedSignature : SignatureStatus.UNVERIFIED;
            if (!v.responseSigned && !v.responseEncrypted) {
                return o.set(Rule.RESPONSE_UNSIGNED);
            }
            if (o.signature == SignatureStatus.INVALID) {
                return o.set(Rule.SIGNATURE_INVALID);
            }
            if (v.status == NtStatus.ACCESS_DENIED) {
                return o.set(Rule.ACCESS_DENIED);
            }
            if (v.status != NtStatus.SUCCESS) {
                return o.set(Rule.ERROR_ACCEPTED);
            }
            if (!v.responseDecoded) {
                return o.set(Rule.RESPONSE_UNREADABLE);
            }
            if (s.negotiateResponse == null) {
                return o.set(Rule.NO_NEGOTIATE_RESPONSE);
            }
            if (!o.response.isEmpty()) {
                return o.set(Rule.RESPONSE_DIFFERS);
            }
            if (!o.request.isEmpty()) {
                return o.set(Rule.REQUEST_DIFFERS_ANSWERED);
            }
            return o.set(Rule.VALIDATED);
        }

        // Unanswered.
        if (!v.requestDecoded) {
            return o.set(Rule.REQUEST_UNREADABLE);
        }
        if (!o.request.isEmpty()) {
            return o.set(Rule.REQUEST_DIFFERS);
        }
        TcpClose c = o.close;
        boolean serverClosed = c != null && !c.byClient();
        int dialect = s.negotiateResponse == null ? -1 : s.negotiateResponse.dialect();
        if (serverClosed && dialect == Dialect.SMB_3_1_1) {
            return o.set(Rule.SERVER_DROPPED_ON_311);
        }
        if (serverClosed && v.maxOutputResponse < VALIDATE_RESPONSE_SIZE) {
            return o.set(Rule.SERVER_DROPPED_SHORT_OUTPUT);
        }
        if (serverClosed && s.negotiateRequest == null) {
            return o.set(Rule.SERVER_DROPPED_NO_NEGOTIATE);
        }
        if (serverClosed) {
            return o.set(Rule.SERVER_DROPPED_REWRITTEN);
        }
        if (c != null) {
            return o.set(Rule.CLIENT_CLOSED_UNANSWERED);
        }
        if (s.serverGapFrom(v.requestFrame)) {
            return o.set(Rule.SERVER_BYTES_MISSING);
        }
        return o.set(Rule.ENDS_BEFORE_RESPONSE);
    }

    /** MS-SMB2 3.2.5.14.12: the errors with which a server says it does not implement the FSCTL (clients accept them signed). */
    static boolean notImplemented(long status) {
        return status == NtStatus.NOT_SUPPORTED || status == NtStatus.INVALID_DEVICE_REQUEST || status == NtStatus.FILE_CLOSED
                || status == NtStatus.FS_DRIVER_REQUIRED || status == NtStatus.INVALID_PARAMETER;
    }

    // ---------------------------------------------------------------- one direction only

    /**
     * The capture holds no segment at all (not even an ACK) from one side: it was filtered to one direction, the other
     * direction took another path (asymmetric routing), or a mirror port copied one direction. Nothing the missing side
     * said can be judged, so the connection is INCOMPLETE with that reason and what to collect instead.
     */
    static Finding oneDirection(ConnectionState s) {
        boolean client = s.seenFromClient();
        boolean server = s.seenFromServer();
        if (client == server) {
            return null;
        }
        Finding o = new Finding();
        o.close = s.firstCloseFrom(0);
        return o.set(client ? Rule.ONLY_CLIENT_SIDE : Rule.ONLY_SERVER_SIDE);
    }

    // ---------------------------------------------------------------- no VALIDATE exchange in cleartext

    static Finding withoutValidate(ConnectionState s) {
        Finding o = new Finding();
        NegotiateResponseFields nr = s.negotiateResponse;
        o.close = s.firstCloseFrom(0);
        if (nr == null) {
            if (!s.smb2Seen && s.smb1Seen) {
                return o.set(Rule.SMB1_ONLY);
            }
            if (s.negotiateRequest != null) {
                return o.set(Rule.NEGOTIATE_UNANSWERED);
            }
            if (s.wildcardResponseFrame > 0) {
                return o.set(Rule.ENDS_AFTER_WILDCARD);
            }
            return o.set(Rule.STARTS_AFTER_NEGOTIATE);
        }
        if (nr.status() != NtStatus.SUCCESS) {
            return o.set(Rule.NEGOTIATE_FAILED);
        }
        int d = nr.dialect();
        if (d == Dialect.SMB_3_1_1) {
            return o.set(Rule.DIALECT_311);
        }
        boolean twoX = d == Dialect.SMB_2_0_2 || d == Dialect.SMB_2_1;
        if (!twoX && d != Dialect.SMB_3_0 && d != Dialect.SMB_3_0_2) {
            return o.set(Rule.UNKNOWN_DIALECT);
        }
        // Below 3.1.1 a client that implements SMB 3 validates, also on 2.0.2 / 2.1: that is the downgrade the check
        // exists to catch. What the client offered tells whether it implements SMB 3 (docs/protocol.md, "Verdict rules").
        o.offer = ClientOffer.of(s);
        if (twoX && o.offer.smb3() == ClientOffer.Smb3.NO) {
            return o.set(Rule.CLIENT_2X_ONLY);
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
                o.session = failed;
                return o.set(Rule.SESSION_FAILED);
            }
            return o.set(o.close != null ? Rule.CLOSED_BEFORE_SESSION : Rule.ENDS_BEFORE_SESSION);
        }
        o.session = ok;
        if (ok.guest() || ok.anonymous()) {
            return o.set(Rule.GUEST_OR_ANONYMOUS);
        }
        if (s.encryptedMessages > s.decryptedMessages || ok.encryptData() && s.encryptedMessages == 0 && s.treeConnectFrame == 0) {
            return o.set(Rule.ENCRYPTED);
        }
        if (s.treeConnectFrame == 0) {
            if (s.treeConnectFailedFrame > 0) {
                return o.set(Rule.TREE_CONNECT_FAILED);
            }
            return o.set(o.close != null ? Rule.CLOSED_BEFORE_TREE_CONNECT : Rule.ENDS_BEFORE_TREE_CONNECT);
        }
        o.close = s.firstCloseFrom(s.treeConnectFrame);
        if (s.requestAfterTreeConnectFrame == 0 && o.close == null) {
            return o.set(Rule.ENDS_AT_TREE_CONNECT);
        }
        if (twoX && o.offer.smb3() == ClientOffer.Smb3.UNKNOWN) {
            return o.set(Rule.OFFER_UNKNOWN);
        }
        return o.set(Rule.NOT_SENT);
    }
}
