package org.negscope.probe;

import java.util.List;
import org.negscope.analysis.Difference;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.ValidateComparison;
import org.negscope.crypto.SignatureCheck;
import org.negscope.probe.ProbeConnection.Step;
import org.negscope.probe.ProbeConnection.Stop;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.IoctlRequest;
import org.negscope.smb2.IoctlResponse;
import org.negscope.smb2.NegotiateRequest;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.SessionSetupResponse;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Header;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.ValidateNegotiateInfoRequest;
import org.negscope.smb2.ValidateNegotiateInfoResponse;

/**
 * IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO (MS-SMB2 3.2.5.5; request 2.2.31.4): sent signed after TREE_CONNECT unless the
 * session cannot sign, the dialect is 3.1.1 or --no-validate asks for silence; the answer is judged as a client does
 * (3.2.5.14.12): signed, signature valid, and the values equal to the NEGOTIATE response. A server that hangs up
 * instead saw a different NEGOTIATE request than the probe sent (3.3.5.15.12). The verdict sentences are
 * {@link ProbeVerdict}'s, the field comparison the analysis' {@code ValidateComparison}.
 */
final class ValidateNegotiateExchange extends ProbeExchange {
    /** MaxOutputResponse of the VALIDATE request: the 24-byte VALIDATE_NEGOTIATE_INFO response (3.3.5.15.12). */
    static final int VALIDATE_MAX_OUTPUT = 24;
    private ValidateNegotiateInfoRequest validateSent;

    ValidateNegotiateExchange(ProbeConnection conn) {
        super(conn);
    }

    /** Whether a client would validate now; if not, the step is listed as skipped and the verdict said. */
    boolean due() {
        boolean guest = r.sessionFlags >= 0 && (r.sessionFlags & SessionSetupResponse.IS_GUEST) != 0;
        // Samba sets no flag at all for an NTLMSSP anonymous logon (it maps it to guest internally), so the
        // probe also goes by what it asked for.
        boolean anonymous = r.sessionFlags >= 0 && (r.sessionFlags & SessionSetupResponse.IS_NULL) != 0
                || o.logon() == ProbeOptions.Logon.ANONYMOUS;
        if (guest || anonymous || conn.signingKey == null) {
            String who = anonymous ? "an anonymous (null) session" : guest ? "a guest session" : "a session without a signing key";
            conn.begin("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO").end("SKIPPED", "not sent: " + who + " cannot sign");
            notApplicable("The server gave " + who + ": it cannot sign, so clients do not send "
                    + "FSCTL_VALIDATE_NEGOTIATE_INFO and a rewritten NEGOTIATE would go unnoticed. Probe with a real account "
                    + "to test the path.");
            return false;
        }
        if (r.dialect == Dialect.SMB_3_1_1 && !o.validateOn311()) {
            conn.begin("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO").end("SKIPPED", "not sent on 3.1.1");
            notApplicable("Dialect 3.1.1 was negotiated: clients do not send FSCTL_VALIDATE_NEGOTIATE_INFO, conn.preauth "
                    + "integrity protects the negotiation instead"
                    + (r.sessionSignature.isEmpty() ? "." : " (" + r.sessionSignature + ")."));
            return false;
        }
        if (o.skipValidate()) {
            notSent();
            return false;
        }
        return true;
    }

    /**
     * --no-validate: the session is signed and the tree connected, and the probe stays silent as a Windows 8 /
     * Server 2012 client with RequireSecureNegotiate=0 does ({@link ProbeVerdict#notSent}).
     */
    private void notSent() {
        conn.begin("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO").end("SKIPPED", "not sent (--no-validate, as with RequireSecureNegotiate=0)");
        ProbeVerdict.notSent(r);
    }

    private void notApplicable(String summary) {
        ProbeVerdict.notApplicable(r, summary);
    }

