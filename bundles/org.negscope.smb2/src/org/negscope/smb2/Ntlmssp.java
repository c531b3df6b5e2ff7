package org.negscope.smb2;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * NTLMSSP messages (MS-NLMP 2.2.1): common header (Signature "NTLMSSP\0", MessageType), NegotiateFlags
 * names, and the payload-field helper (Len, MaxLen, BufferOffset — offsets relative to the start of the
 * NTLMSSP message). Decoded messages: {@link NtlmNegotiate}, {@link NtlmChallenge}, {@link NtlmAuthenticate}.
 */
public final class Ntlmssp {
    private Ntlmssp() {}

    public static final int NEGOTIATE = 1;
    public static final int CHALLENGE = 2;
    public static final int AUTHENTICATE = 3;

    public static final int NEGOTIATE_UNICODE = 0x00000001;
    public static final int NEGOTIATE_OEM = 0x00000002;
    public static final int REQUEST_TARGET = 0x00000004;
    public static final int NEGOTIATE_SIGN = 0x00000010;
    public static final int NEGOTIATE_SEAL = 0x00000020;
    public static final int NEGOTIATE_DATAGRAM = 0x00000040;
    public static final int NEGOTIATE_LM_KEY = 0x00000080;
    public static final int NEGOTIATE_NTLM = 0x00000200;
    public static final int ANONYMOUS = 0x00000800;
    public static final int NEGOTIATE_OEM_DOMAIN_SUPPLIED = 0x00001000;
    public static final int NEGOTIATE_OEM_WORKSTATION_SUPPLIED = 0x00002000;
    public static final int NEGOTIATE_ALWAYS_SIGN = 0x00008000;
    public static final int TARGET_TYPE_DOMAIN = 0x00010000;
    public static final int TARGET_TYPE_SERVER = 0x00020000;
    public static final int NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000;
    public static final int NEGOTIATE_IDENTIFY = 0x00100000;
    public static final int REQUEST_NON_NT_SESSION_KEY = 0x00400000;
    public static final int NEGOTIATE_TARGET_INFO = 0x00800000;
    public static final int NEGOTIATE_VERSION = 0x02000000;
    public static final int NEGOTIATE_128 = 0x20000000;
    public static final int NEGOTIATE_KEY_EXCH = 0x40000000;
    public static final int NEGOTIATE_56 = 0x80000000;

    private static final String[] FLAG_NAMES = {"NEGOTIATE_UNICODE", "NEGOTIATE_OEM", "REQUEST_TARGET", null,
            "NEGOTIATE_SIGN", "NEGOTIATE_SEAL", "NEGOTIATE_DATAGRAM", "NEGOTIATE_LM_KEY", null, "NEGOTIATE_NTLM", null,
            "ANONYMOUS", "NEGOTIATE_OEM_DOMAIN_SUPPLIED", "NEGOTIATE_OEM_WORKSTATION_SUPPLIED", null,
            "NEGOTIATE_ALWAYS_SIGN", "TARGET_TYPE_DOMAIN", "TARGET_TYPE_SERVER", null,
            "NEGOTIATE_EXTENDED_SESSIONSECURITY", "NEGOTIATE_IDENTIFY", null, "REQUEST_NON_NT_SESSION_KEY",
            "NEGOTIATE_TARGET_INFO", null, "NEGOTIATE_VERSION", null, null, null, "NEGOTIATE_128",
            "NEGOTIATE_KEY_EXCH", "NEGOTIATE_56"};

    /** Typical client flags (what Windows 10 sends in NEGOTIATE, minus OEM/identify). */
    public static final int DEFAULT_CLIENT_FLAGS = NEGOTIATE_UNICODE | REQUEST_TARGET | NEGOTIATE_SIGN
            | NEGOTIATE_NTLM | NEGOTIATE_ALWAYS_SIGN | NEGOTIATE_EXTENDED_SESSIONSECURITY | NEGOTIATE_TARGET_INFO
            | NEGOTIATE_VERSION | NEGOTIATE_128 | NEGOTIATE_KEY_EXCH | NEGOTIATE_56;

    public static List<String> flagNames(int flags) {
        return Flags.names(flags & 0xffffffffL, FLAG_NAMES);
    }

    public static String describeFlags(int flags) {
        return Flags.describe(flags & 0xffffffffL, 8, FLAG_NAMES);
    }

    /** MessageType of an NTLMSSP token, or -1 when it does not start with "NTLMSSP\0". */
    public static int messageType(byte[] token) {
        if (!Spnego.isNtlmssp(token, 0, token.length) || token.length < 12) {
            return -1;
        }
        return (int) MessageReader.le32(token, 8);
    }

    /** Decodes a whole NTLMSSP message. */
    public static NtlmMessage decode(byte[] token) {
        return read(new MessageReader("NTLMSSP", token, 0, token.length, token.length, "NTLMSSP message", false), 0);
    }

