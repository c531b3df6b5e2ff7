package org.negscope.analysis;

import java.util.List;
import org.negscope.crypto.Decrypted;
import org.negscope.crypto.KerberosApExchange;
import org.negscope.crypto.Ntlm;
import org.negscope.crypto.NtlmSessionKey;
import org.negscope.crypto.Secret;
import org.negscope.crypto.SignatureCheck;
import org.negscope.crypto.SigningAlgorithm;
import org.negscope.crypto.SigningKeys;
import org.negscope.crypto.Smb2Signer;
import org.negscope.crypto.Smb3Cipher;
import org.negscope.crypto.Smb3Decryptor;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NegotiateContext;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.NtlmAuthenticate;
import org.negscope.smb2.NtlmChallenge;
import org.negscope.smb2.NtlmMessage;
import org.negscope.smb2.Ntlmssp;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.Spnego;
import org.negscope.smb2.TransformHeader;

/**
 * Everything the user's credentials make possible: proving or disproving a VALIDATE response's signature
 * (MS-SMB2 3.2.5.14.12: the client trusts the answer only if the session signed or encrypted it) and
 * decrypting SMB 3.0.x traffic so that an encrypted VALIDATE can be judged too. The session key comes from
 * a key the user gave, or is derived from the password / NT hash and the session's NTLMSSP CHALLENGE and
 * AUTHENTICATE (MS-NLMP 3.3.2); signing and encryption keys follow MS-SMB2 3.2.5.3.1 / 3.1.4.2. Nothing
 * secret leaves this class: notes say why something was impossible, never with what.
 * <p>
 * Why one class of this size: verifying signatures and decrypting use the same session key per session (given,
 * from a keytab's ticket, or from the password / NT hash and the NTLMSSP exchange: {@code sessionKey}), derived once
 * and cleared with the session; keeping both here keeps every secret inside one class.
 */
final class SignatureVerifier {
    private final AnalysisOptions options;

    SignatureVerifier(AnalysisOptions options) {
        this.options = options;
    }

    /**
     * Keeps the NTLMSSP AUTHENTICATE of a SESSION_SETUP request (it names the account, or none: anonymous), and
     * returns the decoded NTLMSSP message (null when none): its Version names the client's OS.
     */
    NtlmMessage sessionSetupRequest(ConnectionState state, long sessionId, byte[] securityBuffer, Smb2Message m) {
        NtlmMessage nm = ntlm(securityBuffer);
        if (nm == null && options.keytab() != null) {
            byte[] t = kerberos(securityBuffer);
            if (t != null && KerberosApExchange.isApReq(t)) {
                // The first SESSION_SETUP request has no SessionId yet: the response names the session.
                state.pendingApReq = t;
                state.pendingApReqFrame = m.lastFrame();
            }
        }
        if (nm instanceof NtlmAuthenticate a) {
            SessionFacts s = state.session(sessionId, true);
            if (s != null) {
                s.ntlmAuthenticate = a;
                s.authenticateFrame = m.lastFrame();
            }
        }
        return nm;
    }

    /** Keeps the NTLMSSP CHALLENGE of a SESSION_SETUP response; its SessionId names the new session. */
    void sessionSetupResponse(ConnectionState state, long sessionId, byte[] securityBuffer, Smb2Message m) {
        sessionSetupResponse(state, sessionId, ntlm(securityBuffer));
    }

    /** As above, for a token the caller decoded already. */
    void sessionSetupResponse(ConnectionState state, long sessionId, NtlmMessage token) {
        if (token instanceof NtlmChallenge c) {
            SessionFacts s = state.session(sessionId, true);
            if (s != null) {
                s.ntlmChallenge = c;
            }
        }
    }

