package org.negscope.probe;

import org.negscope.crypto.PreauthIntegrity;
import org.negscope.crypto.Secret;
import org.negscope.crypto.SignatureCheck;
import org.negscope.crypto.SigningAlgorithm;
import org.negscope.crypto.SigningKeys;
import org.negscope.probe.ProbeConnection.Step;
import org.negscope.probe.ProbeConnection.Stop;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.SecurityMode;
import org.negscope.smb2.SessionSetupResponse;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Message;

/**
 * SESSION_SETUP (MS-SMB2 3.2.4.2.3, 3.2.5.3): refuses what cannot sign when the server requires signing, then logs
 * on with NTLM ({@link NtlmSessionSetup}) or with Kerberos ({@link KerberosSessionSetup}); the final response ({@link #finish}, shared by
 * both) must give an authenticated session that does not demand encryption, and yields the signing key (3.2.5.3.1;
 * on 3.1.1 over the preauth hash, whose check is where a rewritten NEGOTIATE shows on that dialect).
 */
final class SessionSetupExchange extends ProbeExchange {

    SessionSetupExchange(ProbeConnection conn) {
        super(conn);
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
        new NtlmSessionSetup(conn, this).run(sessionHash, logon);
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


    private String qualifiedUser() {
        return o.domain().isEmpty() ? o.user() : o.domain() + "\\" + o.user();
    }
}
