package org.negscope.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SYNTHETIC ETL traces for what no real file shows (SMB2 inside an ETL, packets split into several
 * NDIS-PacketCapture 1001 fragments, buffers of two CPUs interleaved, compressed buffers), built from the layout in
 * docs/formats.md. The packets come from a real pcap (the committed Samba captures), so the ETL's analysis can be
 * compared with the pcap's. Never the only proof of the reader: the real traces in external-captures-3 are.
 */
final class SyntheticEtl {
    static final long START_FILETIME = 133_000_000_000_000_000L; // 2022-06-14, 100 ns units since 1601

    int bufferSize = 4096;       // small buffers: many buffers per CPU
    int cpus = 1;                // packets go to CPUs in turn
    int maxFragment = 1 << 20;   // a packet longer than this is split into several 1001 events
    boolean compress;            // every buffer after the first: MS-XCA plain LZ77, flag 0x40

    private final List<ByteArrayOutputStream> open = new ArrayList<>();
    private final ByteArrayOutputStream file = new ByteArrayOutputStream();
    private int packetIndex;

    /** One packet (an Ethernet frame) at {@code filetime}: one or more 1001 events on the CPU whose turn it is. */
    void packet(long filetime, byte[] frame, int off, int len) {
        int cpu = packetIndex++ % cpus;
        for (int done = 0; done < len || done == 0 && len == 0; ) {
            int n = Math.min(maxFragment, len - done);
            long kw = 0x200000000L; // receive
            if (done == 0) kw |= 0x40000000L;
            if (done + n == len) kw |= 0x80000000L;
            event(cpu, filetime, kw, frame, off + done, n);
            done += n;
            if (len == 0) break;
        }
    }

    /** One PktMon event 160 (34-byte header, then the frame) on {@code cpu}. */
    void pktmon(int cpu, long filetime, long group, int number, int appearance, int dir, int type, int component, byte[] frame) {
        int size = 80 + 34 + frame.length;
        ByteBuffer e = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        e.putShort((short) size).put((byte) 0x13).put((byte) 0xC0).putShort((short) 0).putShort((short) 0)
                .putInt(4).putInt(4).putLong(filetime);
        putGuid(e, "4d4f80d9-c8bd-4d73-bb5b-19c90402c5ac");
        e.putShort((short) 160).put((byte) 0).put((byte) 0x10).put((byte) 4).put((byte) 0).putShort((short) 0)
                .putLong(0).putLong(0).putLong(0).putLong(0);
        e.putLong(group).putShort((short) number).putShort((short) appearance).putShort((short) dir).putShort((short) type)
                .putShort((short) component).putShort((short) 1).putShort((short) 0).putInt(0).putInt(0)
                .putShort((short) frame.length).putShort((short) frame.length).put(frame);
        append(cpu, e.array());
    }

    private void event(int cpu, long time, long keywords, byte[] b, int off, int n) {
        int size = 80 + 12 + n;
        ByteBuffer e = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        e.putShort((short) size).put((byte) 0x13).put((byte) 0xC0).putShort((short) 0).putShort((short) 0)
                .putInt(4).putInt(4).putLong(time);
        putGuid(e, "2ed6006e-4729-4609-b423-3ee7bcd678ef");
        e.putShort((short) 1001).put((byte) 0).put((byte) 0x10).put((byte) 4).put((byte) 0).putShort((short) 0)
                .putLong(keywords).putLong(0).putLong(0).putLong(0);
        e.putInt(7).putInt(7).putInt(n).put(b, off, n);
        append(cpu, e.array());
    }

    private void append(int cpu, byte[] event) {
        while (open.size() <= cpu) open.add(new ByteArrayOutputStream());
        ByteArrayOutputStream buf = open.get(cpu);
        int aligned = (event.length + 7) & ~7;
        if (72 + buf.size() + aligned > bufferSize && buf.size() > 0) flush(cpu);
        buf.write(event, 0, event.length);
        buf.write(new byte[aligned - event.length], 0, aligned - event.length);
    }

    private void flush(int cpu) {
        ByteArrayOutputStream buf = open.get(cpu);
        if (buf.size() == 0) return;
        byte[] body = buf.toByteArray();
        buf.reset();
        int filled = 72 + body.length;
        byte[] onDisk = compress ? Lz77Encoder.encode(body) : body;
        int size = compress ? 72 + onDisk.length : Math.max(bufferSize, filled);
        ByteBuffer h = header(size, filled, cpu, compress ? 0x60 : 0x20, 0);
        file.writeBytes(h.array());
        file.writeBytes(onDisk);
        if (!compress) for (int i = filled; i < size; i++) file.write(0xFF); // unused space
    }