    /**
     * With a keytab: gives the session the AP-REQ its request carried and the AP-REP of this response (MS-KILE 3.4.5:
     * the server's SESSION_SETUP response holds the AP-REP when mutual authentication was asked for).
     */
    void kerberosResponse(ConnectionState state, long sessionId, byte[] securityBuffer) {
        if (options.keytab() == null || state.pendingApReq == null) {
            return;
        }
        SessionFacts s = state.session(sessionId, true);
        if (s == null) {
            return;
        }
        // The last AP-REQ wins: a client retries with a new one after a KRB-ERROR (e.g. clock skew).
        s.kerberosApReq = state.pendingApReq;
        s.apReqFrame = state.pendingApReqFrame;
        s.kerberosApRep = null;
        byte[] t = kerberos(securityBuffer);
        if (t != null && KerberosApExchange.isApRep(t)) {
            s.kerberosApRep = t;
        }
        state.pendingApReq = null;
    }

    /** The SPNEGO mechToken / responseToken when it is a Kerberos token (else null). */
    private static byte[] kerberos(byte[] securityBuffer) {
        if (securityBuffer == null || securityBuffer.length == 0) {
            return null;
        }
        try {
            Spnego sp = Spnego.decode(securityBuffer);
            byte[] t = sp.mechToken();
            if (t == null) {
                return null;
            }
            return sp.isKerberos() || KerberosApExchange.isApRep(t) ? t : null;
        } catch (Smb2FormatException e) {
            return null;
        }
    }

    static NtlmMessage ntlm(byte[] securityBuffer) {
        if (securityBuffer == null || securityBuffer.length == 0) {
            return null;
        }
        try {
            byte[] token = Spnego.decode(securityBuffer).ntlmssp();
            return token == null ? null : Ntlmssp.decode(token);
        } catch (Smb2FormatException e) {
            return null; // Kerberos or damaged: the signature then stays UNVERIFIED with a note
        }
    }

    // ------------------------------------------------------------------------------ signatures

    /**
     * Feeds a SESSION_SETUP message to the 3.1.1 preauthentication hashes (MS-SMB2 3.2.5.2 / 3.3.5.5); call it for
     * every SESSION_SETUP request and response in stream order, before the message's own signature is checked.
     */
    void sessionSetupPreauth(ConnectionState state, Smb2Message m) {
        NegotiateResponseFields nr = state.negotiateResponse;
        if (nr == null || nr.dialect() != Dialect.SMB_3_1_1) {
            return; // 2.x and 3.0.x keys need no hash
        }
        if (state.preauth == null) {
            state.preauth = new PreauthHashes();
        }
        long sessionId = m.header().sessionId();
        SessionFacts s = sessionId == 0 ? null : state.session(sessionId, true);
        if (m.header().isResponse()) {
            state.preauth.response(state, s, m);
        } else {
            state.preauth.request(state, s, sessionId, m);
        }
    }

    /** Checks one signed message of any command with its session's signing key, counts and returns the outcome. */
    SignatureCheck checkMessage(ConnectionState state, Smb2Message m) {
        if (state.signatureTally == null) {
            return null; // no credentials
        }
        SignatureCheck c = check(state, m);
        state.signatureTally.add(c, m.lastFrame());
        return c;
    }

