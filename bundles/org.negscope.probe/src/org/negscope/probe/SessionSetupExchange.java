package org.negscope.probe;

import java.util.Arrays;
import java.util.List;
import org.negscope.crypto.PreauthIntegrity;
import org.negscope.crypto.Secret;
import org.negscope.crypto.SignatureCheck;
import org.negscope.crypto.SigningAlgorithm;
import org.negscope.crypto.SigningKeys;
import org.negscope.probe.ProbeConnection.Step;
import org.negscope.probe.ProbeConnection.Stop;
import org.negscope.smb2.Capabilities;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.NtlmChallenge;
import org.negscope.smb2.NtlmMessage;
import org.negscope.smb2.SecurityMode;
import org.negscope.smb2.SessionSetupRequest;
import org.negscope.smb2.SessionSetupResponse;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.Spnego;

/**
 * SESSION_SETUP (MS-SMB2 3.2.4.2.3, 3.2.5.3): refuses what cannot sign when the server requires signing, then logs
 * on with SPNEGO/NTLMSSP in two rounds (NEGOTIATE_MESSAGE, then AUTHENTICATE_MESSAGE with MIC and key exchange, in
 * {@link NtlmsspClient}) or with Kerberos ({@link KerberosSessionSetup}); the final response ({@link #finish}, shared by
 * both) must give an authenticated session that does not demand encryption, and yields the signing key (3.2.5.3.1;
 * on 3.1.1 over the preauth hash, whose check is where a rewritten NEGOTIATE shows on that dialect).
 */
final class SessionSetupExchange {
    private final ProbeConnection conn;
    private final ProbeOptions o;
    private final ProbeResult r;

    SessionSetupExchange(ProbeConnection conn) {
        this.conn = conn;
        this.o = conn.o;
        this.r = conn.r;
    }