    void run() throws ProbeException {
        Step s = conn.begin("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO");
        ProbeOptions.ValidateOverride ov = o.validateOverride();
        validateSent = new ValidateNegotiateInfoRequest(
                ov != null && ov.capabilities() != null ? ov.capabilities() : o.capabilities(),
                ov != null && ov.guid() != null ? ov.guid() : o.clientGuid(),
                ov != null && ov.securityMode() != null ? ov.securityMode() : o.securityMode(),
                ov != null && ov.dialects() != null ? ov.dialects() : o.dialects());
        byte[] req = IoctlRequest.validateNegotiateInfo(validateSent, VALIDATE_MAX_OUTPUT)
                .encode(conn.header(Smb2Command.IOCTL, conn.sessionId));
        conn.sign(req);
        long mid = conn.nextMessageId - 1;
        try {
            conn.send(req, s);
        } catch (ProbeException e) {
            throw s.failed(e);
        }
        r.validateSent = true;
        r.validateRequest = Smb2Message.of(req);
        r.validateRequestEvent = r.transcript.lastIndex();
        requestSideDifferences();
        long sentAt = System.nanoTime();
        Smb2Message resp;
        try {
            resp = conn.receive(s, mid);
        } catch (ProbeException e) {
            s.end(e.failure().name(), e.getMessage());
            if (e.failure() == ProbeFailure.CONNECTION_CLOSED || e.failure() == ProbeFailure.CONNECTION_RESET) {
                serverTerminated(e, (System.nanoTime() - sentAt) / 1_000_000L);
                throw new Stop();
            }
            throw e;
        }
        r.validateResponse = resp;
        r.validateResponseEvent = r.transcript.lastIndex();
        r.validateStatus = resp.header().status();
        judgeResponse(resp, s);
    }

    /** The probe's VALIDATE against its own NEGOTIATE (the analysis' rule): differs only when a variation asked it to. */
    private void requestSideDifferences() {
        NegotiateRequest n = conn.negotiateRequest;
        ValidateNegotiateInfoRequest v = validateSent;
        r.differences.addAll(ValidateComparison.requestSide(n.capabilities(), n.clientGuid(), n.securityMode(), n.dialects(),
                v.capabilities(), v.guid(), v.securityMode(), v.dialects()));
    }

    private void judgeResponse(Smb2Message resp, Step s) throws ProbeException {
        Smb2Header h = resp.header();
        long status = h.status();
        if (!h.isSigned()) {
            s.end(NtStatus.name(status), "response NOT signed");
            ProbeVerdict.unsigned(r, status);
            conn.closeLikeWindows();
        }
        SignatureCheck check = conn.verify(resp);
        r.signatureDetail = check.toString();
        if (check.status() == SignatureCheck.Status.VALID) {
            r.signature = SignatureStatus.VALID;
        } else if (check.status() == SignatureCheck.Status.INVALID) {
            r.signature = SignatureStatus.INVALID;
            s.end(NtStatus.name(status), "response signature INVALID");
            ProbeVerdict.signatureInvalid(r, status, conn.algorithm.specName());
            conn.closeLikeWindows();
        } else {
            r.signature = SignatureStatus.UNVERIFIED;
        }
        if (status != NtStatus.SUCCESS) {
            s.end(NtStatus.name(status), "signed error answer, signature " + r.signature);
            if (ProbeVerdict.refused(r, status)) {
                conn.closeLikeWindows();
            }
            return;
        }
        ValidateNegotiateInfoResponse v;
        try {
            IoctlResponse io = IoctlResponse.decode(resp);
            v = ValidateNegotiateInfoResponse.decode(io.output());
        } catch (Smb2FormatException e) {
            s.end("PROTOCOL_ERROR", e.getMessage());
            throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the VALIDATE response cannot be decoded: " + e.getMessage());
        }
        NegotiateResponse n = conn.negotiateResponse;
        List<Difference> resp2 = ValidateComparison.responseSide(n.capabilities(), n.serverGuid(), n.securityMode(),
                n.dialectRevision(), v.capabilities(), v.guid(), v.securityMode(), v.dialect());
        r.differences.addAll(resp2);
        if (!resp2.isEmpty()) {
            s.end("STATUS_SUCCESS", resp2.size() + " field(s) differ from the NEGOTIATE response, signature " + r.signature);
            ProbeVerdict.responseMismatch(r, resp2);
            conn.closeLikeWindows();
        }
        s.end("STATUS_SUCCESS", "values equal the NEGOTIATE response, signature " + r.signature);
        if (!r.differences.isEmpty()) {
            ProbeVerdict.variationAccepted(r);
            return;
        }
        ProbeVerdict.validated(r, conn.algorithm == null ? null : conn.algorithm.specName());
    }

    private void serverTerminated(ProbeException e, long afterMillis) {
        if (ProbeVerdict.serverTerminated(r, e.failure() == ProbeFailure.CONNECTION_RESET, afterMillis)) {
            conn.transport.shutdown(System.nanoTime() + ProbeConnection.CLOSE_WAIT_MILLIS * 1_000_000L);
        }
    }
}
