package org.negscope.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one reader of secret files (password, NT hash, session keys, keytab) for every front end: the CLI's
 * {@code analyze}/{@code compare} and the probe. One rule set per {@link Kind}: the file must exist, be a regular
 * file, not be empty and not exceed the kind's size cap (a password or key list is small; a keytab holds a few
 * keys per principal).
 * <p>
 * Secrets go from the file's bytes into char/byte arrays that the caller uses and then wipes; every intermediate
 * buffer here is wiped, no String ever holds a secret, and error messages name the file, the line and the problem,
 * never the content.
 */
public final class SecretFile {
    private SecretFile() {}

    /** The SessionId of a session-key line that has none: the key applies to every session. */
    public static final long ANY_SESSION = -1L;

    /** What a file holds, with its name in messages and its size cap. */
    public enum Kind {
        /** The first line is the password. */
        PASSWORD("the password file", 4 * 1024),
        /** 32 hex digits (whitespace and a 0x prefix ignored). */
        NT_HASH("the NT hash file", 4 * 1024),
        /** One key per line, {@code [SESSIONID] HEXKEY}: a capture can hold many sessions. */
        SESSION_KEYS("the session key file", 64 * 1024),
        /** An MIT keytab (binary); Kerberos services have a few keys per principal. */
        KEYTAB("the keytab", 1024 * 1024);

        private final String what;
        private final long maxBytes;

        Kind(String what, long maxBytes) {
            this.what = what;
            this.maxBytes = maxBytes;
        }

        /** How messages name a file of this kind, e.g. "the password file". */
        public String what() { return what; }

        /** The largest file of this kind that is accepted. */
        public long maxBytes() { return maxBytes; }
    }

    /** A secret file that cannot be used; the message is one line: the file and the reason, never the content. */
    public static final class SecretFileException extends IOException {
        private static final long serialVersionUID = 1L;
        public SecretFileException(String message) { super(message); }
    }

