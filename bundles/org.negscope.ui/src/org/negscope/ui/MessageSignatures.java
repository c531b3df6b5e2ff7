package org.negscope.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.negscope.crypto.Ntlm;
import org.negscope.crypto.NtlmSessionKey;
import org.negscope.crypto.PreauthIntegrity;
import org.negscope.crypto.Decrypted;
import org.negscope.crypto.Secret;
import org.negscope.crypto.Smb3Cipher;
import org.negscope.crypto.Smb3Decryptor;
import org.negscope.crypto.SigningAlgorithm;
import org.negscope.crypto.SigningKeys;
import org.negscope.crypto.Smb2Signer;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NegotiateContext;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.NtlmAuthenticate;
import org.negscope.smb2.NtlmChallenge;
import org.negscope.smb2.NtlmMessage;
import org.negscope.smb2.Ntlmssp;
import org.negscope.smb2.SessionSetupRequest;
import org.negscope.smb2.SessionSetupResponse;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Header;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.Spnego;

/**
 * Checks the signature of every signed message of one connection with the user's credentials, as the
 * packet-detail view shows it (the analysis proves only the VALIDATE response), and decrypts the SMB3 TRANSFORM
 * messages (AES-CCM / AES-GCM, MS-SMB2 3.1.4.3) so that the view shows what was inside. Per session: the GSS key given
 * for it, or the NTLM ExportedSessionKey derived from the password / NT hash and the session's NTLMSSP CHALLENGE
 * and AUTHENTICATE (MS-NLMP 3.3.2); the signing key per MS-SMB2 3.2.5.3.1 — for 3.1.1 over the session's preauth
 * integrity hash (SHA-512 over the NEGOTIATE exchange and the SESSION_SETUP messages but the last, 3.2.5.2 /
 * 3.2.5.3.1), with the signing algorithm the NEGOTIATE response's SIGNING_CAPABILITIES chose. All crypto is the
 * crypto bundle's; the derived keys are wiped before {@link #check} returns.
 */
final class MessageSignatures {
    private MessageSignatures() {}

    /** What one session's messages need: its NTLMSSP pair, its preauth hash, then its signing key or why there is none. */
    private static final class Session {
        Secret gss;
        String gssProblem;
        boolean gssTried;
        Secret toServer;
        Secret toClient;
        NtlmChallenge challenge;
        NtlmAuthenticate authenticate;
        long authenticateFrame;
        PreauthIntegrity preauth;
        boolean preauthFinal;
        Secret signingKey;
        String problem;
        boolean tried;
    }

    /** The entries with {@link MessageEntry#signature()} set on every signed SMB2 message. */
    static List<MessageEntry> check(List<MessageEntry> entries, Credentials credentials) {
        if (credentials == null || credentials.isCleared()) {
            return entries;
        }
        NegotiateResponse negotiate = null;
        Smb2Message negotiateRequest = null;
        Smb2Message negotiateResponseMessage = null;
        Map<Long, Session> sessions = new HashMap<>();
        PreauthIntegrity pendingSetup = null; // a SESSION_SETUP begun with SessionId 0, not yet given its SessionId
        List<MessageEntry> out = new ArrayList<>(entries.size());
        try {
            // First pass: what the keys need (dialect, NTLMSSP pairs, 3.1.1 preauth hashes), in stream order.
            for (MessageEntry e : entries) {
                Smb2Message m = e.message();
                if (m == null) {
                    continue;
                }
                Smb2Header h = m.header();
                if (h.command() == Smb2Command.NEGOTIATE) {
                    if (!h.isResponse()) {
                        negotiateRequest = m;
                    } else if (h.status() == NtStatus.SUCCESS) {
                        try {
                            negotiate = NegotiateResponse.decode(m);
                            negotiateResponseMessage = m;
                        } catch (Smb2FormatException ex) {
                            negotiate = null;
                        }
                    }
                } else if (h.command() == Smb2Command.SESSION_SETUP) {
                    boolean v311 = negotiate != null && negotiate.dialectRevision() == Dialect.SMB_3_1_1;
                    if (!h.isResponse()) {
                        Session s = h.sessionId() == 0 ? null : sessions.computeIfAbsent(h.sessionId(), k -> new Session());
                        NtlmMessage token = ntlm(() -> SessionSetupRequest.decode(m).securityBuffer());
                        if (token instanceof NtlmAuthenticate a && s != null) {
                            s.authenticate = a;
                            s.authenticateFrame = m.lastFrame();
                        }
                        if (v311) {
                            if (s == null) {
                                pendingSetup = connectionHash(negotiateRequest, negotiateResponseMessage);
                                update(pendingSetup, m);
                            } else if (!s.preauthFinal) {
                                if (s.preauth == null) {
                                    s.preauth = connectionHash(negotiateRequest, negotiateResponseMessage);
                                }
                                update(s.preauth, m);
                            }
                        }
                    } else {
                        Session s = sessions.computeIfAbsent(h.sessionId(), k -> new Session());
                        NtlmMessage token = ntlm(() -> SessionSetupResponse.decode(m).securityBuffer());
                        if (token instanceof NtlmChallenge c) {
                            s.challenge = c;
                        }
                        if (v311) {
                            if (s.preauth == null && pendingSetup != null) {
                                s.preauth = pendingSetup;
                                pendingSetup = null;
                            }
                            if (h.status() == NtStatus.MORE_PROCESSING_REQUIRED) {
                                update(s.preauth, m);
                            } else {
                                s.preauthFinal = true; // the final response is not hashed: it is signed with the result
                            }
                        }
                    }
                }
            }
            // Second pass: check each signed message with its session's key; decrypt the encrypted ones.
            for (MessageEntry e : entries) {
                if (e.message() == null) {
                    out.addAll(decrypt(e, negotiate, sessions, credentials));
                } else if (!e.isSigned()) {
                    out.add(e);
                } else {
                    out.add(e.withSignature(verify(e.message(), negotiate, sessions, credentials)));
                }
            }
            return out;
        } finally {
            for (Session s : sessions.values()) {
                for (Secret k : new Secret[] {s.signingKey, s.gss, s.toServer, s.toClient}) {
                    if (k != null) {
                        k.clear();
                    }
                }
            }
        }
    }

