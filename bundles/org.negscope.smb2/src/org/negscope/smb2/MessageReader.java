package org.negscope.smb2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * Bounded little-endian reader over a region [{@code start}, {@code end}) of a byte array. Every read
 * is checked against the region, so a hostile offset, length or count surfaces as an
 * {@link Smb2FormatException} naming structure, field and offset — never as an IndexOutOfBounds, and
 * never as an allocation larger than the region.
 * <p>
 * Offsets passed in and shown in errors are absolute indices into the array, which for SMB2 bodies is
 * the offset from the SMB2 ProtocolId: the same numbers Wireshark shows relative to the SMB2 header.
 * <p>
 * Optionally records each field read into a tree ({@link Field}) for the packet-detail view: the
 * decoders use one code path for decoding and describing, so offsets in the tree cannot drift from
 * what is decoded.
 */
final class MessageReader {
    static final LongFunction<String> DEC = Long::toString;
    static final LongFunction<String> HEX2 = v -> String.format("0x%02x", v);
    static final LongFunction<String> HEX4 = v -> String.format("0x%04x", v);
    static final LongFunction<String> HEX8 = v -> String.format("0x%08x", v);
    static final LongFunction<String> HEX16 = v -> String.format("0x%016x", v);

    final byte[] b;
    final int start;
    final int end;
    final String type;
    /** Full size of the message when {@code b} holds only its first bytes (truncated), else {@code end - start}. */
    private final long fullLength;
    private final String container;
    private final List<Node> stack;

    /** Reader over a whole SMB2 message as kept by the stream decoder. */
    static MessageReader of(String type, Smb2Message m, boolean record) {
        byte[] bytes = m.bytesInternal();
        return new MessageReader(type, bytes, 0, bytes.length, m.length(), null, record);
    }

    MessageReader(String type, byte[] b, int start, int end, long fullLength, String container, boolean record) {
        if (start < 0 || end > b.length || start > end) {
            throw new IllegalArgumentException("region " + start + ".." + end + " outside array of " + b.length);
        }
        this.b = b;
        this.start = start;
        this.end = end;
        this.type = type;
        this.fullLength = fullLength;
        this.container = container;
        this.stack = record ? new ArrayList<>() : null;
        if (record) {
            stack.add(new Node(type, start, end - start, ""));
        }
    }

    /** A reader for a sub-structure (e.g. an NTLMSSP token inside a SecurityBuffer), recording into the same tree. */
    MessageReader sub(String subType, int subStart, int subEnd, String subContainer) {
        need(subStart, (long) subEnd - subStart, subType);
        return new MessageReader(subType, b, subStart, subEnd, subContainer, stack);
    }

    private MessageReader(String type, byte[] b, int start, int end, String container, List<Node> sharedStack) {
        this.b = b;
        this.start = start;
        this.end = end;
        this.type = type;
        this.fullLength = end - start;
        this.container = container;
        this.stack = sharedStack;
    }

    boolean recording() {
        return stack != null;
    }

    int size() {
        return end - start;
    }

    String where() {
        if (container != null) {
            return "the " + (end - start) + "-byte " + container;
        }
        if (fullLength > end - start) {
            return "the " + (end - start) + " kept bytes of the truncated " + fullLength + "-byte message";
        }
        return "the " + (end - start) + "-byte message";
    }

    Smb2FormatException error(String field, String problem) {
        return new Smb2FormatException(type + "." + field + " " + problem);
    }

    /** Checks that {@code len} bytes at absolute {@code off} lie inside the region. */
    void need(int off, long len, String field) {
        if (off < start || len < 0 || off + len > end) {
            throw error(field, "at offset 0x" + Integer.toHexString(off) + " (" + len + " byte" + (len == 1 ? "" : "s")
                    + ") lies past the end of " + where());
        }
    }

    /**
     * Checks an Offset/Length pair (offset absolute). Zero length is always acceptable (MS-SMB2 lets
     * senders put any offset there).
     */
    void pointer(String offField, long off, String lenField, long len) {
        if (len == 0) {
            return;
        }
        if (off < start || off >= end) {
            throw error(offField, String.format("0x%x points past the end of %s", off, where()));
        }
        if (len < 0 || off + len > end) {
            throw error(lenField, String.format("%d at %s 0x%x runs past the end of %s", len, offField, off, where()));
        }
    }

    /** Checks that {@code count} elements of {@code elemSize} bytes at {@code off} fit; the check runs before any allocation. */
    void array(int off, long count, int elemSize, String field) {
        if (count < 0 || off < start || off + count * elemSize > end) {
            throw error(field, String.format("count %d (%d bytes at offset 0x%x) runs past the end of %s", count,
                    count * elemSize, off, where()));
        }
    }

    int u8(int off, String name) {
        return u8(off, name, DEC);
    }

    int u8(int off, String name, LongFunction<String> show) {
        need(off, 1, name);
        int v = b[off] & 0xff;
        add(name, off, 1, show, v);
        return v;
    }

