package org.negscope.ui.credentials;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.equinox.security.storage.EncodingUtils;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.crypto.Secret;

/**
 * Remembered credentials, only ever in Eclipse secure storage (encrypted), never in plain preferences, logs or
 * files: a password or NT hash under {@code /org.negscope.ui/accounts/<domain\\user>} (reused for every capture of
 * that account), session keys under {@code /org.negscope.ui/captures/<SHA-256 of the capture file>} (they belong to
 * one capture), a keytab's file bytes under {@code /org.negscope.ui/keytabs/<file name>} (used for captures whose
 * sessions are not NTLM). Names (user, domain, kind, keytab file name) are stored in the clear: they are in the
 * capture or on the user's disk anyway. Every
 * temporary array holding a secret is wiped before returning.
 */
public final class CredentialStore {
    static final String ROOT = "org.negscope.ui";
    private static final String SECRET = "secret";
    private static final String KIND = "kind";
    private static final String USER = "user";
    private static final String DOMAIN = "domain";
    private static final String KEY_PREFIX = "sessionKey.";

    /** Tests point the store at a private secure-storage file; null means Eclipse's default storage. */
    private static volatile ISecurePreferences override;

    private CredentialStore() {}

    public static void useForTests(ISecurePreferences root) {
        override = root;
    }

    static ISecurePreferences root() {
        ISecurePreferences o = override;
        return o != null ? o : SecurePreferencesFactory.getDefault();
    }

    /** "NEGSCOPE\\nsuser" in lower case, encoded as one node name. */
    static String accountNode(String user, String domain) {
        String id = ((domain == null ? "" : domain) + "\\" + (user == null ? "" : user)).toLowerCase(Locale.ROOT);
        return ROOT + "/accounts/" + EncodingUtils.encodeSlashes(id);
    }

    static String captureNode(String fileHash) {
        return ROOT + "/captures/" + fileHash;
    }

    /** True when something is remembered for this account (reads no secret, so it never asks for the master password). */
    public static boolean hasAccount(String user, String domain) {
        ISecurePreferences root = root();
        return root != null && root.nodeExists(accountNode(user, domain));
    }

    /** True when session keys are remembered for any capture (so hashing the capture file is worth it). */
    public static boolean hasAnyCapture() {
        ISecurePreferences root = root();
        return root != null && root.nodeExists(ROOT + "/captures") && root.node(ROOT + "/captures").childrenNames().length > 0;
    }

    public static boolean hasCapture(String fileHash) {
        ISecurePreferences root = root();
        return root != null && root.nodeExists(captureNode(fileHash));
    }

