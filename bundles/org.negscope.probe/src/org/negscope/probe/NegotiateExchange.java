package org.negscope.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.negscope.crypto.PreauthIntegrity;
import org.negscope.probe.ProbeConnection.Step;
import org.negscope.smb2.Capabilities;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NegotiateContext;
import org.negscope.smb2.NegotiateRequest;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.SecurityMode;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Message;

/**
 * NEGOTIATE (MS-SMB2 3.2.4.2.2.2): the probe's dialects, SecurityMode, Capabilities and ClientGuid, with the 3.1.1
 * contexts (preauth integrity SHA-512, encryption, signing) when 3.1.1 is offered; the answer must pick an offered
 * dialect. On 3.1.1 the preauth hash starts here and the server's first signing algorithm is kept.
 */
final class NegotiateExchange extends ProbeExchange {

    NegotiateExchange(ProbeConnection conn) {
        super(conn);
    }

    void run() throws ProbeException {
        Step s = conn.begin("NEGOTIATE");
        List<NegotiateContext> contexts = new ArrayList<>();
        boolean offers311 = Arrays.stream(o.dialects()).anyMatch(d -> d == Dialect.SMB_3_1_1);
        if (offers311) {
            byte[] salt = new byte[32];
            conn.random.nextBytes(salt);
            contexts.add(new NegotiateContext.PreauthIntegrity(List.of(NegotiateContext.PreauthIntegrity.SHA_512), salt));
            // AES-128-GCM, AES-128-CCM: what Windows 10 offers; the probe never encrypts, but servers expect the context.
            contexts.add(new NegotiateContext.Encryption(List.of(0x0002, 0x0001)));
            contexts.add(new NegotiateContext.Signing(List.of(NegotiateContext.Signing.AES_GMAC,
                    NegotiateContext.Signing.AES_CMAC, NegotiateContext.Signing.HMAC_SHA256)));
        }
        conn.negotiateRequest = new NegotiateRequest(o.securityMode(), o.capabilities(), o.clientGuid(), o.dialects(), contexts);
        // CreditCharge 0 on NEGOTIATE: the server has granted nothing yet (3.2.4.1.5).
        byte[] req = conn.negotiateRequest.encode(conn.header(Smb2Command.NEGOTIATE, 0));
        Smb2Message resp;
        try {
            conn.send(req, s);
            r.negotiateRequest = Smb2Message.of(req);
            r.negotiateRequestEvent = r.transcript.lastIndex();
            resp = conn.receive(s, 0);
        } catch (ProbeException e) {
            throw s.failed(e);
        }
        r.negotiateResponse = resp;
        r.negotiateResponseEvent = r.transcript.lastIndex();
        long status = resp.header().status();
        if (status != NtStatus.SUCCESS) {
            String msg = "the server rejected the NEGOTIATE with " + NtStatus.name(status) + " (no dialect in common with "
                    + Dialect.names(o.dialects()) + "?)";
            s.end(NtStatus.name(status), msg);
            throw new ProbeException(ProbeFailure.NEGOTIATE_FAILED, msg, status, null);
        }
        try {
            conn.negotiateResponse = NegotiateResponse.decode(resp);
        } catch (Smb2FormatException e) {
            s.end("PROTOCOL_ERROR", e.getMessage());
            throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the NEGOTIATE response cannot be decoded: " + e.getMessage());
        }
        int d = conn.negotiateResponse.dialectRevision();
        if (Arrays.stream(o.dialects()).noneMatch(x -> x == d)) {
            String msg = "the server chose dialect " + Dialect.name(d) + ", which the probe did not offer";
            s.end("PROTOCOL_ERROR", msg);
            throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, msg);
        }
        r.dialect = d;
        r.serverSecurityMode = conn.negotiateResponse.securityMode();
        if (d == Dialect.SMB_3_1_1) {
            conn.preauth = new PreauthIntegrity().update(req).update(resp.bytes());
            NegotiateContext.Signing sc = conn.negotiateResponse.context(NegotiateContext.Signing.class);
            if (sc != null && !sc.algorithms().isEmpty()) {
                conn.signingAlgorithmId = sc.algorithms().get(0);
            }
        }
        s.end("OK", "dialect " + Dialect.name(d) + ", server SecurityMode "
                + SecurityMode.describe(conn.negotiateResponse.securityMode()) + ", Capabilities "
                + Capabilities.describe(conn.negotiateResponse.capabilities()) + ", ServerGuid " + conn.negotiateResponse.serverGuid());
    }
}