    private static ByteBuffer header(int bufferSize, int filled, int cpu, int flags, int type) {
        ByteBuffer h = ByteBuffer.allocate(72).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, bufferSize).putInt(4, filled).putInt(8, filled).putShort(0x28, (short) cpu).putInt(0x30, filled)
                .putShort(0x34, (short) flags).putShort(0x36, (short) type);
        return h;
    }

    /** The trace: header buffer (TRACE_LOGFILE_HEADER, system time clock), then the CPUs' buffers. */
    byte[] build() {
        for (int cpu = 0; cpu < open.size(); cpu++) flush(cpu);
        ByteBuffer lh = ByteBuffer.allocate(280 + 32).order(ByteOrder.LITTLE_ENDIAN);
        lh.putInt(0, bufferSize).putInt(4, 0x0002000A).putInt(8, 20348).putInt(12, cpus).putLong(16, 0)
                .putInt(24, 156250).putInt(28, 512).putInt(32, compress ? 0x04010001 : 0x1).putInt(44, 8).putInt(52, 2500)
                .putLong(256, 10_000_000L).putLong(264, START_FILETIME).putInt(272, 2);
        byte[] name = "SyntheticLogger\0".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        lh.position(280);
        lh.put(name);
        int eventSize = 32 + lh.capacity();
        ByteBuffer ev = ByteBuffer.allocate((eventSize + 7) & ~7).order(ByteOrder.LITTLE_ENDIAN);
        ev.putShort((short) 2).put((byte) 2).put((byte) 0xC0).putShort((short) eventSize).putShort((short) 0)
                .putInt(1).putInt(1).putLong(START_FILETIME).putInt(0).putInt(0).put(lh.array());
        int filled = 72 + ev.capacity();
        int size = Math.max(1024, filled);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(size, filled, 0, 0x01, 4).array());
        out.writeBytes(ev.array());
        for (int i = filled; i < size; i++) out.write(0xFF);
        out.writeBytes(file.toByteArray());
        return out.toByteArray();
    }

    private static void putGuid(ByteBuffer e, String text) {
        long[] g = EtlPackets.guidLongs(text);
        e.putLong(g[0]).putLong(g[1]);
    }

    /** The frames of a little-endian microsecond pcap, as ETL packets at their own times. */
    static SyntheticEtl fromPcap(Path pcap, SyntheticEtl etl) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xA1B2C3D4) throw new IOException("not a little-endian microsecond pcap: " + pcap);
        b.position(24);
        while (b.remaining() >= 16) {
            long sec = b.getInt() & 0xFFFFFFFFL, usec = b.getInt() & 0xFFFFFFFFL;
            int incl = b.getInt();
            b.getInt();
            long filetime = 116_444_736_000_000_000L + sec * 10_000_000L + usec * 10;
            etl.packet(filetime, b.array(), b.position(), incl);
            b.position(b.position() + incl);
        }
        return etl;
    }

    /**
     * A simple greedy MS-XCA plain LZ77 encoder (hash of 3 bytes, matches up to 8 KiB back, lengths of every
     * encoding form), so that compressed buffers in tests carry matches, literals and long lengths.
     */
    static final class Lz77Encoder {
        static byte[] encode(byte[] in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int[] head = new int[1 << 14];
            java.util.Arrays.fill(head, -1);
            int flagPos = -1, flagCount = 32, flags = 0;
            byte[] o = new byte[in.length * 2 + 64];
            int op = 0;
            int halfByte = -1;
            int i = 0;
            while (i < in.length) {
                if (flagCount == 32) {
                    if (flagPos >= 0) putInt(o, flagPos, flags);
                    flagPos = op; op += 4; flags = 0; flagCount = 0;
                }
                int bestLen = 0, bestOff = 0;
                if (i + 3 <= in.length) {
                    int h = ((in[i] & 0xFF) * 506832829 + (in[i + 1] & 0xFF) * 31 + (in[i + 2] & 0xFF)) >>> 18 & (head.length - 1);
                    int cand = head[h];
                    head[h] = i;
                    if (cand >= 0 && i - cand <= 8192) {
                        int l = 0;
                        while (i + l < in.length && in[cand + l] == in[i + l] && l < 70000) l++;
                        if (l >= 3) { bestLen = l; bestOff = i - cand; }
                    }
                }
                flagCount++;
                if (bestLen == 0) {
                    o[op++] = in[i++];
                    continue;
                }
                flags |= 1 << (32 - flagCount);
                int len = bestLen - 3;
                int token = (bestOff - 1) << 3 | Math.min(len, 7);
                o[op++] = (byte) token; o[op++] = (byte) (token >>> 8);
                if (len >= 7) {
                    int rest = len - 7;
                    int nibble = Math.min(rest, 15);
                    if (halfByte < 0) { halfByte = op; o[op++] = (byte) nibble; }
                    else { o[halfByte] |= (byte) (nibble << 4); halfByte = -1; }
                    if (rest >= 15) {
                        int r2 = rest - 15;
                        if (r2 < 255) o[op++] = (byte) r2;
                        else {
                            o[op++] = (byte) 255;
                            int total = rest + 7; // the 16/32-bit forms hold length - 3
                            if (total < 65536) { o[op++] = (byte) total; o[op++] = (byte) (total >>> 8); }
                            else { o[op++] = 0; o[op++] = 0; putInt(o, op, total); op += 4; }
                        }
                    }
                }
                i += bestLen;
            }
            if (flagPos >= 0) {
                // unused flag bits are 1: the decoder then sees a match token at the end of the input and stops
                flags |= (flagCount == 32 ? 0 : (1 << (32 - flagCount)) - 1);
                putInt(o, flagPos, flags);
            }
            out.write(o, 0, op);
            return out.toByteArray();
        }

        private static void putInt(byte[] b, int p, int v) {
            b[p] = (byte) v; b[p + 1] = (byte) (v >>> 8); b[p + 2] = (byte) (v >>> 16); b[p + 3] = (byte) (v >>> 24);
        }
    }
}