    /**
     * The file's bytes after the kind's checks (exists, not a directory, not empty, within the cap). The caller
     * wipes the array after use.
     */
    public static byte[] read(Path f, Kind kind) throws SecretFileException {
        String what = kind.what;
        try {
            if (Files.isDirectory(f)) {
                throw new SecretFileException(f + ": " + what + " is a directory, not a file");
            }
            long size = Files.size(f);
            if (size > kind.maxBytes) {
                throw new SecretFileException(f + ": " + what + " is " + size + " bytes, more than " + kind.maxBytes);
            }
            byte[] b = Files.readAllBytes(f);
            if (b.length == 0) {
                throw new SecretFileException(f + ": " + what + " is empty");
            }
            if (b.length > kind.maxBytes) { // grew between the two calls
                Arrays.fill(b, (byte) 0);
                throw new SecretFileException(f + ": " + what + " is " + b.length + " bytes, more than " + kind.maxBytes);
            }
            return b;
        } catch (NoSuchFileException e) {
            throw new SecretFileException(f + ": " + what + " does not exist");
        } catch (AccessDeniedException e) {
            throw new SecretFileException(f + ": " + what + " cannot be read (permission denied)");
        } catch (SecretFileException e) {
            throw e;
        } catch (IOException e) {
            throw new SecretFileException(f + ": " + what + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The file as UTF-8 text, without a String; every intermediate buffer is wiped. */
    public static char[] text(Path f, Kind kind) throws SecretFileException {
        byte[] b = read(f, kind);
        CharBuffer cb = null;
        try {
            cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            char[] out = new char[cb.remaining()];
            cb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new SecretFileException(f + ": " + kind.what + " is not UTF-8 text");
        } finally {
            Arrays.fill(b, (byte) 0);
            if (cb != null && cb.hasArray()) {
                Arrays.fill(cb.array(), '\0');
            }
        }
    }

    /** The password: the first line of the file, without its line break; never empty. */
    public static char[] password(Path f) throws SecretFileException {
        char[] all = text(f, Kind.PASSWORD);
        try {
            int end = 0;
            while (end < all.length && all[end] != '\n' && all[end] != '\r') {
                end++;
            }
            if (end == 0) {
                throw new SecretFileException(f + ": the password file is empty (its first line holds the password)");
            }
            return Arrays.copyOf(all, end);
        } finally {
            Arrays.fill(all, '\0');
        }
    }

    /** The 16 bytes of an NT hash given as 32 hex digits (whitespace and a 0x prefix ignored). */
    public static byte[] ntHash(Path f) throws SecretFileException {
        char[] all = text(f, Kind.NT_HASH);
        try (Secret hash = Secret.fromHex(CharBuffer.wrap(all))) {
            if (hash.length() != 16) {
                throw new SecretFileException(f + ": the NT hash file holds " + hash.length()
                        + " bytes, an NT hash has 16 (32 hex digits)");
            }
            return hash.copyBytes();
        } catch (IllegalArgumentException e) {
            // Secret.fromHex names positions, never characters.
            throw new SecretFileException(f + ": the NT hash file is not hex: " + e.getMessage());
        } finally {
            Arrays.fill(all, '\0');
        }
    }

    /**
     * Session keys, one per line: {@code [SESSIONID] HEXKEY}; SessionId decimal or 0x-hex (as Wireshark shows it), a
     * line with only a key applies to every session ({@link #ANY_SESSION}). Blank lines and lines starting with '#'
     * are skipped. The caller wipes the returned keys.
     */
    public static Map<Long, byte[]> sessionKeys(Path f) throws SecretFileException {
        char[] all = text(f, Kind.SESSION_KEYS);
        Map<Long, byte[]> keys = new LinkedHashMap<>();
        boolean ok = false;
        try {
            int line = 0;
            int p = 0;
            while (p < all.length) {
                int end = p;
                while (end < all.length && all[end] != '\n') {
                    end++;
                }
                line++;
                keyLine(all, p, end, line, f, keys);
                p = end + 1;
            }
            if (keys.isEmpty()) {
                throw new SecretFileException(f + ": the session key file holds no key");
            }
            ok = true;
            return keys;
        } finally {
            Arrays.fill(all, '\0');
            if (!ok) {
                wipe(keys);
            }
        }
    }

    /** The keytab's bytes (parsed by the Kerberos code); the caller wipes them. */
    public static byte[] keytab(Path f) throws SecretFileException {
        return read(f, Kind.KEYTAB);
    }

    /** Overwrites every key of a map {@link #sessionKeys} returned. */
    public static void wipe(Map<Long, byte[]> keys) {
        keys.values().forEach(k -> Arrays.fill(k, (byte) 0));
    }

    private static void keyLine(char[] c, int from, int to, int line, Path f, Map<Long, byte[]> keys)
            throws SecretFileException {
        int s = from;
        while (s < to && Character.isWhitespace(c[s])) {
            s++;
        }
        int e = to;
        while (e > s && Character.isWhitespace(c[e - 1])) {
            e--;
        }
        if (s == e || c[s] == '#') {
            return;
        }
        int split = s;
        while (split < e && !Character.isWhitespace(c[split])) {
            split++;
        }
        long sessionId = ANY_SESSION;
        int keyFrom = s;
        if (split < e) {
            // The SessionId is not secret, so it may become a String.
            String id = new String(c, s, split - s);
            try {
                sessionId = id.startsWith("0x") || id.startsWith("0X") ? Long.parseUnsignedLong(id.substring(2), 16)
                        : Long.parseUnsignedLong(id);
            } catch (NumberFormatException ex) {
                throw new SecretFileException(f + ", line " + line + ": the SessionId is not a decimal or 0x-hex number");
            }
            keyFrom = split;
        }
        try (Secret k = Secret.fromHex(CharBuffer.wrap(c, keyFrom, e - keyFrom))) {
            if (k.length() < 16) {
                throw new SecretFileException(f + ", line " + line + ": the key has " + k.length()
                        + " bytes, a session key has at least 16");
            }
            byte[] old = keys.put(sessionId, k.copyBytes());
            if (old != null) {
                Arrays.fill(old, (byte) 0);
            }
        } catch (IllegalArgumentException ex) {
            throw new SecretFileException(f + ", line " + line + ": the key is not hex: " + ex.getMessage());
        }
    }
}
