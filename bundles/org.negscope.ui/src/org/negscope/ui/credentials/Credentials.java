package org.negscope.ui.credentials;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.crypto.Keytab;
import org.negscope.crypto.Secret;

/**
 * What the user gave for one capture to prove signatures: the account's password or NT hash (with the user and
 * domain to use, normally those the capture names), session keys per SessionId (Kerberos), or a keytab (Kerberos:
 * the server's long-term keys, which open the tickets in the capture; its file bytes are kept as a Secret so that
 * they can be remembered in secure storage). The secrets live in
 * {@link Secret}s (copied in; the caller clears its char[]/byte[] at once) and are wiped by {@link #clear()} when
 * the capture editor closes or other credentials replace them. {@link #toString()} never shows a secret.
 */
public final class Credentials {
    public enum Kind { PASSWORD, NT_HASH, SESSION_KEYS, KEYTAB }

    private final Kind kind;
    private final Secret passwordOrNtHash;
    private final String user;
    private final String domain;
    private final Map<Long, Secret> sessionKeys;
    /** KEYTAB: the parsed keys, the file's bytes (for secure storage) and its name (no secret). */
    private Keytab keytab;
    private Secret keytabBytes;
    private String keytabName;

    private Credentials(Kind kind, Secret passwordOrNtHash, String user, String domain, Map<Long, Secret> sessionKeys) {
        this.kind = kind;
        this.passwordOrNtHash = passwordOrNtHash;
        this.user = blankToNull(user);
        this.domain = blankToNull(domain);
        this.sessionKeys = sessionKeys;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Copies {@code password}; the caller clears its array. */
    public static Credentials password(char[] password, String user, String domain) {
        return new Credentials(Kind.PASSWORD, Secret.password(password), user, domain, Map.of());
    }

    /** Copies the 16-byte NT hash; the caller clears its array. */
    public static Credentials ntHash(byte[] ntHash, String user, String domain) {
        if (ntHash.length != 16) {
            throw new IllegalArgumentException("an NT hash has 16 bytes (32 hex digits), not " + ntHash.length);
        }
        return new Credentials(Kind.NT_HASH, Secret.bytes(ntHash), user, domain, Map.of());
    }

    /** Copies the keys; {@link AnalysisOptions#ANY_SESSION} stands for every session. The caller clears its arrays. */
    public static Credentials sessionKeys(Map<Long, byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no session key");
        }
        Map<Long, Secret> copy = new LinkedHashMap<>();
        keys.forEach((id, key) -> copy.put(id, Secret.bytes(key)));
        return new Credentials(Kind.SESSION_KEYS, null, null, null, Collections.unmodifiableMap(copy));
    }

    /**
     * A keytab file's bytes (copied; the caller wipes its array), parsed at once.
     *
     * @throws org.negscope.crypto.KeytabFormatException naming {@code name} and the byte offset
     */
    public static Credentials keytab(byte[] fileBytes, String name) {
        Keytab k = Keytab.parse(fileBytes, name);
        Credentials c = new Credentials(Kind.KEYTAB, null, null, null, Map.of());
        c.keytab = k;
        c.keytabBytes = Secret.bytes(fileBytes);
        c.keytabName = name;
        return c;
    }

    public Kind kind() { return kind; }

    /** KEYTAB: the file name it was read from; null otherwise. */
    public String keytabName() { return keytabName; }

    /** KEYTAB: the file's bytes (owned here: do not clear). */
    Secret keytabBytes() { return keytabBytes; }

    /** KEYTAB: its principals, enctypes and kvnos (no key). */
    public String keytabEntries() { return keytab == null ? "" : keytab.describe(); }
    /** User name replacing the capture's, or null (use the AUTHENTICATE message's). */
    public String user() { return user; }
    public String domain() { return domain; }
    public Set<Long> sessionIds() { return sessionKeys.keySet(); }

    /** The password or NT hash (owned here: do not clear), null for session keys. */
    public Secret passwordOrNtHash() { return passwordOrNtHash; }

    /** The key for this session or for every session, null when none (owned here: do not clear). */
    Secret sessionKey(long sessionId) {
        Secret k = sessionKeys.get(sessionId);
        return k != null ? k : sessionKeys.get(AnalysisOptions.ANY_SESSION);
    }

    public boolean isCleared() {
        if (kind == Kind.KEYTAB) {
            return keytabBytes.isCleared();
        }
        return passwordOrNtHash != null ? passwordOrNtHash.isCleared()
                : sessionKeys.values().stream().allMatch(Secret::isCleared);
    }

    /**
     * Options for the analysis. They share the password/NT hash (no copy); session keys are copied for them and
     * the temporary arrays wiped. Do not {@code destroy()} them: {@link #clear()} does.
     */
    public AnalysisOptions toOptions() {
        return switch (kind) {
            case PASSWORD, NT_HASH -> AnalysisOptions.withCredential(passwordOrNtHash, user, domain);
            case KEYTAB -> AnalysisOptions.withKeytab(keytab);
            case SESSION_KEYS -> {
                Map<Long, byte[]> raw = new LinkedHashMap<>();
                sessionKeys.forEach((id, k) -> raw.put(id, k.copyBytes()));
                try {
                    yield AnalysisOptions.withSessionKeys(raw);
                } finally {
                    raw.values().forEach(b -> java.util.Arrays.fill(b, (byte) 0));
                }
            }
        };
    }

    /** Wipes every secret held. */
    public void clear() {
        if (passwordOrNtHash != null) {
            passwordOrNtHash.clear();
        }
        sessionKeys.values().forEach(Secret::clear);
        if (keytab != null) {
            keytab.clear();
            keytabBytes.clear();
        }
    }

    /** "password for NEGSCOPE\\nsuser", "NT hash", "2 session key(s)": what the user gave, never the secret. */
    public String describe() {
        String who = user == null ? "" : " for " + (domain == null ? "" : domain + "\\") + user;
        return switch (kind) {
            case PASSWORD -> "password" + who;
            case NT_HASH -> "NT hash" + who;
            case SESSION_KEYS -> sessionKeys.size() + " session key(s)";
            case KEYTAB -> "keytab " + keytabName + " (" + keytab.entries().size() + " key(s))";
        };
    }

    @Override
    public String toString() {
        return "Credentials[" + describe() + "]";
    }
}