    /** Decodes the NTLMSSP message in {@code b[off, off+len)} (e.g. inside a SecurityBuffer). */
    public static NtlmMessage decode(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new Smb2FormatException("NTLMSSP message at offset " + off + " (" + len + " bytes) lies outside the "
                    + b.length + "-byte buffer");
        }
        return read(new MessageReader("NTLMSSP", b, off, off + len, len,
                "NTLMSSP message at offset 0x" + Integer.toHexString(off), false), off);
    }

    /** Field tree of a standalone NTLMSSP message (offsets relative to its start). */
    public static Field describe(byte[] token) {
        MessageReader r = new MessageReader("NTLMSSP", token, 0, token.length, token.length, "NTLMSSP message", true);
        read(r, 0);
        return r.tree().children().get(0);
    }

    static NtlmMessage read(MessageReader r, int base) {
        r.need(base, 12, "MessageType");
        if (!Spnego.isNtlmssp(r.b, base, r.end - base)) {
            throw r.error("Signature", "at offset 0x" + Integer.toHexString(base) + " is not \"NTLMSSP\\0\"");
        }
        int type = (int) MessageReader.le32(r.b, base + 8);
        String name = switch (type) {
            case NEGOTIATE -> "NTLMSSP NEGOTIATE_MESSAGE";
            case CHALLENGE -> "NTLMSSP CHALLENGE_MESSAGE";
            case AUTHENTICATE -> "NTLMSSP AUTHENTICATE_MESSAGE";
            default -> throw r.error("MessageType", type + " at offset 0x" + Integer.toHexString(base + 8)
                    + " is not 1 (NEGOTIATE), 2 (CHALLENGE) or 3 (AUTHENTICATE)");
        };
        String subType = type == NEGOTIATE ? "NTLMSSP NEGOTIATE" : type == CHALLENGE ? "NTLMSSP CHALLENGE" : "NTLMSSP AUTHENTICATE";
        MessageReader m = r.sub(subType, base, r.end,
                r.end - base + "-byte NTLMSSP message at offset 0x" + Integer.toHexString(base));
        m.open(name, base, "");
        m.field("Signature", base, 8, "NTLMSSP");
        m.u32(base + 8, "MessageType", MessageReader.DEC);
        NtlmMessage msg = switch (type) {
            case NEGOTIATE -> NtlmNegotiate.read(m, base);
            case CHALLENGE -> NtlmChallenge.read(m, base);
            default -> NtlmAuthenticate.read(m, base);
        };
        m.close(r.end);
        return msg;
    }

    static void describeInto(MessageReader r, int off, int len) {
        int mark = r.mark();
        try {
            read(r.sub("NTLMSSP", off, off + len, len + "-byte NTLMSSP message at offset 0x" + Integer.toHexString(off)), off);
        } catch (Smb2FormatException e) {
            r.reset(mark, off + len);
            r.field("(malformed NTLMSSP)", off, len, e.getMessage());
        }
    }

    /**
     * Reads a Len/MaxLen/BufferOffset triple at {@code at}; returns {absolute offset, length} of the
     * payload after checking it lies inside the message. Zero length is accepted with any offset.
     */
    static int[] payloadField(MessageReader r, int base, int at, String name) {
        r.open(name + "Fields", at, "");
        int len = r.u16(at, name + "Len", MessageReader.DEC);
        r.u16(at + 2, name + "MaxLen", MessageReader.DEC);
        long off = r.u32(at + 4, name + "BufferOffset");
        r.close(at + 8);
        if (len > 0) {
            r.pointer(name + "BufferOffset", base + off, name + "Len", len);
        }
        return new int[] {(int) (base + off), len};
    }

    static String string(MessageReader r, int[] f, boolean unicode, String name) {
        if (f[1] == 0) {
            return "";
        }
        if (unicode) {
            return r.utf16(f[0], f[1], name);
        }
        r.need(f[0], f[1], name);
        String s = new String(r.b, f[0], f[1], StandardCharsets.ISO_8859_1);
        r.field(name, f[0], f[1], "\"" + s + "\"");
        return s;
    }

    /** Smallest offset of a non-empty payload (where the fixed part must end), or {@code fallback}. */
    static int minPayload(int fallback, int[]... fields) {
        int min = fallback;
        for (int[] f : fields) {
            if (f[1] > 0 && f[0] < min) {
                min = f[0];
            }
        }
        return min;
    }

    static byte[] encodeString(String s, boolean unicode) {
        return s == null || s.isEmpty() ? new byte[0]
                : s.getBytes(unicode ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
    }

    /** Helper for encoders: fixed part with placeholder field triples, payloads appended and patched. */
    static final class Builder {
        final LeWriter w = new LeWriter(256);

        Builder(int type) {
            w.bytes(Spnego.NTLMSSP_SIGNATURE).u32(type);
        }

        int placeholder() {
            int at = w.position();
            w.zeros(8);
            return at;
        }

        /** Empty payloads point at where the payload would begin (MS-NLMP 2.2.1.2/2.2.1.3). */
        void payload(int fieldAt, byte[] data) {
            int off = w.position();
            w.put16(fieldAt, data.length);
            w.put16(fieldAt + 2, data.length);
            w.put32(fieldAt + 4, off);
            w.bytes(data);
        }

        void payloadOrZero(int fieldAt, byte[] data) {
            if (data.length > 0) {
                payload(fieldAt, data);
            }
        }
    }
}