    void run() throws ProbeException {
        boolean requiresSigning = (conn.negotiateResponse.securityMode() & SecurityMode.SIGNING_REQUIRED) != 0;
        ProbeOptions.Logon logon = o.logon();
        if (requiresSigning && logon != ProbeOptions.Logon.USER) {
            String msg = "the server requires signing (SecurityMode " + SecurityMode.describe(conn.negotiateResponse.securityMode())
                    + ") but a " + logon.name().toLowerCase(java.util.Locale.ROOT)
                    + " session cannot sign: give a user and password (or NT hash)";
            conn.begin("SESSION_SETUP").end(ProbeFailure.SIGNING_REQUIRED_NO_CREDENTIALS.name(), msg);
            throw new ProbeException(ProbeFailure.SIGNING_REQUIRED_NO_CREDENTIALS, msg);
        }
        if (logon == ProbeOptions.Logon.USER && !o.hasCredentials()) {
            String msg = "no password or NT hash given for user '" + o.user() + "'"
                    + (requiresSigning ? " and the server requires signing" : "");
            ProbeFailure f = requiresSigning ? ProbeFailure.SIGNING_REQUIRED_NO_CREDENTIALS : ProbeFailure.NO_CREDENTIALS;
            conn.begin("SESSION_SETUP").end(f.name(), msg);
            throw new ProbeException(f, msg);
        }
        PreauthIntegrity sessionHash = conn.preauth == null ? null : conn.preauth.copy();
        if (o.kerberos() && logon == ProbeOptions.Logon.USER) {
            new KerberosSessionSetup(conn, this).run(sessionHash);
            return;
        }
        NtlmsspClient ntlm = new NtlmsspClient(conn.random);
        boolean anonymous = logon == ProbeOptions.Logon.ANONYMOUS;
        int secMode = o.securityMode() & 0x03;

        // Round 1: SPNEGO NegTokenInit with the NTLMSSP NEGOTIATE_MESSAGE.
        Step s1 = conn.begin("SESSION_SETUP (NTLMSSP NEGOTIATE)");
        byte[] req1 = new SessionSetupRequest(0, secMode, Capabilities.DFS, 0, 0,
                Spnego.encodeInit(List.of(Spnego.OID_NTLMSSP), ntlm.negotiate(anonymous)))
                .encode(conn.header(Smb2Command.SESSION_SETUP, 0));
        Smb2Message resp1;
        try {
            conn.send(req1, s1);
            resp1 = conn.receive(s1, conn.nextMessageId - 1);
        } catch (ProbeException e) {
            s1.end(e.failure().name(), e.getMessage());
            throw e;
        }
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
            Smb2Message resp2;
            try {
                conn.send(req2, s2);
                resp2 = conn.receive(s2, conn.nextMessageId - 1);
            } catch (ProbeException e) {
                s2.end(e.failure().name(), e.getMessage());
                throw e;
            }
            finish(s2, resp2, exported, sessionHash, anonymous);
        } finally {
            if (exported != null) {
                exported.clear();
            }
        }
    }

    /**
     * The final SESSION_SETUP response: the session must be authenticated (not guest/anonymous unless asked), not demand
     * encryption; with a GSS key the signing key is derived (3.1.1: over the conn.preauth hash) and the response's signature
     * checked. Shared by NTLM and Kerberos.
     */
    void finish(Step s2, Smb2Message resp2, Secret exported, PreauthIntegrity sessionHash, boolean anonymous)
            throws ProbeException {
        ProbeOptions.Logon logon = o.logon();
        long st2 = resp2.header().status();
        if (st2 != NtStatus.SUCCESS) {
            String who = anonymous ? "an anonymous logon" : "user '" + qualifiedUser() + "'";
            String msg = "SESSION_SETUP failed with " + NtStatus.name(st2) + ": the server rejected " + who
                    + (st2 == NtStatus.LOGON_FAILURE ? " (wrong password or unknown user)" : "");
            s2.end(NtStatus.name(st2), msg);
            throw new ProbeException(ProbeFailure.AUTH_FAILED, msg, st2, null);
        }
        SessionSetupResponse ssr;
        try {
            ssr = SessionSetupResponse.decode(resp2);
        } catch (Smb2FormatException e) {
            s2.end("PROTOCOL_ERROR", e.getMessage());
            throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the SESSION_SETUP response cannot be decoded: " + e.getMessage());
        }
        r.sessionFlags = ssr.sessionFlags();
        boolean guest = (ssr.sessionFlags() & SessionSetupResponse.IS_GUEST) != 0;
        boolean isNull = (ssr.sessionFlags() & SessionSetupResponse.IS_NULL) != 0;
        String kind = isNull ? "anonymous (IS_NULL)" : guest ? "guest (IS_GUEST)"
                : anonymous ? String.format("anonymous (SessionFlags 0x%04x: the server did not set IS_NULL)",
                        ssr.sessionFlags()) : "authenticated";
        if ((ssr.sessionFlags() & SessionSetupResponse.ENCRYPT_DATA) != 0) {
            String msg = "the server demands encryption for this session (SessionFlags ENCRYPT_DATA); the probe does "
                    + "not encrypt, so it cannot send VALIDATE";
            s2.end(ProbeFailure.ENCRYPTION_REQUIRED.name(), msg);
            throw new ProbeException(ProbeFailure.ENCRYPTION_REQUIRED, msg);
        }
        String detail = "STATUS_SUCCESS, " + kind + " session";
        if (!guest && !isNull && exported != null) {
            conn.algorithm = SigningAlgorithm.forDialect(r.dialect, conn.signingAlgorithmId);
            conn.signingKey = SigningKeys.signingKey(r.dialect, exported,
                    r.dialect == Dialect.SMB_3_1_1 ? sessionHash.value() : null);
            detail += ", signing with " + conn.algorithm.specName();
            if (resp2.header().isSigned()) {
                byte[] b = resp2.bytes();
                SignatureCheck c = org.negscope.crypto.Smb2Signer.verify(b, 0, b.length, conn.signingKey, conn.algorithm);
                r.sessionSignature = "final SESSION_SETUP response signature " + c;
                detail += "; response signature " + c.status();
                if (!c.isValid() && r.dialect == Dialect.SMB_3_1_1) {
                    // 3.2.5.3.1: the 3.1.1 key depends on every NEGOTIATE and SESSION_SETUP byte: a
                    // rewritten NEGOTIATE shows up here, not in VALIDATE.
                    s2.end("SIGNATURE_INVALID", detail);
                    preauthFailure(c);
                    throw new Stop();
                }
            } else if (r.dialect == Dialect.SMB_3_1_1) {
                detail += "; response NOT signed (3.1.1 requires it)";
            }
        }
        s2.end("OK", detail);
    }

    private void preauthFailure(SignatureCheck c) {
        ProbeVerdict.preauthFailure(r, c);
        conn.drop();
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

    private String qualifiedUser() {
        return o.domain().isEmpty() ? o.user() : o.domain() + "\\" + o.user();
    }
}
