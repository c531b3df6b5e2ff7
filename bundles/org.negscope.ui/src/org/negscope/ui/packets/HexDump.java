package org.negscope.ui.packets;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of the hex view and the mapping between its characters and the message's bytes, without SWT. Every
 * line has the same length: offset, two spaces, 16 bytes in hex (a gap after the eighth), a space, 16 ASCII
 * characters (dots for the unprintable), a newline — as Wireshark's bytes pane, so the columns line up in a
 * monospace font and a character offset maps to a byte by arithmetic alone.
 * <pre>
 * 0000  fe 53 4d 42 40 00 00 00  00 00 00 00 00 00 1f 00  .SMB@...........
 * </pre>
 */
final class HexDump {
    static final int PER_LINE = 16;
    /** 16 x "xx " plus the gap after the eighth byte. */
    private static final int HEX_WIDTH = PER_LINE * 3 + 1;

    private final int length;
    private final int offsetDigits;
    private final int lineLength;
    private final String text;

    HexDump(byte[] bytes) {
        this.length = bytes.length;
        this.offsetDigits = Math.max(4, Integer.toHexString(Math.max(0, length - 1)).length());
        this.lineLength = offsetDigits + 2 + HEX_WIDTH + 1 + PER_LINE + 1;
        int lines = (length + PER_LINE - 1) / PER_LINE;
        StringBuilder sb = new StringBuilder(lines * lineLength);
        char[] hex = "0123456789abcdef".toCharArray();
        for (int line = 0; line < lines; line++) {
            String off = Integer.toHexString(line * PER_LINE);
            sb.append("0".repeat(offsetDigits - off.length())).append(off).append("  ");
            for (int j = 0; j < PER_LINE; j++) {
                if (j == 8) {
                    sb.append(' ');
                }
                int i = line * PER_LINE + j;
                if (i < length) {
                    sb.append(hex[(bytes[i] >> 4) & 0xf]).append(hex[bytes[i] & 0xf]).append(' ');
                } else {
                    sb.append("   ");
                }
            }
            sb.append(' ');
            for (int j = 0; j < PER_LINE; j++) {
                int i = line * PER_LINE + j;
                int c = i < length ? bytes[i] & 0xff : ' ';
                sb.append(i < length && (c < 0x20 || c > 0x7e) ? '.' : (char) c);
            }
            sb.append('\n');
        }
        this.text = sb.toString();
    }

    String text() { return text; }
    int length() { return length; }
    int lineLength() { return lineLength; }

    /** Character offset of the two hex digits of byte {@code i}. */
    int hexOffset(int i) {
        int j = i % PER_LINE;
        return (i / PER_LINE) * lineLength + offsetDigits + 2 + j * 3 + (j >= 8 ? 1 : 0);
    }

    /** Character offset of the ASCII column of byte {@code i}. */
    int asciiOffset(int i) {
        return (i / PER_LINE) * lineLength + offsetDigits + 2 + HEX_WIDTH + 1 + i % PER_LINE;
    }

    /**
     * The byte shown at character {@code charOffset} (a hex digit, the space after it, or its ASCII character);
     * the gap after the eighth byte belongs to the ninth. -1 on the offset column, the line end, or past the data.
     */
    int byteAt(int charOffset) {
        if (charOffset < 0 || lineLength == 0) {
            return -1;
        }
        int line = charOffset / lineLength;
        int col = charOffset % lineLength - offsetDigits - 2;
        int j;
        if (col < 0) {
            return -1;
        } else if (col < HEX_WIDTH) {
            j = col < 24 ? col / 3 : Math.max(8, (col - 1) / 3);
        } else if (col > HEX_WIDTH && col <= HEX_WIDTH + PER_LINE) {
            j = col - HEX_WIDTH - 1;
            if (j >= PER_LINE) {
                return -1;
            }
        } else {
            return -1;
        }
        int i = line * PER_LINE + j;
        return i < length ? i : -1;
    }

    /** A run of characters to highlight. */
    record Span(int start, int length) {}

    /**
     * The character runs that show bytes [{@code offset}, {@code offset + count}) clipped to the data: per line one
     * run in the hex columns and one in the ASCII column.
     */
    List<Span> spans(int offset, int count) {
        List<Span> out = new ArrayList<>();
        int from = Math.max(0, offset);
        int to = (int) Math.min(length, (long) offset + Math.max(0, count));
        for (int start = from; start < to; ) {
            int lineEnd = Math.min(to, (start / PER_LINE + 1) * PER_LINE);
            int last = lineEnd - 1;
            out.add(new Span(hexOffset(start), hexOffset(last) + 2 - hexOffset(start)));
            out.add(new Span(asciiOffset(start), lineEnd - start));
            start = lineEnd;
        }
        return out;
    }
}
