package org.negscope.analysis;

import java.util.List;
import org.negscope.crypto.Decrypted;
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

    /** Sets {@code v.verifiedSignature} (VALID / INVALID) or {@code v.signatureNote} (why not). */
    void verify(ConnectionState state, ValidateExchange v) {
        Smb2Message m = v.responseMessage;
        if (m == null || !m.header().isSigned()) {
            return;
        }
        if (state.negotiateResponse == null) {
            v.signatureNote = "the NEGOTIATE response (dialect) is not in the capture";
            return;
        }
        int dialect = state.negotiateResponse.dialect();
        if (dialect == Dialect.SMB_3_1_1) {
            v.signatureNote = "3.1.1 signing keys need the preauthentication hash, which this analysis does not track";
            return;
        }
        if (m.truncated()) {
            v.signatureNote = "the VALIDATE response was not kept whole";
            return;
        }
        SessionFacts s = state.session(v.sessionId, true);
        Secret gss = s == null ? null : sessionKey(state, s);
        if (gss == null) {
            v.signatureNote = s == null ? "too many sessions on this connection" : s.keyProblem;
            return;
        }
        try {
            SignatureCheck check = check(m, dialect, gss);
            switch (check.status()) {
                case VALID -> v.verifiedSignature = SignatureStatus.VALID;
                case INVALID -> {
                    if (!s.gssKeyOwned && !controlVerifies(state, dialect, gss)) {
                        // A given key cannot be checked against the AUTHENTICATE proof; if it does not verify
                        // the session's other signed answers either, the key is wrong, not the VALIDATE response.
                        v.signatureNote = "the given session key does not verify the session's TREE_CONNECT response either, so it is probably not this session's key";
                    } else {
                        v.verifiedSignature = SignatureStatus.INVALID;
                    }
                }
                case UNVERIFIABLE -> v.signatureNote = check.reason();
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            v.signatureNote = "the signing key cannot be derived: " + e.getMessage();
        }
    }

    private static SignatureCheck check(Smb2Message m, int dialect, Secret gss) {
        try (Secret signingKey = SigningKeys.signingKey(dialect, gss, null)) {
            byte[] b = m.bytes();
            return Smb2Signer.verify(b, 0, b.length, signingKey, SigningAlgorithm.forDialect(dialect, -1));
        }
    }

    /** True when the first successful TREE_CONNECT response, if signed and whole, verifies with the key. */
    private static boolean controlVerifies(ConnectionState state, int dialect, Secret gss) {
        Smb2Message control = state.treeConnectResponse;
        if (control == null || !control.header().isSigned() || control.truncated()) {
            return false;
        }
        return check(control, dialect, gss).status() == SignatureCheck.Status.VALID;
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
        Secret credential = options.passwordOrNtHash();
        if (credential == null) {
            s.keyProblem = "no session key was given for session " + String.format("0x%016x", s.sessionId);
            return null;
        }
        if (s.ntlmChallenge == null || s.ntlmAuthenticate == null) {
            s.keyProblem = "the NTLMSSP CHALLENGE/AUTHENTICATE of session " + String.format("0x%016x", s.sessionId)
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
     * The SMB2 messages inside one TRANSFORM message, or null with {@code state.decryptProblem} set. Only
     * 3.0 and 3.0.2 (AES-128-CCM, keys from the session key alone); 3.1.1 keys need the preauth hash.
     */
    List<Smb2Message> decrypt(ConnectionState state, TransformHeader t, boolean fromClient) {
        NegotiateResponseFields nr = state.negotiateResponse;
        if (nr == null || (nr.dialect() != Dialect.SMB_3_0 && nr.dialect() != Dialect.SMB_3_0_2)) {
            state.decryptProblem(nr == null ? "the NEGOTIATE response (dialect) is not in the capture"
                    : "decrypting dialect " + Dialect.name(nr.dialect()) + " is not supported (only 3.0 and 3.0.2)");
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
        Secret gss = sessionKey(state, s);
        if (gss == null) {
            state.decryptProblem(s.keyProblem);
            return null;
        }
        try {
            if (s.clientToServerKey == null) {
                s.clientToServerKey = SigningKeys.clientToServerKey(nr.dialect(), Smb3Cipher.AES_128_CCM, gss, null);
                s.serverToClientKey = SigningKeys.serverToClientKey(nr.dialect(), Smb3Cipher.AES_128_CCM, gss, null);
            }
            byte[] b = t.bytes();
            Decrypted d = Smb3Decryptor.decrypt(b, 0, b.length, fromClient ? s.clientToServerKey : s.serverToClientKey,
                    Smb3Cipher.AES_128_CCM);
            if (!d.ok()) {
                state.decryptProblem(d.problem() + " (frame " + t.lastFrame() + ")");
                return null;
            }
            return Smb2Message.splitCompound(d.plaintext(), t.firstFrame(), t.lastFrame(), t.timeNanos(), t.streamOffset());
        } catch (IllegalArgumentException | IllegalStateException | Smb2FormatException e) {
            state.decryptProblem("the decrypted message (frame " + t.lastFrame() + ") cannot be read: " + e.getMessage());
            return null;
        }
    }
}
