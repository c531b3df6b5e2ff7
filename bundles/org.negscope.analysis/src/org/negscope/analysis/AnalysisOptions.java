package org.negscope.analysis;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.negscope.crypto.Secret;

/**
 * What the user gave beyond the captures: credentials that let the analysis prove a VALIDATE response's
 * signature (docs/protocol.md: SIGNATURE_INVALID needs them) and decrypt SMB3 traffic. One kind of secret is
 * normally given: the account password or its NT hash (the NTLM session key is then derived from the
 * NTLMSSP exchange in the capture), or session keys per SessionId (e.g. from a Kerberos ticket).
 * <p>
 * Secrets are held as {@link Secret}s, copied in, never printed: {@link #toString()} names only the kind
 * of secret, and {@link #destroy()} overwrites them.
 */
public final class AnalysisOptions {
    /** SessionId for a session key that applies to every session of the capture. */
    public static final long ANY_SESSION = org.negscope.crypto.SecretFile.ANY_SESSION;

    private final Secret passwordOrNtHash;
    private final Map<Long, Secret> sessionKeys;
    private final String user;
    private final String domain;

    /** What toString() names, fixed at construction: a cleared Secret can no longer say what it was. */
    private final String kind;

    private AnalysisOptions(Secret passwordOrNtHash, Map<Long, Secret> sessionKeys, String user, String domain) {
        this.kind = passwordOrNtHash != null ? kindOf(passwordOrNtHash)
                : !sessionKeys.isEmpty() ? sessionKeys.size() + " session key(s)" : "no credentials";
        this.passwordOrNtHash = passwordOrNtHash;
        this.sessionKeys = sessionKeys;
        this.user = user;
        this.domain = domain;
    }

    /** No credentials: signatures stay UNVERIFIED, encrypted traffic stays ENCRYPTED. */
    public static AnalysisOptions none() {
        return new AnalysisOptions(null, Map.of(), null, null);
    }

    /**
     * The account password (copied). {@code user}/{@code domain} replace the names in the NTLMSSP
     * AUTHENTICATE message when non-null (normally leave them null: the capture names the account).
     */
    public static AnalysisOptions withPassword(char[] password, String user, String domain) {
        return new AnalysisOptions(Secret.password(password), Map.of(), user, domain);
    }

    /** The 16-byte NT hash (NTOWFv1) of the account password (copied). */
    public static AnalysisOptions withNtHash(byte[] ntHash, String user, String domain) {
        if (ntHash.length != 16) {
            throw new IllegalArgumentException("an NT hash has 16 bytes, not " + ntHash.length);
        }
        return new AnalysisOptions(Secret.bytes(ntHash), Map.of(), user, domain);
    }

    /**
     * A password ({@link Secret#password}) or NT hash ({@link Secret#bytes}) the caller already holds,
     * e.g. from secure storage. The options keep a reference: do not clear it while they are in use.
     */
    public static AnalysisOptions withCredential(Secret passwordOrNtHash, String user, String domain) {
        return new AnalysisOptions(passwordOrNtHash, Map.of(), user, domain);
    }

    /** Session keys (Session.SessionKey or the full GSS key) by SessionId, {@link #ANY_SESSION} for "every session". */
    public static AnalysisOptions withSessionKeys(Map<Long, byte[]> keys) {
        Map<Long, Secret> copy = new HashMap<>();
        keys.forEach((id, key) -> copy.put(id, Secret.bytes(key)));
        return new AnalysisOptions(null, Collections.unmodifiableMap(copy), null, null);
    }

    public boolean hasCredentials() {
        return passwordOrNtHash != null || !sessionKeys.isEmpty();
    }

    /** The password or NT hash, or null. Owned by the options: do not clear. */
    Secret passwordOrNtHash() { return passwordOrNtHash; }

    /** The key given for this session (or for any session), or null. Owned by the options: do not clear. */
    Secret sessionKey(long sessionId) {
        Secret k = sessionKeys.get(sessionId);
        return k != null ? k : sessionKeys.get(ANY_SESSION);
    }

    boolean hasSessionKeys() { return !sessionKeys.isEmpty(); }

    /** User name to use instead of the one in the AUTHENTICATE message, or null. */
    public String user() { return user; }
    /** Domain to use instead of the one in the AUTHENTICATE message, or null. */
    public String domain() { return domain; }

    /** Overwrites every secret held. */
    public void destroy() {
        if (passwordOrNtHash != null) {
            passwordOrNtHash.clear();
        }
        sessionKeys.values().forEach(Secret::clear);
    }

    private static String kindOf(Secret s) {
        try {
            return s.isPassword() ? "password" : "NT hash";
        } catch (IllegalStateException e) {
            return "cleared credential"; // handed over already cleared: the analysis will say it cannot use it
        }
    }

    @Override public String toString() {
        return "AnalysisOptions[" + kind + (user != null ? ", user " + user : "") + "]";
    }
}