    /** Remembers a password or NT hash for {@code user}/{@code domain} (the account it belongs to). */
    public static void rememberAccount(Credentials c, String user, String domain) throws StorageException, IOException {
        if (c.kind() == Credentials.Kind.SESSION_KEYS) {
            throw new IllegalArgumentException("session keys are remembered per capture");
        }
        ISecurePreferences root = root();
        ISecurePreferences node = root.node(accountNode(user, domain));
        byte[] secret = c.kind() == Credentials.Kind.PASSWORD ? utf8(c.passwordOrNtHash()) : c.passwordOrNtHash().copyBytes();
        try {
            node.put(KIND, c.kind().name(), false);
            node.put(USER, user == null ? "" : user, false);
            node.put(DOMAIN, domain == null ? "" : domain, false);
            node.putByteArray(SECRET, secret, true);
            requireEncrypted(node, SECRET);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        root.flush();
    }

    /**
     * Equinox secure storage (1.4.7) stores a value IN CLEAR TEXT when it gets no master password (the user cancels
     * the prompt, or no UI is running) and only logs it. Remembered credentials must never be written that way: the
     * node is dropped before anything is flushed, and the caller is told that nothing was remembered.
     */
    private static void requireEncrypted(ISecurePreferences node, String key) throws StorageException {
        if (!node.isEncrypted(key)) {
            node.removeNode();
            throw new StorageException(StorageException.NO_PASSWORD,
                    "the secure storage has no master password, so nothing was remembered");
        }
    }

    /** The remembered password / NT hash of this account, null when none. May ask for the master password. */
    public static Credentials recallAccount(String user, String domain) throws StorageException {
        ISecurePreferences root = root();
        if (root == null || !root.nodeExists(accountNode(user, domain))) {
            return null;
        }
        ISecurePreferences node = root.node(accountNode(user, domain));
        byte[] secret = node.getByteArray(SECRET, null);
        if (secret == null) {
            return null;
        }
        try {
            String u = node.get(USER, user);
            String d = node.get(DOMAIN, domain);
            if (Credentials.Kind.NT_HASH.name().equals(node.get(KIND, ""))) {
                return Credentials.ntHash(secret, u, d);
            }
            char[] password = chars(secret);
            try {
                return Credentials.password(password, u, d);
            } finally {
                Arrays.fill(password, '\0');
            }
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Remembers session keys for the capture whose SHA-256 is {@code fileHash}. */
    public static void rememberSessionKeys(Credentials c, String fileHash) throws StorageException, IOException {
        if (c.kind() != Credentials.Kind.SESSION_KEYS) {
            throw new IllegalArgumentException("only session keys are remembered per capture");
        }
        ISecurePreferences root = root();
        ISecurePreferences node = root.node(captureNode(fileHash));
        node.clear();
        for (Long id : c.sessionIds()) {
            byte[] key = c.sessionKey(id).copyBytes();
            try {
                node.putByteArray(KEY_PREFIX + Long.toHexString(id), key, true);
                requireEncrypted(node, KEY_PREFIX + Long.toHexString(id));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        root.flush();
    }

    /** The session keys remembered for this capture, null when none. May ask for the master password. */
    public static Credentials recallSessionKeys(String fileHash) throws StorageException {
        ISecurePreferences root = root();
        if (root == null || !root.nodeExists(captureNode(fileHash))) {
            return null;
        }
        ISecurePreferences node = root.node(captureNode(fileHash));
        Map<Long, byte[]> keys = new LinkedHashMap<>();
        try {
            for (String k : node.keys()) {
                if (k.startsWith(KEY_PREFIX)) {
                    byte[] key = node.getByteArray(k, null);
                    if (key != null) {
                        keys.put(Long.parseUnsignedLong(k.substring(KEY_PREFIX.length()), 16), key);
                    }
                }
            }
            return keys.isEmpty() ? null : Credentials.sessionKeys(keys);
        } finally {
            keys.values().forEach(b -> Arrays.fill(b, (byte) 0));
        }
    }

    static String keytabNode(String name) {
        return ROOT + "/keytabs/" + EncodingUtils.encodeSlashes(name);
    }

    /** True when a keytab is remembered (reads no secret). */
    public static boolean hasAnyKeytab() {
        ISecurePreferences root = root();
        return root != null && root.nodeExists(ROOT + "/keytabs") && root.node(ROOT + "/keytabs").childrenNames().length > 0;
    }

    /** Remembers a keytab's file bytes, encrypted, under its file name. */
    public static void rememberKeytab(Credentials c) throws StorageException, IOException {
        if (c.kind() != Credentials.Kind.KEYTAB) {
            throw new IllegalArgumentException("not a keytab");
        }
        ISecurePreferences root = root();
        ISecurePreferences node = root.node(keytabNode(c.keytabName()));
        byte[] b = c.keytabBytes().copyBytes();
        try {
            node.put(KIND, Credentials.Kind.KEYTAB.name(), false);
            node.putByteArray(SECRET, b, true);
            requireEncrypted(node, SECRET);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
        root.flush();
    }

    /** The first remembered keytab, null when none. May ask for the master password. */
    public static Credentials recallKeytab() throws StorageException {
        ISecurePreferences root = root();
        if (!hasAnyKeytab()) {
            return null;
        }
        for (String name : root.node(ROOT + "/keytabs").childrenNames()) {
            byte[] b = root.node(ROOT + "/keytabs/" + name).getByteArray(SECRET, null);
            if (b != null) {
                try {
                    return Credentials.keytab(b, EncodingUtils.decodeSlashes(name));
                } finally {
                    Arrays.fill(b, (byte) 0);
                }
            }
        }
        return null;
    }

    /** Forgets the keytab remembered under this file name. */
    static void forgetKeytab(String name) throws IOException {
        ISecurePreferences root = root();
        if (root.nodeExists(keytabNode(name))) {
            root.node(keytabNode(name)).removeNode();
            root.flush();
        }
    }

    /** Forgets what is remembered for this account. */
    public static void forgetAccount(String user, String domain) throws IOException {
        ISecurePreferences root = root();
        if (root.nodeExists(accountNode(user, domain))) {
            root.node(accountNode(user, domain)).removeNode();
            root.flush();
        }
    }

    /** Forgets the session keys remembered for a capture. */
    static void forgetCapture(String fileHash) throws IOException {
        ISecurePreferences root = root();
        if (root.nodeExists(captureNode(fileHash))) {
            root.node(captureNode(fileHash)).removeNode();
            root.flush();
        }
    }

    /** SHA-256 of the whole file, lower-case hex: names a capture's node independently of where the file lies. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java has SHA-256
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static byte[] utf8(Secret password) {
        char[] c = password.copyChars();
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(c));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            if (b.hasArray()) {
                Arrays.fill(b.array(), (byte) 0);
            }
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the password is not valid Unicode");
        } finally {
            Arrays.fill(c, '\0');
        }
    }

    private static char[] chars(byte[] utf8) {
        try {
            CharBuffer c = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8));
            char[] out = new char[c.remaining()];
            c.get(out);
            if (c.hasArray()) {
                Arrays.fill(c.array(), '\0');
            }
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("the remembered password is damaged");
        }
    }

    /** For session keys typed as "SessionId" text: hex with or without 0x, or "*" / empty for every session. */
    static long parseSessionId(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || t.equals("*")) {
            return AnalysisOptions.ANY_SESSION;
        }
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        return Long.parseUnsignedLong(t, 16);
    }
}