    /**
     * Sets {@code v.verifiedSignature} (VALID / INVALID, with expected and found) or {@code v.signatureNote} (why not:
     * also when the credentials gave a key that is probably not the session's, see SessionFacts#credentialsSuspect).
     */
    void verify(ConnectionState state, ValidateExchange v) {
        Smb2Message m = v.responseMessage;
        if (m == null || !m.header().isSigned()) {
            return;
        }
        SignatureCheck c = check(state, m);
        v.signingAlgorithm = c.algorithm() == null ? null : c.algorithm().specName();
        v.signatureCheck = switch (c.status()) {
            case VALID -> SignatureStatus.VALID;
            case INVALID -> SignatureStatus.INVALID;
            case UNVERIFIABLE -> SignatureStatus.UNVERIFIED;
        };
        v.checkedExpected = c.expectedHex();
        v.checkedFound = c.foundHex();
        switch (c.status()) {
            case VALID -> v.verifiedSignature = SignatureStatus.VALID;
            case INVALID -> {
                v.expectedSignature = c.expectedHex();
                v.foundSignature = c.foundHex();
                SessionFacts s = state.session(m.header().sessionId(), false);
                if (s != null && !s.gssKeyOwned && !s.credentialsSuspect && !controlVerifies(state)) {
                    // A given key cannot be checked against the AUTHENTICATE proof; if it does not verify the session's
                    // other signed answers either, the key is wrong, not the VALIDATE response.
                    s.credentialsSuspect = true;
                    s.keyProblem = "the given session key does not verify the session's TREE_CONNECT response either,"
                            + " so it is probably not this session's key";
                }
                if (s != null && s.credentialsSuspect) {
                    // Every message of the session is INVALID with such a key (SignatureChecks says so with a hint);
                    // the VALIDATE response is then neither proven nor disproven, not called forged.
                    v.signatureNote = s.keyProblem;
                } else {
                    v.verifiedSignature = SignatureStatus.INVALID;
                }
            }
            case UNVERIFIABLE -> v.signatureNote = c.reason();
        }
    }

    /**
     * The signature check of one signed message: UNVERIFIABLE with the reason when the dialect, the message's whole
     * bytes, the session's key or (3.1.1) its preauth hash are not to be had. Never throws.
     */
    SignatureCheck check(ConnectionState state, Smb2Message m) {
        NegotiateResponseFields nr = state.negotiateResponse;
        if (nr == null) {
            return SignatureCheck.unverifiable(null, "the NEGOTIATE response (dialect) is not in the capture");
        }
        if (m.truncated()) {
            return SignatureCheck.unverifiable(null, "the message (frame " + m.lastFrame() + ") was not kept whole ("
                    + m.keptLength() + " of " + m.length() + " bytes)");
        }
        try {
            SigningAlgorithm algorithm = algorithm(state, nr);
            if (algorithm == null) {
                return SignatureCheck.unverifiable(null, state.signatureTally.algorithmProblem);
            }
            SessionFacts s = state.session(m.header().sessionId(), true);
            if (s == null) {
                return SignatureCheck.unverifiable(algorithm, "too many sessions on this connection");
            }
            Secret key = signingKey(state, s, nr.dialect());
            if (key == null) {
                return SignatureCheck.unverifiable(algorithm, s.signingProblem);
            }
            byte[] b = m.bytes();
            return Smb2Signer.verify(b, 0, b.length, key, algorithm);
        } catch (RuntimeException e) {
            // A defect or hostile input must cost one message's check, not the analysis.
            return SignatureCheck.unverifiable(null, "the signature cannot be checked: " + e.getMessage());
        }
    }

    /**
     * The connection's signing algorithm (MS-SMB2 3.1.4.1): HMAC-SHA256 for 2.x, AES-128-CMAC for 3.0.x, and for 3.1.1
     * the one the NEGOTIATE response's SMB2_SIGNING_CAPABILITIES chose (AES-128-CMAC without it). Decided once.
     */
    private static SigningAlgorithm algorithm(ConnectionState state, NegotiateResponseFields nr) {
        if (state.signatureTally == null) {
            state.signatureTally = new SignatureTally(); // a VALIDATE check without the tracker's tally (tests)
        }
        SignatureTally t = state.signatureTally;
        if (!t.algorithmDecided) {
            t.algorithmDecided = true;
            int negotiated = -1;
            if (nr.dialect() == Dialect.SMB_3_1_1 && nr.message() != null) {
                try {
                    NegotiateContext.Signing sc = NegotiateResponse.decode(nr.message()).context(NegotiateContext.Signing.class);
                    negotiated = sc == null || sc.algorithms().isEmpty() ? -1 : sc.algorithms().get(0);
                } catch (Smb2FormatException e) {
                    t.algorithmProblem = "the NEGOTIATE response's contexts cannot be read: " + e.getMessage();
                    return null;
                }
            }
            try {
                t.negotiatedAlgorithm = SigningAlgorithm.forDialect(nr.dialect(), negotiated);
            } catch (IllegalArgumentException e) {
                t.algorithmProblem = e.getMessage();
            }
        }
        return t.negotiatedAlgorithm;
    }