    /** The messages inside a TRANSFORM message, or the entry itself (still encrypted) when it cannot be decrypted. */
    private static List<MessageEntry> decrypt(MessageEntry e, NegotiateResponse negotiate, Map<Long, Session> sessions,
            Credentials credentials) {
        org.negscope.smb2.TransformHeader t = e.encrypted();
        if (negotiate == null || t.truncated()) {
            return List.of(e);
        }
        int dialect = negotiate.dialectRevision();
        Smb3Cipher cipher = cipher(negotiate);
        if (cipher == null) {
            return List.of(e);
        }
        Session s = sessions.computeIfAbsent(t.sessionId(), k -> new Session());
        try {
            if (s.toServer == null) {
                byte[] preauth = null;
                if (dialect == Dialect.SMB_3_1_1) {
                    if (s.preauth == null || !s.preauthFinal) {
                        return List.of(e);
                    }
                    preauth = s.preauth.value();
                }
                Secret gss = gssKey(s, t.sessionId(), credentials);
                if (gss == null) {
                    return List.of(e);
                }
                s.toServer = SigningKeys.clientToServerKey(dialect, cipher, gss, preauth);
                s.toClient = SigningKeys.serverToClientKey(dialect, cipher, gss, preauth);
            }
            byte[] b = t.bytes();
            Decrypted d = Smb3Decryptor.decrypt(b, 0, b.length, e.fromClient() ? s.toServer : s.toClient, cipher);
            if (!d.ok()) {
                return List.of(e);
            }
            List<MessageEntry> inner = new ArrayList<>();
            for (Smb2Message m : Smb2Message.splitCompound(d.plaintext(), t.firstFrame(), t.lastFrame(), t.timeNanos(), t.streamOffset())) {
                inner.add(MessageEntry.decrypted(m, t, e.fromClient()));
            }
            return inner.isEmpty() ? List.of(e) : inner;
        } catch (IllegalArgumentException | IllegalStateException | Smb2FormatException ex) {
            return List.of(e); // shown as encrypted; the analysis' summary says why it could not be read
        }
    }

    /** The cipher of the connection: AES-128-CCM for 3.0.x, the one the 3.1.1 NEGOTIATE response chose. */
    private static Smb3Cipher cipher(NegotiateResponse r) {
        int dialect = r.dialectRevision();
        if (dialect == Dialect.SMB_3_0 || dialect == Dialect.SMB_3_0_2) {
            return Smb3Cipher.AES_128_CCM;
        }
        if (dialect == Dialect.SMB_3_1_1) {
            NegotiateContext.Encryption c = r.context(NegotiateContext.Encryption.class);
            if (c != null && !c.ciphers().isEmpty()) {
                try {
                    return Smb3Cipher.fromId(c.ciphers().get(0));
                } catch (IllegalArgumentException ex) {
                    return null;
                }
            }
        }
        return null;
    }

    private static MessageSignature verify(Smb2Message m, NegotiateResponse negotiate, Map<Long, Session> sessions,
            Credentials credentials) {
        if (negotiate == null) {
            return MessageSignature.unverified("the NEGOTIATE response (dialect) is not in the capture");
        }
        if (m.truncated()) {
            return MessageSignature.unverified("the message was not kept whole (" + m.keptLength() + " of " + m.length()
                    + " bytes)");
        }
        long sessionId = m.header().sessionId();
        Session s = sessions.get(sessionId);
        if (s == null) {
            s = new Session();
            sessions.put(sessionId, s);
        }
        Secret key = signingKey(s, sessionId, negotiate, credentials);
        if (key == null) {
            return MessageSignature.unverified(s.problem);
        }
        int dialect = negotiate.dialectRevision();
        byte[] b = m.bytes();
        return MessageSignature.of(Smb2Signer.verify(b, 0, b.length, key, SigningAlgorithm.forDialect(dialect, signingId(negotiate))));
    }

