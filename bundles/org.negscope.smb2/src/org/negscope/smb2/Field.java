package org.negscope.smb2;

import java.util.List;

/**
 * One node of the packet-detail tree: an MS-SMB2 (or MS-NLMP, SPNEGO) field, where it lies in the
 * message and how to show it. {@code offset} is relative to the start of the SMB2 message (its
 * ProtocolId byte, i.e. {@link Smb2Message#bytes()} index 0), so a UI can highlight the same bytes in
 * its hex view. {@code length} may reach past the kept bytes of a truncated message.
 */
public record Field(String name, int offset, int length, String value, List<Field> children) {
    public Field {
        children = children == null ? List.of() : List.copyOf(children);
    }

    public Field(String name, int offset, int length, String value) {
        this(name, offset, length, value, List.of());
    }

    /** First direct or indirect child with this name (depth first), or null. */
    public Field find(String childName) {
        for (Field c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
            Field f = c.find(childName);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** Indented multi-line text, one field per line: handy for tests, logs and the CLI. */
    public String toTreeString() {
        StringBuilder sb = new StringBuilder();
        append(sb, 0);
        return sb.toString();
    }

    private void append(StringBuilder sb, int depth) {
        sb.append("  ".repeat(depth)).append(name);
        if (value != null && !value.isEmpty()) {
            sb.append(": ").append(value);
        }
        sb.append("  [").append(offset).append('+').append(length).append("]\n");
        for (Field c : children) {
            c.append(sb, depth + 1);
        }
    }
}