    /** Session.SigningKey, derived once from the GSS key (and for 3.1.1 the session's final preauth hash). */
    private Secret signingKey(ConnectionState state, SessionFacts s, int dialect) {
        if (s.signingKeyTried) {
            return s.signingKey;
        }
        byte[] preauth = null;
        if (dialect == Dialect.SMB_3_1_1) {
            if (s.preauthValue == null) {
                // Not marked tried: the session's SESSION_SETUP may still complete later in the capture.
                s.signingProblem = state.preauth != null ? state.preauth.problem(s)
                        : "the SESSION_SETUP exchange of session " + String.format("0x%016x", s.sessionId)
                                + " is not in the capture, so its 3.1.1 preauthentication hash is unknown";
                return null;
            }
            preauth = s.preauthValue;
        }
        s.signingKeyTried = true;
        Secret gss = sessionKey(state, s);
        if (gss == null) {
            s.signingProblem = s.keyProblem;
            return null;
        }
        try {
            s.signingKey = SigningKeys.signingKey(dialect, gss, preauth);
        } catch (IllegalArgumentException | IllegalStateException e) {
            s.signingProblem = "the signing key cannot be derived: " + e.getMessage();
        }
        return s.signingKey;
    }

    /** True when the first successful TREE_CONNECT response, if signed and whole, verifies with the session's key. */
    private boolean controlVerifies(ConnectionState state) {
        Smb2Message control = state.treeConnectResponse;
        if (control == null || !control.header().isSigned() || control.truncated()) {
            return false;
        }
        return check(state, control).status() == SignatureCheck.Status.VALID;
    }

    /**
     * The judged VALIDATE response's protection and signature check (MS-SMB2 3.2.5.14.12), as {@link #verify} left it;
     * {@link ValidateSignature#NONE} when there is no exchange or no response.
     */
    static ValidateSignature validateSignature(ValidateExchange v) {
        if (v == null || !v.answered()) {
            return ValidateSignature.NONE;
        }
        SignatureStatus c = v.signatureCheck;
        return new ValidateSignature(true, v.responseSigned, v.responseEncrypted, c, v.signingAlgorithm,
                c == SignatureStatus.UNVERIFIED ? null : v.checkedExpected, c == SignatureStatus.UNVERIFIED ? null : v.checkedFound,
                c == SignatureStatus.UNVERIFIED ? v.signatureNote != null ? v.signatureNote : "the signature cannot be checked" : null);
    }

    /** What the report says about the signature checks of a connection; {@link SignatureChecks#NONE} without credentials. */
    static SignatureChecks checks(ConnectionState state, ValidateExchange v) {
        SignatureTally t = state.signatureTally;
        if (t == null) {
            return SignatureChecks.NONE;
        }
        String hint = null;
        for (SessionFacts s : state.sessions) {
            if (s.credentialsSuspect) {
                hint = s.keyProblem;
                break;
            }
        }
        if (hint == null && t.invalid > 0 && t.valid == 0) {
            hint = "none of the " + t.invalid + " signed messages that could be checked verifies with the given credentials:"
                    + " the credentials may be wrong";
        }
        return new SignatureChecks(true, t.algorithm, t.valid, t.invalid, t.unverified, t.firstInvalidFrame,
                t.firstInvalidExpected, t.firstInvalidFound, t.firstUnverifiedFrame, t.firstUnverifiedReason, hint,
                v == null ? null : v.expectedSignature, v == null ? null : v.foundSignature, state.encryptedMessages,
                state.decryptedMessages);
    }