    private static Secret signingKey(Session s, long sessionId, NegotiateResponse negotiate, Credentials credentials) {
        if (s.tried) {
            return s.signingKey;
        }
        s.tried = true;
        int dialect = negotiate.dialectRevision();
        String sid = String.format("0x%016x", sessionId);
        byte[] preauth = null;
        if (dialect == Dialect.SMB_3_1_1) {
            if (s.preauth == null || !s.preauthFinal) {
                s.problem = "the SESSION_SETUP exchange of session " + sid + " is not complete in the capture, so its "
                        + "3.1.1 preauthentication hash is unknown";
                return null;
            }
            preauth = s.preauth.value();
        }
        try {
            Secret gss = gssKey(s, sessionId, credentials);
            if (gss == null) {
                s.problem = s.gssProblem;
                return null;
            }
            s.signingKey = SigningKeys.signingKey(dialect, gss, preauth);
            return s.signingKey;
        } catch (IllegalArgumentException | IllegalStateException ex) {
            s.problem = "the signing key cannot be derived: " + ex.getMessage();
            return null;
        }
    }

    /**
     * The session's GSS key, derived once and kept until {@link #check} ends: the key given for the session, or the
     * NTLM ExportedSessionKey from the password / NT hash. Null with {@code s.gssProblem} set when there is none.
     */
    private static Secret gssKey(Session s, long sessionId, Credentials credentials) {
        if (s.gssTried) {
            return s.gss;
        }
        s.gssTried = true;
        String sid = String.format("0x%016x", sessionId);
        Secret given = credentials.sessionKey(sessionId);
        if (given != null) {
            byte[] raw = given.copyBytes(); // an own copy: the credentials' key outlives this check
            try {
                s.gss = Secret.bytes(raw);
            } finally {
                java.util.Arrays.fill(raw, (byte) 0);
            }
            return s.gss;
        }
        Secret credential = credentials.passwordOrNtHash();
        if (credential == null) {
            s.gssProblem = "no session key was given for session " + sid;
            return null;
        }
        if (s.challenge == null || s.authenticate == null) {
            s.gssProblem = "the NTLMSSP CHALLENGE/AUTHENTICATE of session " + sid
                    + " are not in the capture (Kerberos, or the capture starts later): give the session key instead";
            return null;
        }
        String user = credentials.user() != null ? credentials.user() : s.authenticate.userName();
        String domain = credentials.domain() != null ? credentials.domain() : s.authenticate.domainName();
        NtlmSessionKey k;
        try {
            k = Ntlm.sessionKeyFromAuthenticate(user, domain, credential, s.challenge.serverChallenge(),
                    s.authenticate.ntChallengeResponse(), s.authenticate.encryptedRandomSessionKey(), s.authenticate.flags());
        } catch (IllegalArgumentException | IllegalStateException ex) {
            s.gssProblem = "the session key cannot be derived: " + ex.getMessage();
            return null;
        }
        if (!k.usable()) {
            if (k.exportedSessionKey() != null) {
                k.exportedSessionKey().clear();
            }
            s.gssProblem = k.problem() + " (AUTHENTICATE in frame " + s.authenticateFrame + "): the credentials may be wrong";
            return null;
        }
        s.gss = k.exportedSessionKey();
        return s.gss;
    }

    /** The signing algorithm id the 3.1.1 NEGOTIATE response chose, -1 when it has none (AES-CMAC then). */
    private static int signingId(NegotiateResponse r) {
        NegotiateContext.Signing s = r.context(NegotiateContext.Signing.class);
        return s == null || s.algorithms().isEmpty() ? -1 : s.algorithms().get(0);
    }

    private static PreauthIntegrity connectionHash(Smb2Message request, Smb2Message response) {
        PreauthIntegrity p = new PreauthIntegrity();
        update(p, request);
        update(p, response);
        return p;
    }

    private static void update(PreauthIntegrity p, Smb2Message m) {
        if (p != null && m != null) {
            p.update(m.bytes());
        }
    }

    private interface Buffer {
        byte[] get();
    }

    private static NtlmMessage ntlm(Buffer buffer) {
        try {
            byte[] b = buffer.get();
            if (b == null || b.length == 0) {
                return null;
            }
            byte[] token = Spnego.decode(b).ntlmssp();
            return token == null ? null : Ntlmssp.decode(token);
        } catch (Smb2FormatException e) {
            return null; // Kerberos or damaged: the session's signatures then stay UNVERIFIED with the reason
        }
    }
}
