import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes SYNTHETIC frames as an uncompressed ETL trace the way {@code netsh trace start capture=yes} does: 512 KiB
 * buffers of one CPU, each packet one NDIS-PacketCapture event 1001 (first and last fragment, receive, Ethernet),
 * a header buffer with TRACE_LOGFILE_HEADER whose clock is system time (ReservedFlags 2). The layout is the one
 * NegScope's reader relies on (docs/formats.md, "ETL"). Used by SynthCapture's {@code --format etl} for the
 * benchmark; plain Java, no dependencies, no allocation per packet.
 */
final class EtlWriter {
    /** Where the bytes go (SynthCapture's buffered output). */
    interface Sink { void put(byte[] b, int off, int len) throws IOException; }

    static final int BUFFER = 512 << 10, HEADER = 72, EVENT_HEADER = 80, NDIS_HEADER = 12;
    static final long FILETIME_1970 = 116_444_736_000_000_000L;
    private static final byte[] NDIS_GUID = guid("2ed6006e-4729-4609-b423-3ee7bcd678ef");
    private static final long KEYWORDS = 0x40000000L | 0x80000000L | 0x200000000L; // first + last fragment, receive

    private final Sink sink;
    private final byte[] buffer = new byte[BUFFER];
    private final ByteBuffer bb = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
    private int used = HEADER;
    private long sequence;

    EtlWriter(Sink sink) { this.sink = sink; }

    /** The header buffer; {@code startNanos} is the trace's start time (nanoseconds since 1970). */
    void begin(long startNanos) throws IOException {
        long start = FILETIME_1970 + startNanos / 100;
        byte[] h = new byte[1024];
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        int log = HEADER + 32, name = log + 280;
        byte[] logger = "NetTrace\0".getBytes(StandardCharsets.UTF_16LE);
        int eventSize = 32 + 280 + logger.length;
        int filled = HEADER + ((eventSize + 7) & ~7);
        bufferHeader(b, h.length, filled, 0x01, 4);
        b.putShort(HEADER, (short) 2).put(HEADER + 2, (byte) 2).put(HEADER + 3, (byte) 0xC0)
                .putShort(HEADER + 4, (short) eventSize).putLong(HEADER + 16, start);
        b.putInt(log, BUFFER).putInt(log + 4, 0x0002000A).putInt(log + 8, 19044).putInt(log + 12, 1)
                .putInt(log + 24, 156250).putInt(log + 28, 0).putInt(log + 32, 0x1).putInt(log + 44, 8).putInt(log + 52, 2500)
                .putLong(log + 256, 10_000_000L).putLong(log + 264, start).putInt(log + 272, 2);
        System.arraycopy(logger, 0, h, name, logger.length);
        for (int i = filled; i < h.length; i++) h[i] = (byte) 0xFF;
        sink.put(h, 0, h.length);
    }

    /** One Ethernet frame at {@code timeNanos}. */
    void packet(long timeNanos, byte[] frame, int len) throws IOException {
        int size = EVENT_HEADER + NDIS_HEADER + len;
        int aligned = (size + 7) & ~7;
        if (used + aligned > BUFFER) flushBuffer();
        int p = used;
        java.util.Arrays.fill(buffer, p, p + aligned, (byte) 0);
        bb.putShort(p, (short) size).put(p + 2, (byte) 0x13).put(p + 3, (byte) 0xC0)
                .putInt(p + 8, 4).putInt(p + 12, 4).putLong(p + 16, FILETIME_1970 + timeNanos / 100);
        System.arraycopy(NDIS_GUID, 0, buffer, p + 0x18, 16);
        bb.putShort(p + 0x28, (short) 1001).put(p + 0x2B, (byte) 0x10).put(p + 0x2C, (byte) 4).putLong(p + 0x30, KEYWORDS);
        bb.putInt(p + 80, 7).putInt(p + 84, 7).putInt(p + 88, len);
        System.arraycopy(frame, 0, buffer, p + 92, len);
        used += aligned;
    }

    /** Writes the last, partly filled buffer. */
    void end() throws IOException {
        if (used > HEADER) flushBuffer();
    }

    private void flushBuffer() throws IOException {
        bufferHeader(bb, BUFFER, used, 0x20, 0);
        bb.putLong(0x18, sequence++);
        java.util.Arrays.fill(buffer, used, BUFFER, (byte) 0xFF);
        sink.put(buffer, 0, BUFFER);
        used = HEADER;
    }

    private static void bufferHeader(ByteBuffer b, int size, int filled, int flags, int type) {
        for (int i = 0; i < HEADER; i++) b.put(i, (byte) 0);
        b.putInt(0, size).putInt(4, filled).putInt(8, filled).putShort(0x28, (short) 0).putInt(0x30, filled)
                .putShort(0x34, (short) flags).putShort(0x36, (short) type);
    }

    private static byte[] guid(String text) {
        String h = text.replace("-", "");
        byte[] g = new byte[16];
        long d1 = Long.parseLong(h.substring(0, 8), 16);
        int d2 = Integer.parseInt(h.substring(8, 12), 16), d3 = Integer.parseInt(h.substring(12, 16), 16);
        for (int i = 0; i < 4; i++) g[i] = (byte) (d1 >>> (8 * i));
        g[4] = (byte) d2; g[5] = (byte) (d2 >>> 8); g[6] = (byte) d3; g[7] = (byte) (d3 >>> 8);
        for (int i = 0; i < 8; i++) g[8 + i] = (byte) Integer.parseInt(h.substring(16 + 2 * i, 18 + 2 * i), 16);
        return g;
    }
}