    /**
     * The session's GSS key, derived once: the key the user gave for it, or the NTLM ExportedSessionKey from
     * the password / NT hash. Null with {@code s.keyProblem} set when there is none.
     */
    Secret sessionKey(ConnectionState state, SessionFacts s) {
        if (s.keyTried) {
            return s.gssKey;
        }
        s.keyTried = true;
        Secret given = options.sessionKey(s.sessionId);
        if (given != null) {
            s.gssKey = given;
            s.gssKeyOwned = false;
            return given;
        }
        if (s.kerberosApReq != null && options.keytab() != null) {
            // Kerberos: the ticket opened with the service key from the keytab (docs/kerberos.md).
            KerberosApExchange.Result r = KerberosApExchange.sessionKey(s.kerberosApReq, s.kerberosApRep, options.keytab());
            if (!r.ok()) {
                s.keyProblem = r.problem() + " (AP-REQ in frame " + s.apReqFrame + ")";
                return null;
            }
            s.gssKey = r.key();
            s.gssKeyOwned = true;
            return s.gssKey;
        }
        Secret credential = options.passwordOrNtHash();
        if (credential == null) {
            s.keyProblem = options.keytab() != null
                    ? "the Kerberos AP-REQ of session " + String.format("0x%016x", s.sessionId) + " is not in the capture"
                            + (s.ntlmAuthenticate != null ? " (the session used NTLM: give the password or NT hash)"
                                    : " (the capture starts later)")
                    : "no session key was given for session " + String.format("0x%016x", s.sessionId);
            return null;
        }
        if (s.ntlmChallenge == null || s.ntlmAuthenticate == null) {
            s.keyProblem = state.kerberos
                    ? "session " + String.format("0x%016x", s.sessionId) + " authenticated with Kerberos: a password does not give"
                      + " its key; give the session key or a keytab with the service's key"
                    : "the NTLMSSP CHALLENGE/AUTHENTICATE of session " + String.format("0x%016x", s.sessionId)
                      + " are not in the capture (Kerberos, or the capture starts later)";
            return null;
        }
        NtlmAuthenticate a = s.ntlmAuthenticate;
        String user = options.user() != null ? options.user() : a.userName();
        String domain = options.domain() != null ? options.domain() : a.domainName();
        NtlmSessionKey k;
        try {
            k = Ntlm.sessionKeyFromAuthenticate(user, domain, credential, s.ntlmChallenge.serverChallenge(),
                    a.ntChallengeResponse(), a.encryptedRandomSessionKey(), a.flags());
        } catch (IllegalArgumentException | IllegalStateException e) {
            s.keyProblem = "the session key cannot be derived: " + e.getMessage();
            return null;
        }
        if (!k.usable()) {
            if (k.exportedSessionKey() != null && !k.proofMatches()) {
                // Wrong password or user: the key they give is still used, so that every signature shows INVALID with
                // expected and found, and the reports say the credentials, not the server, are probably wrong.
                s.gssKey = k.exportedSessionKey();
                s.gssKeyOwned = true;
                s.credentialsSuspect = true;
                s.keyProblem = k.problem() + " (AUTHENTICATE in frame " + s.authenticateFrame + "): the credentials may be wrong";
                return s.gssKey;
            }
            if (k.exportedSessionKey() != null) {
                k.exportedSessionKey().clear();
            }
            s.keyProblem = k.problem() + " (AUTHENTICATE in frame " + s.authenticateFrame + ")";
            return null;
        }
        s.gssKey = k.exportedSessionKey();
        s.gssKeyOwned = true;
        return s.gssKey;
    }

    // ------------------------------------------------------------------------------ decryption

