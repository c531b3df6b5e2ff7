package org.negscope.smb2;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One AV_PAIR (MS-NLMP 2.2.2.1) of a CHALLENGE TargetInfo or an NTLMv2 response: AvId (2), AvLen (2), Value. */
public record AvPair(int id, byte[] value) {
    public static final int MSV_AV_EOL = 0;
    public static final int MSV_AV_NB_COMPUTER_NAME = 1;
    public static final int MSV_AV_NB_DOMAIN_NAME = 2;
    public static final int MSV_AV_DNS_COMPUTER_NAME = 3;
    public static final int MSV_AV_DNS_DOMAIN_NAME = 4;
    public static final int MSV_AV_DNS_TREE_NAME = 5;
    public static final int MSV_AV_FLAGS = 6;
    public static final int MSV_AV_TIMESTAMP = 7;
    public static final int MSV_AV_SINGLE_HOST = 8;
    public static final int MSV_AV_TARGET_NAME = 9;
    public static final int MSV_AV_CHANNEL_BINDINGS = 10;

    public AvPair {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public static String name(int id) {
        return switch (id) {
            case MSV_AV_EOL -> "MsvAvEOL";
            case MSV_AV_NB_COMPUTER_NAME -> "MsvAvNbComputerName";
            case MSV_AV_NB_DOMAIN_NAME -> "MsvAvNbDomainName";
            case MSV_AV_DNS_COMPUTER_NAME -> "MsvAvDnsComputerName";
            case MSV_AV_DNS_DOMAIN_NAME -> "MsvAvDnsDomainName";
            case MSV_AV_DNS_TREE_NAME -> "MsvAvDnsTreeName";
            case MSV_AV_FLAGS -> "MsvAvFlags";
            case MSV_AV_TIMESTAMP -> "MsvAvTimestamp";
            case MSV_AV_SINGLE_HOST -> "MsvAvSingleHost";
            case MSV_AV_TARGET_NAME -> "MsvAvTargetName";
            case MSV_AV_CHANNEL_BINDINGS -> "MsvAvChannelBindings";
            default -> String.format("0x%04x", id);
        };
    }

    public String name() {
        return name(id);
    }

    /** The value as text for the name-carrying ids (UTF-16LE), else null. */
    public String text() {
        return switch (id) {
            case 1, 2, 3, 4, 5, 9 -> new String(value, 0, value.length & ~1, StandardCharsets.UTF_16LE);
            default -> null;
        };
    }

    /** MsvAvTimestamp as an instant, else null. */
    public Instant timestamp() {
        return id == MSV_AV_TIMESTAMP && value.length == 8 ? FileTime.toInstant(MessageReader.le64(value, 0)) : null;
    }

    /** MsvAvFlags (0x2 = the AUTHENTICATE message carries a MIC), else -1. */
    public long flags() {
        return id == MSV_AV_FLAGS && value.length == 4 ? MessageReader.le32(value, 0) : -1;
    }

    String display() {
        String t = text();
        if (t != null) {
            return "\"" + t + "\"";
        }
        if (id == MSV_AV_TIMESTAMP && value.length == 8) {
            return FileTime.show(MessageReader.le64(value, 0));
        }
        if (id == MSV_AV_FLAGS && value.length == 4) {
            long f = flags();
            return String.format("0x%08x", f) + ((f & 2) != 0 ? " (MIC present)" : "");
        }
        return value.length == 0 ? "" : MessageReader.hex(value, 32);
    }

    /** Reads AV pairs from [off, end) up to MsvAvEOL (or the end). Bounded: each pair takes at least 4 bytes. */
    static List<AvPair> readList(MessageReader r, int off, int end, String listName) {
        List<AvPair> out = new ArrayList<>();
        r.open(listName, off, "");
        int p = off;
        while (p + 4 <= end) {
            int id = MessageReader.le16(r.b, p);
            int len = MessageReader.le16(r.b, p + 2);
            if (p + 4 + len > end) {
                throw r.error(listName + "." + name(id) + ".AvLen",
                        len + " at offset 0x" + Integer.toHexString(p + 2) + " runs past the end of the " + listName);
            }
            byte[] v = Arrays.copyOfRange(r.b, p + 4, p + 4 + len);
            AvPair a = new AvPair(id, v);
            out.add(a);
            if (r.recording()) {
                // Only the packet-detail tree shows the value: the analysis decodes a CHALLENGE on every connection and
                // would otherwise format each MsvAvTimestamp as an ISO instant for nothing.
                r.field(a.name(), p, 4 + len, a.display());
            }
            p += 4 + len;
            if (id == MSV_AV_EOL) {
                break;
            }
        }
        r.close(p);
        return out;
    }

    static void writeList(LeWriter w, List<AvPair> pairs) {
        boolean eol = false;
        for (AvPair a : pairs) {
            w.u16(a.id).u16(a.value.length).bytes(a.value);
            eol = a.id == MSV_AV_EOL;
        }
        if (!eol) {
            w.u16(MSV_AV_EOL).u16(0);
        }
    }

    public static AvPair text(int id, String s) {
        return new AvPair(id, s.getBytes(StandardCharsets.UTF_16LE));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvPair a && id == a.id && Arrays.equals(value, a.value);
    }

    @Override
    public int hashCode() {
        return id * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return name() + "=" + display();
    }
}