    int u16(int off, String name) {
        return u16(off, name, HEX4);
    }

    int u16(int off, String name, LongFunction<String> show) {
        need(off, 2, name);
        int v = le16(b, off);
        add(name, off, 2, show, v);
        return v;
    }

    long u32(int off, String name) {
        return u32(off, name, HEX8);
    }

    long u32(int off, String name, LongFunction<String> show) {
        need(off, 4, name);
        long v = le32(b, off);
        add(name, off, 4, show, v);
        return v;
    }

    long u64(int off, String name) {
        return u64(off, name, HEX16);
    }

    long u64(int off, String name, LongFunction<String> show) {
        need(off, 8, name);
        long v = le64(b, off);
        add(name, off, 8, show, v);
        return v;
    }

    byte[] bytes(int off, int len, String name) {
        need(off, len, name);
        byte[] v = new byte[len];
        System.arraycopy(b, off, v, 0, len);
        if (stack != null) {
            field(name, off, len, hex(v, 32));
        }
        return v;
    }

    /** Bytes that must not be shown (keys, responses): recorded with their length only. */
    byte[] secretBytes(int off, int len, String name) {
        need(off, len, name);
        byte[] v = new byte[len];
        System.arraycopy(b, off, v, 0, len);
        if (stack != null) {
            field(name, off, len, len + " bytes");
        }
        return v;
    }

    UUID guid(int off, String name) {
        need(off, 16, name);
        UUID v = Guids.fromLittleEndian(b, off);
        if (stack != null) {
            field(name, off, 16, v.toString());
        }
        return v;
    }

    String utf16(int off, int len, String name) {
        need(off, len, name);
        String v = new String(b, off, len & ~1, StandardCharsets.UTF_16LE);
        if (stack != null) {
            field(name, off, len, "\"" + v + "\"");
        }
        return v;
    }

    /** Records a field whose value the caller computed. */
    void field(String name, int off, int len, String value) {
        if (stack != null) {
            stack.get(stack.size() - 1).children.add(new Node(name, off, len, value));
        }
    }

    private void add(String name, int off, int len, LongFunction<String> show, long v) {
        if (stack != null) {
            field(name, off, len, show.apply(v));
        }
    }

    /** Starts a group node; fields recorded until {@link #close} become its children. */
    void open(String name, int off, String value) {
        if (stack != null) {
            Node n = new Node(name, off, 0, value);
            stack.get(stack.size() - 1).children.add(n);
            stack.add(n);
        }
    }

    void close(int endOff) {
        if (stack != null && stack.size() > 1) {
            Node n = stack.remove(stack.size() - 1);
            n.len = Math.max(0, endOff - n.off);
        }
    }

    /** Depth of open groups, to {@link #reset} to after a sub-structure failed half-way. */
    int mark() {
        return stack == null ? 0 : stack.size();
    }

    /** Closes groups opened since {@code mark}, each ending at {@code endOff}. */
    void reset(int mark, int endOff) {
        while (stack != null && stack.size() > Math.max(1, mark)) {
            close(endOff);
        }
    }

    /** Sets the value shown on the innermost open group (or on the root). */
    void value(String value) {
        if (stack != null) {
            stack.get(stack.size() - 1).value = value;
        }
    }

    /** Appends an already built tree (e.g. the header's) under the innermost open group. */
    void attach(Field f) {
        if (stack != null && f != null) {
            stack.get(stack.size() - 1).children.add(Node.from(f));
        }
    }

    Field tree() {
        if (stack == null) {
            return null;
        }
        return stack.get(0).toField();
    }

    Field tree(String rootName, String rootValue) {
        if (stack == null) {
            return null;
        }
        Node root = stack.get(0);
        root.name = rootName;
        root.value = rootValue;
        return root.toField();
    }

    static int le16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    static long le32(byte[] b, int off) {
        return (le16(b, off) | (long) le16(b, off + 2) << 16) & 0xffffffffL;
    }

    static long le64(byte[] b, int off) {
        return le32(b, off) | le32(b, off + 4) << 32;
    }

    static String hex(byte[] v, int max) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(v.length, max);
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", v[i] & 0xff));
        }
        if (v.length > max) {
            sb.append("… (").append(v.length).append(" bytes)");
        }
        return sb.toString();
    }

    private static final class Node {
        String name;
        final int off;
        int len;
        String value;
        final List<Node> children = new ArrayList<>();
        final Field frozen;

        Node(String name, int off, int len, String value) {
            this.name = name;
            this.off = off;
            this.len = len;
            this.value = value;
            this.frozen = null;
        }

        private Node(Field f) {
            this.name = f.name();
            this.off = f.offset();
            this.len = f.length();
            this.value = f.value();
            this.frozen = f;
        }

        static Node from(Field f) {
            return new Node(f);
        }

        Field toField() {
            if (frozen != null) {
                return frozen;
            }
            List<Field> cs = new ArrayList<>(children.size());
            for (Node c : children) {
                cs.add(c.toField());
            }
            return new Field(name, off, len, value, cs);
        }
    }
}