    /**
     * The SMB2 messages inside one TRANSFORM message, or null with {@code state.decryptProblem} set. 3.0 and 3.0.2
     * encrypt with AES-128-CCM and keys from the session key alone; 3.1.1 with the cipher the NEGOTIATE response's
     * SMB2_ENCRYPTION_CAPABILITIES chose (AES-128/256-CCM/GCM) and keys over the session's preauth hash (3.2.5.3.1).
     */
    List<Smb2Message> decrypt(ConnectionState state, TransformHeader t, boolean fromClient) {
        NegotiateResponseFields nr = state.negotiateResponse;
        if (nr == null) {
            state.decryptProblem("the NEGOTIATE response (dialect) is not in the capture");
            return null;
        }
        int dialect = nr.dialect();
        if (dialect != Dialect.SMB_3_0 && dialect != Dialect.SMB_3_0_2 && dialect != Dialect.SMB_3_1_1) {
            state.decryptProblem("dialect " + Dialect.name(dialect) + " has no SMB3 encryption");
            return null;
        }
        if (t.truncated()) {
            state.decryptProblem("an encrypted message (frame " + t.lastFrame() + ") was not kept whole");
            return null;
        }
        SessionFacts s = state.session(t.sessionId(), true);
        if (s == null) {
            state.decryptProblem("too many sessions on this connection");
            return null;
        }
        Smb3Cipher cipher = cipher(nr);
        if (cipher == null) {
            state.decryptProblem("the NEGOTIATE response (frame " + nr.frame() + ") names no cipher this analysis knows");
            return null;
        }
        byte[] preauth = null;
        if (dialect == Dialect.SMB_3_1_1) {
            if (s.preauthValue == null) {
                state.decryptProblem(state.preauth != null ? state.preauth.problem(s)
                        : "the SESSION_SETUP exchange of session " + String.format("0x%016x", s.sessionId)
                                + " is not in the capture, so its 3.1.1 preauthentication hash is unknown");
                return null;
            }
            preauth = s.preauthValue;
        }
        Secret gss = sessionKey(state, s);
        if (gss == null) {
            state.decryptProblem(s.keyProblem);
            return null;
        }
        try {
            if (s.clientToServerKey == null) {
                s.clientToServerKey = SigningKeys.clientToServerKey(dialect, cipher, gss, preauth);
                s.serverToClientKey = SigningKeys.serverToClientKey(dialect, cipher, gss, preauth);
            }
            byte[] b = t.bytes();
            Decrypted d = Smb3Decryptor.decrypt(b, 0, b.length, fromClient ? s.clientToServerKey : s.serverToClientKey, cipher);
            if (!d.ok()) {
                state.decryptProblem(d.problem() + " (frame " + t.lastFrame() + ")"
                        + (s.credentialsSuspect ? "; " + s.keyProblem : ""));
                return null;
            }
            return Smb2Message.splitCompound(d.plaintext(), t.firstFrame(), t.lastFrame(), t.timeNanos(), t.streamOffset());
        } catch (IllegalArgumentException | IllegalStateException | Smb2FormatException e) {
            state.decryptProblem("the decrypted message (frame " + t.lastFrame() + ") cannot be read: " + e.getMessage());
            return null;
        }
    }

    /** Connection.CipherId: AES-128-CCM for 3.0.x, for 3.1.1 the one SMB2_ENCRYPTION_CAPABILITIES chose; null when unknown. */
    private static Smb3Cipher cipher(NegotiateResponseFields nr) {
        if (nr.dialect() != Dialect.SMB_3_1_1) {
            return Smb3Cipher.AES_128_CCM;
        }
        if (nr.message() == null) {
            return null;
        }
        try {
            NegotiateContext.Encryption c = NegotiateResponse.decode(nr.message()).context(NegotiateContext.Encryption.class);
            return c == null || c.ciphers().isEmpty() ? null : Smb3Cipher.fromId(c.ciphers().get(0));
        } catch (Smb2FormatException | IllegalArgumentException e) {
            return null;
        }
    }
}
