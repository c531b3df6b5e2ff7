import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Writes Ethernet frames as a Network Monitor 2.3 capture file (SYNTHETIC: the layout docs/netmon.md describes and
 * NegScope's reader reads; Wireshark reads these files too): a 72-byte header, each frame as a 16-byte record header
 * (microseconds since the capture start, length on the wire, bytes kept), the frame, and the 2.3 trailer (media type
 * 1 = Ethernet, process index, the frame's UTC FILETIME, time-zone index), then the frame table (one u32 file
 * offset per frame) at the end, whose place the header names (written last). Offsets are u32: a file stays under
 * 4 GiB. The frame table is collected in memory (4 bytes per frame).
 */
public final class NetmonWriter {
    static final int HEADER = 72, RECORD_HEADER = 16, TRAILER = 15;
    private static final long FILETIME_EPOCH = 116_444_736_000_000_000L;

    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(8 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private int[] table = new int[1 << 16];
    private int frames;
    private long written;
    private long start = -1;

    public NetmonWriter(FileChannel ch) {
        this.ch = ch;
    }

    /** Bytes written so far (header included). */
    public long written() { return written; }

    public void begin() throws IOException {
        put(new byte[HEADER], HEADER); // the real header is written by finish(), when the frame table's place is known
    }

    /** One Ethernet frame {@code f[0..len)} captured at {@code timeNanos} (epoch). */
    public void record(long timeNanos, byte[] f, int len) throws IOException {
        if (start < 0) start = timeNanos / 1_000_000 * 1_000_000; // the header's SYSTEMTIME has milliseconds
        if (written + RECORD_HEADER + len + TRAILER > 0xFFFF_FFFFL) throw new IOException("a NetMon file ends at 4 GiB");
        if (frames == table.length) table = java.util.Arrays.copyOf(table, frames * 2);
        table[frames++] = (int) written;
        ensure(RECORD_HEADER + len + TRAILER);
        buf.putLong((timeNanos - start) / 1000).putInt(len).putInt(len);
        buf.put(f, 0, len);
        buf.putShort((short) 1).putInt(-1).putLong(FILETIME_EPOCH + timeNanos / 100).put((byte) 0xFF);
        written += RECORD_HEADER + len + TRAILER;
    }

    /** Writes the frame table and the header. */
    public void finish() throws IOException {
        long tableOffset = written;
        for (int i = 0; i < frames; i++) {
            ensure(4);
            buf.putInt(table[i]);
            written += 4;
        }
        drain();
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        ZonedDateTime t = Instant.ofEpochSecond(0, Math.max(0, start)).atZone(ZoneOffset.UTC);
        h.put((byte) 'G').put((byte) 'M').put((byte) 'B').put((byte) 'U').put((byte) 3).put((byte) 2).putShort((short) 1);
        h.putShort((short) t.getYear()).putShort((short) t.getMonthValue()).putShort((short) (t.getDayOfWeek().getValue() % 7))
                .putShort((short) t.getDayOfMonth()).putShort((short) t.getHour()).putShort((short) t.getMinute())
                .putShort((short) t.getSecond()).putShort((short) (t.getNano() / 1_000_000));
        h.putInt((int) tableOffset).putInt(4 * frames); // frame table; user data, comments, statistics... none
        h.rewind();
        for (long at = 0; h.hasRemaining(); ) at += ch.write(h, at);
    }

    private void ensure(int n) throws IOException {
        if (buf.remaining() < n) drain();
    }

    private void put(byte[] a, int len) throws IOException {
        ensure(len);
        buf.put(a, 0, len);
        written += len;
    }

    private void drain() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) ch.write(buf);
        buf.clear();
    }
}
