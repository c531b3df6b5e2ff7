package org.negscope.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An MIT keytab (the format `ktutil`, Windows `ktpass` and `samba-tool domain exportkeytab` write; layout in
 * docs/kerberos.md "Keytab"): the long-term keys of service principals, with which the tickets in a capture's
 * AP-REQs can be opened. Versions 0x0502 (big-endian, with name type) and 0x0501 (the writer's native byte order,
 * the realm counted among the components, no name type) are read.
 * <p>
 * Hostile input is expected: every count and length is checked against what is left of its entry and of the
 * file, and a damaged file is rejected with a {@link KeytabFormatException} naming the file and the byte offset.
 * The keys are {@link Secret}s; {@link #toString()} and {@link Entry#toString()} name principals, enctypes and
 * kvnos only. {@link #clear()} overwrites every key.
 */
public final class Keytab implements AutoCloseable {
    /** The largest keytab accepted (a keytab holds a few keys per principal; a real one is kilobytes). */
    public static final int MAX_BYTES = 1 << 20;
    /** More components than any real principal has (cifs/host is two). */
    static final int MAX_COMPONENTS = 16;
    /** The longest key of any enctype is 32 bytes; a little room for unknown ones. */
    static final int MAX_KEY = 64;

    /** One key: principal (components joined by '/', then '@' realm), kvno, enctype (RFC 3961 number). */
    public record Entry(String principal, int kvno, int enctype, Secret key) {
        /** The principal without the realm. */
        public String name() {
            int at = principal.lastIndexOf('@');
            return at < 0 ? principal : principal.substring(0, at);
        }

        /** "DC1$@R aes256-cts-hmac-sha1-96 kvno 1": what a message may say about the entry (no key bytes). */
        public String describe() {
            return principal + " " + KerberosCrypto.enctypeName(enctype) + " kvno " + kvno;
        }

        @Override public String toString() {
            return "Keytab.Entry[" + describe() + "]";
        }
    }

    private final String name;
    private final List<Entry> entries;

    private Keytab(String name, List<Entry> entries) {
        this.name = name;
        this.entries = Collections.unmodifiableList(entries);
    }

    /** The file name the keytab was read from (for messages). */
    public String name() { return name; }

    public List<Entry> entries() { return entries; }

    /** Several keytabs as one (the analysis tries every key of every file). The entries are shared, not copied. */
    public static Keytab union(String name, List<Keytab> keytabs) {
        List<Entry> all = new ArrayList<>();
        for (Keytab k : keytabs) {
            all.addAll(k.entries);
        }
        return new Keytab(name, all);
    }

    /**
     * Parses a keytab read into memory. {@code name} is used in error messages only. The bytes are not kept (the
     * keys are copied into Secrets); the caller should overwrite its array after the call.
     */
    public static Keytab parse(byte[] data, String name) {
        if (data.length > MAX_BYTES) {
            throw new KeytabFormatException(name, 0, "is " + data.length + " bytes; a keytab is at most " + MAX_BYTES);
        }
        if (data.length < 2) {
            throw new KeytabFormatException(name, 0, "is too short for a keytab (" + data.length + " bytes)");
        }
        if ((data[0] & 0xff) != 5 || (data[1] != 1 && data[1] != 2)) {
            throw new KeytabFormatException(name, 0, String.format(
                    "is not an MIT keytab: version 0x%02x%02x (0x0501 or 0x0502 expected)", data[0] & 0xff, data[1] & 0xff));
        }
        if (data[1] == 2) {
            return new Keytab(name, new Reader(data, name, true, false).entries());
        }
        // Version 1: the writer's native byte order, unknown to the reader. Big-endian first, then little-endian.
        try {
            return new Keytab(name, new Reader(data, name, true, true).entries());
        } catch (KeytabFormatException bigEndian) {
            try {
                return new Keytab(name, new Reader(data, name, false, true).entries());
            } catch (KeytabFormatException littleEndian) {
                throw bigEndian;
            }
        }
    }

    /** Overwrites every key. */
    public void clear() {
        for (Entry e : entries) {
            e.key().clear();
        }
    }

    @Override public void close() { clear(); }

    /** "DC1$@R aes256-cts-hmac-sha1-96 kvno 1, …" — principals, enctypes, kvnos; never key bytes. */
    public String describe() {
        if (entries.isEmpty()) {
            return "no keys";
        }
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.describe());
        }
        return sb.toString();
    }

    @Override public String toString() {
        return "Keytab[" + name + ": " + entries.size() + " key(s)]";
    }

    /** The entry walk; {@code pos} is always the offset the next error names. */
    private static final class Reader {
        final byte[] b;
        final String name;
        final boolean bigEndian;
        final boolean v1;
        int pos = 2;

        Reader(byte[] b, String name, boolean bigEndian, boolean v1) {
            this.b = b;
            this.name = name;
            this.bigEndian = bigEndian;
            this.v1 = v1;
        }

        List<Entry> entries() {
            List<Entry> out = new ArrayList<>();
            try {
                while (pos < b.length) {
                    int at = pos;
                    if (b.length - pos < 4) {
                        throw fail(at, "ends inside an entry's size field (" + (b.length - pos) + " bytes left)");
                    }
                    int size = (int) peek32(pos);
                    pos += 4;
                    if (size == 0) {
                        // MIT writes a zero size only at the end (space reserved); nothing follows a zero entry.
                        break;
                    }
                    long abs = Math.abs((long) size);
                    if (abs > b.length - pos) {
                        throw fail(at, "entry of " + abs + " bytes, but only " + (b.length - pos) + " bytes follow (truncated?)");
                    }
                    if (size < 0) {
                        pos += (int) abs; // a hole: a deleted entry, skipped (MIT format)
                        continue;
                    }
                    int end = pos + size;
                    out.add(entry(end));
                    pos = end;
                }
            } catch (KeytabFormatException e) {
                out.forEach(x -> x.key().clear());
                throw e;
            }
            return out;
        }

        private Entry entry(int end) {
            int count = next16(end);
            if (v1) {
                count--; // version 1 counts the realm among the components
            }
            if (count < 0 || count > MAX_COMPONENTS) {
                throw fail(pos - 2, "principal with " + count + " components (at most " + MAX_COMPONENTS + ")");
            }
            String realm = string(end, "realm");
            StringBuilder principal = new StringBuilder();
            for (int i = 0; i < count; i++) {
                principal.append(i == 0 ? "" : "/").append(string(end, "principal component"));
            }
            principal.append('@').append(realm);
            if (!v1) {
                next32(end); // name type
            }
            next32(end); // timestamp
            int kvno = next8(end);
            int enctype = next16(end);
            int keyAt = pos;
            int keyLength = next16(end);
            if (keyLength > MAX_KEY) {
                throw fail(keyAt, "key of " + keyLength + " bytes (at most " + MAX_KEY + ")");
            }
            need(keyLength, end, "key");
            byte[] key = java.util.Arrays.copyOfRange(b, pos, pos + keyLength);
            pos += keyLength;
            if (end - pos >= 4) {
                long kvno32 = next32(end); // the 32-bit kvno that follows the key when the 8-bit one overflowed
                if (kvno32 != 0) {
                    kvno = (int) kvno32;
                }
            }
            Secret s = Secret.bytes(key);
            java.util.Arrays.fill(key, (byte) 0);
            return new Entry(principal.toString(), kvno, enctype, s);
        }

        private String string(int end, String what) {
            int at = pos;
            int n = next16(end);
            if (n > end - pos) {
                throw fail(at, what + " of " + n + " bytes, but the entry has " + (end - pos) + " bytes left");
            }
            String s = new String(b, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        private void need(int n, int end, String what) {
            if (n > end - pos) {
                throw fail(pos, "entry ends inside its " + what + " (" + n + " bytes needed, " + (end - pos) + " left)");
            }
        }

        private int next8(int end) {
            need(1, end, "kvno");
            return b[pos++] & 0xff;
        }

        private int next16(int end) {
            need(2, end, "fields");
            int v = bigEndian ? (b[pos] & 0xff) << 8 | (b[pos + 1] & 0xff) : (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8;
            pos += 2;
            return v;
        }

        private long next32(int end) {
            need(4, end, "fields");
            long v = peek32(pos);
            pos += 4;
            return v;
        }

        /** A 4-byte value at {@code p}, sign-extended (the entry size is signed). */
        private long peek32(int p) {
            int v = bigEndian
                    ? (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff)
                    : (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
            return v;
        }

        private KeytabFormatException fail(int offset, String message) {
            return new KeytabFormatException(name, offset, message);
        }
    }
}
