package org.negscope.probe;

import java.util.Arrays;
import java.util.List;
import org.negscope.crypto.PreauthIntegrity;
import org.negscope.crypto.Secret;
import org.negscope.probe.ProbeConnection.Step;
import org.negscope.smb2.Capabilities;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.NtlmChallenge;
import org.negscope.smb2.NtlmMessage;
import org.negscope.smb2.SessionSetupRequest;
import org.negscope.smb2.SessionSetupResponse;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.Spnego;

/**
 * NTLM logon (MS-SMB2 3.2.5.3, MS-NLMP) in two SESSION_SETUP rounds: SPNEGO NegTokenInit with the NTLMSSP
 * NEGOTIATE_MESSAGE, answered STATUS_MORE_PROCESSING_REQUIRED with the CHALLENGE_MESSAGE; then NegTokenResp with the
 * AUTHENTICATE_MESSAGE (NTLMv2, MIC, key exchange: {@link NtlmsspClient}), whose final answer
 * {@link SessionSetupExchange#finish} judges with the exported session key.
 */
final class NtlmSessionSetup extends ProbeExchange {
    private final SessionSetupExchange sessionSetup;

    NtlmSessionSetup(ProbeConnection conn, SessionSetupExchange sessionSetup) {
        super(conn);
        this.sessionSetup = sessionSetup;
    }

    void run(PreauthIntegrity sessionHash, ProbeOptions.Logon logon) throws ProbeException {
        NtlmsspClient ntlm = new NtlmsspClient(conn.random);
        boolean anonymous = logon == ProbeOptions.Logon.ANONYMOUS;
        int secMode = o.securityMode() & 0x03;

        // Round 1: SPNEGO NegTokenInit with the NTLMSSP NEGOTIATE_MESSAGE.
        Step s1 = conn.begin("SESSION_SETUP (NTLMSSP NEGOTIATE)");
        byte[] req1 = new SessionSetupRequest(0, secMode, Capabilities.DFS, 0, 0,
                Spnego.encodeInit(List.of(Spnego.OID_NTLMSSP), ntlm.negotiate(anonymous)))
                .encode(conn.header(Smb2Command.SESSION_SETUP, 0));
        Smb2Message resp1 = conn.exchange(req1, s1);
        long st1 = resp1.header().status();
        if (st1 != NtStatus.MORE_PROCESSING_REQUIRED) {
            String msg = "SESSION_SETUP answered " + NtStatus.name(st1) + " to the NTLMSSP NEGOTIATE (expected "
                    + "STATUS_MORE_PROCESSING_REQUIRED): the server does not accept NTLM";
            s1.end(NtStatus.name(st1), msg);
            throw new ProbeException(ProbeFailure.AUTH_FAILED, msg, st1, null);
        }
        conn.sessionId = resp1.header().sessionId();
        if (sessionHash != null) {
            sessionHash.update(req1).update(resp1.bytes());
        }
        NtlmChallenge challenge;
        try {
            NtlmMessage token = SessionSetupResponse.decode(resp1).ntlmssp();
            if (!(token instanceof NtlmChallenge c)) {
                throw new Smb2FormatException("the security buffer carries no NTLMSSP CHALLENGE_MESSAGE but "
                        + (token == null ? "nothing NTLM" : token.getClass().getSimpleName()));
            }
            challenge = c;
        } catch (Smb2FormatException | IllegalArgumentException e) {
            s1.end("PROTOCOL_ERROR", e.getMessage());
            throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the server's NTLMSSP CHALLENGE cannot be read: " + e.getMessage());
        }
        s1.end("OK", String.format("STATUS_MORE_PROCESSING_REQUIRED, SessionId 0x%016x, NTLM target '%s'", conn.sessionId,
                challenge.targetName()));

        // Round 2: NegTokenResp with the AUTHENTICATE_MESSAGE.
        Step s2 = conn.begin("SESSION_SETUP (NTLMSSP AUTHENTICATE)");
        byte[] authenticate;
        Secret exported = null;
        try {
            if (anonymous) {
                authenticate = ntlm.authenticateAnonymous(challenge, o.workstation());
            } else {
                String user = logon == ProbeOptions.Logon.GUEST && o.user().isEmpty() ? "Guest" : o.user();
                try (Secret cred = credential(logon)) {
                    NtlmsspClient.Authenticate a = ntlm.authenticate(challenge, user, o.domain(), o.workstation(), cred);
                    authenticate = a.message();
                    exported = a.exportedSessionKey();
                }
            }
            byte[] req2 = new SessionSetupRequest(0, secMode, Capabilities.DFS, 0, 0,
                    Spnego.encodeResp(-1, null, authenticate, null)).encode(conn.header(Smb2Command.SESSION_SETUP, conn.sessionId));
            if (sessionHash != null) {
                sessionHash.update(req2);
            }
            Smb2Message resp2 = conn.exchange(req2, s2);
            sessionSetup.finish(s2, resp2, exported, sessionHash, anonymous);
        } finally {
            if (exported != null) {
                exported.clear();
            }
        }
    }

    private Secret credential(ProbeOptions.Logon logon) {
        if (logon == ProbeOptions.Logon.GUEST && !o.hasCredentials()) {
            return Secret.password(new char[0]);
        }
        char[] pw = o.password();
        if (pw != null) {
            try {
                return Secret.password(pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
        byte[] h = o.ntHash();
        try {
            return Secret.bytes(h);
        } finally {
            Arrays.fill(h, (byte) 0);
        }
    }
}
