package org.negscope.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.crypto.Keytab;
import org.negscope.crypto.KeytabFormatException;
import org.negscope.crypto.Secret;

/**
 * Reads the credential files of the command line. Secrets go from the file's bytes into char/byte
 * arrays that are wiped after use; no String ever holds them, and error messages name the file, the
 * line and the problem, never the content.
 */
final class SecretFiles {
    private SecretFiles() {}

    /** A secret file larger than this is certainly not a password or a key list. */
    static final long MAX_SIZE = 64 * 1024;

    /** Problem with a credential file; the message is the one stderr line (file and reason, no content). */
    static final class SecretFileException extends Exception {
        private static final long serialVersionUID = 1L;
        SecretFileException(String message) { super(message); }
    }

    static AnalysisOptions read(Arguments a) throws SecretFileException {
        Keytab keytab = keytabs(a.keytabs());
        AnalysisOptions o;
        try {
            o = switch (a.secretKind()) {
                case NONE -> keytab != null ? AnalysisOptions.withKeytab(keytab) : AnalysisOptions.none();
                case PASSWORD -> password(a.secretFile(), a.user(), a.domain());
                case NT_HASH -> ntHash(a.secretFile(), a.user(), a.domain());
                case SESSION_KEY -> sessionKeys(a.secretFile());
            };
        } catch (SecretFileException | RuntimeException e) {
            if (keytab != null) {
                keytab.clear();
            }
            throw e;
        }
        return a.secretKind() == Arguments.SecretKind.NONE ? o : o.plusKeytab(keytab);
    }

    /** A keytab is binary and larger than a password file: up to {@link Keytab#MAX_BYTES}. */
    static final long MAX_KEYTAB_SIZE = Keytab.MAX_BYTES;

    /** Every --keytab file, parsed (bad ones: file and byte offset), as one keytab; null when none was given. */
    static Keytab keytabs(List<Path> files) throws SecretFileException {
        if (files.isEmpty()) {
            return null;
        }
        List<Keytab> read = new ArrayList<>();
        try {
            for (Path f : files) {
                byte[] b = bytes(f, "the keytab", MAX_KEYTAB_SIZE);
                try {
                    read.add(Keytab.parse(b, f.toString()));
                } catch (KeytabFormatException e) {
                    throw new SecretFileException(e.getMessage());
                } finally {
                    Arrays.fill(b, (byte) 0);
                }
            }
        } catch (SecretFileException e) {
            read.forEach(Keytab::clear);
            throw e;
        }
        return read.size() == 1 ? read.get(0) : Keytab.union(String.join(", ", files.stream().map(Path::toString).toList()), read);
    }

    private static byte[] bytes(Path f, String what) throws SecretFileException {
        return bytes(f, what, MAX_SIZE);
    }

    private static byte[] bytes(Path f, String what, long max) throws SecretFileException {
        try {
            if (Files.isDirectory(f)) {
                throw new SecretFileException(f + ": " + what + " is a directory, not a file");
            }
            long size = Files.size(f);
            if (size > max) {
                throw new SecretFileException(f + ": " + what + " is " + size + " bytes, more than " + max);
            }
            return Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            throw new SecretFileException(f + ": " + what + " does not exist");
        } catch (AccessDeniedException e) {
            throw new SecretFileException(f + ": " + what + " cannot be read (permission denied)");
        } catch (IOException e) {
            throw new SecretFileException(f + ": " + what + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** UTF-8 bytes to chars without a String; the byte array is wiped. */
    private static char[] chars(byte[] b, Path f, String what) throws SecretFileException {
        CharBuffer cb = null;
        try {
            cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            char[] out = new char[cb.remaining()];
            cb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new SecretFileException(f + ": " + what + " is not UTF-8 text");
        } finally {
            Arrays.fill(b, (byte) 0);
            if (cb != null && cb.hasArray()) {
                Arrays.fill(cb.array(), '\0');
            }
        }
    }

    /** The password is the first line of the file, without its line break. */
    static AnalysisOptions password(Path f, String user, String domain) throws SecretFileException {
        char[] all = chars(bytes(f, "the password file"), f, "the password file");
        try {
            int end = 0;
            while (end < all.length && all[end] != '\n' && all[end] != '\r') {
                end++;
            }
            if (end == 0) {
                throw new SecretFileException(f + ": the password file is empty (its first line holds the password)");
            }
            char[] pw = Arrays.copyOf(all, end);
            try {
                return AnalysisOptions.withPassword(pw, user, domain);
            } finally {
                Arrays.fill(pw, '\0');
            }
        } finally {
            Arrays.fill(all, '\0');
        }
    }

    static AnalysisOptions ntHash(Path f, String user, String domain) throws SecretFileException {
        char[] all = chars(bytes(f, "the NT hash file"), f, "the NT hash file");
        try (Secret hash = Secret.fromHex(CharBuffer.wrap(all))) {
            if (hash.length() != 16) {
                throw new SecretFileException(f + ": the NT hash file holds " + hash.length() + " bytes, an NT hash has 16 (32 hex digits)");
            }
            byte[] raw = hash.copyBytes();
            try {
                return AnalysisOptions.withNtHash(raw, user, domain);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        } catch (IllegalArgumentException e) {
            // Secret.fromHex names positions, never characters.
            throw new SecretFileException(f + ": the NT hash file is not hex: " + e.getMessage());
        } finally {
            Arrays.fill(all, '\0');
        }
    }

    /**
     * One key per line: {@code [SESSIONID] HEXKEY}; SessionId decimal or 0x-hex (as Wireshark shows it);
     * a line with only a key applies to every session. Blank lines and lines starting with '#' are skipped.
     */
    static AnalysisOptions sessionKeys(Path f) throws SecretFileException {
        char[] all = chars(bytes(f, "the session key file"), f, "the session key file");
        Map<Long, byte[]> keys = new HashMap<>();
        try {
            int line = 0;
            int p = 0;
            while (p < all.length) {
                int end = p;
                while (end < all.length && all[end] != '\n') {
                    end++;
                }
                line++;
                parseKeyLine(all, p, end, line, f, keys);
                p = end + 1;
            }
            if (keys.isEmpty()) {
                throw new SecretFileException(f + ": the session key file holds no key");
            }
            return AnalysisOptions.withSessionKeys(keys);
        } finally {
            Arrays.fill(all, '\0');
            keys.values().forEach(k -> Arrays.fill(k, (byte) 0));
        }
    }

    private static void parseKeyLine(char[] c, int from, int to, int line, Path f, Map<Long, byte[]> keys)
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
        long sessionId = AnalysisOptions.ANY_SESSION;
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
                throw new SecretFileException(f + ", line " + line + ": the key has " + k.length() + " bytes, a session key has at least 16");
            }
            keys.put(sessionId, k.copyBytes());
        } catch (IllegalArgumentException ex) {
            throw new SecretFileException(f + ", line " + line + ": the key is not hex: " + ex.getMessage());
        }
    }
}
