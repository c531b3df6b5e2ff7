package org.negscope.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The pcapng blocks NegScope writes (little-endian, one section, one interface, nanosecond timestamps): the probe's
 * saved exchange and the live capture's ring files. Readers are {@link CaptureReader}, Wireshark and tshark.
 */
public final class PcapngBlocks {
    private static final int SECTION_HEADER = 0x0A0D0D0A, INTERFACE_DESCRIPTION = 0x00000001, ENHANCED_PACKET = 0x00000006;
    private static final int OPT_END = 0, OPT_COMMENT = 1, SHB_USERAPPL = 4, IF_TSRESOL = 9;

    private PcapngBlocks() {}

    /** Section header block naming the writing {@code application}, with an optional {@code comment} (may be null). */
    public static byte[] sectionHeader(String application, String comment) {
        byte[] app = application.getBytes(StandardCharsets.UTF_8);
        byte[] c = comment == null ? null : comment.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = block(SECTION_HEADER, 16 + (c == null ? 0 : option(c.length)) + option(app.length) + 4);
        b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L); // byte-order magic, 1.0, length unknown
        if (c != null) {
            putOption(b, OPT_COMMENT, c);
        }
        putOption(b, SHB_USERAPPL, app);
        b.putInt(OPT_END);
        return finish(b);
    }

    /** Interface description block of interface 0: {@code linkType} (LINKTYPE_*), snap length (0 = none), if_tsresol 9. */
    public static byte[] interfaceDescription(int linkType, int snaplen) {
        ByteBuffer b = block(INTERFACE_DESCRIPTION, 8 + option(1) + 4);
        b.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
        putOption(b, IF_TSRESOL, new byte[] {9}); // nanoseconds
        b.putInt(OPT_END);
        return finish(b);
    }

    /** Length of the enhanced packet block {@link #writeEnhancedPacket} writes for these arguments. */
    public static int enhancedPacketLength(int caplen, String comment) {
        return 12 + 20 + pad(caplen) + commentOptions(comment == null ? null : comment.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes an enhanced packet block for interface 0: {@code data[off .. off+caplen)} is written as it is (never
     * copied: live capture writes every frame), {@code origLen} is the length on the wire; {@code comment} may be null.
     * Returns the block's length.
     */
    public static int writeEnhancedPacket(OutputStream out, long timeNanos, byte[] data, int off, int caplen, long origLen,
            String comment) throws IOException {
        byte[] c = comment == null ? null : comment.getBytes(StandardCharsets.UTF_8);
        int total = 12 + 20 + pad(caplen) + commentOptions(c);
        ByteBuffer head = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(ENHANCED_PACKET).putInt(total).putInt(0).putInt((int) (timeNanos >>> 32)).putInt((int) timeNanos)
                .putInt(caplen).putInt((int) Math.min(0xFFFF_FFFFL, Math.max(origLen, caplen)));
        out.write(head.array());
        out.write(data, off, caplen);
        ByteBuffer tail = ByteBuffer.allocate(pad(caplen) - caplen + commentOptions(c) + 4).order(ByteOrder.LITTLE_ENDIAN);
        tail.position(pad(caplen) - caplen);
        if (c != null) {
            putOption(tail, OPT_COMMENT, c);
            tail.putInt(OPT_END);
        }
        tail.putInt(total);
        out.write(tail.array());
        return total;
    }

    private static int commentOptions(byte[] c) {
        return c == null ? 0 : option(c.length) + 4;
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    private static int option(int valueLength) {
        return 4 + pad(valueLength);
    }

    private static void putOption(ByteBuffer b, int code, byte[] value) {
        b.putShort((short) code).putShort((short) value.length).put(value);
        b.position(b.position() + pad(value.length) - value.length);
    }

    private static ByteBuffer block(int type, int bodyLength) {
        ByteBuffer b = ByteBuffer.allocate(12 + bodyLength).order(ByteOrder.LITTLE_ENDIAN);
        return b.putInt(type).putInt(12 + bodyLength);
    }

    private static byte[] finish(ByteBuffer b) {
        return b.putInt(b.capacity()).array();
    }
}
