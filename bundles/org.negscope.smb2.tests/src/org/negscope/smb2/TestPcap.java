package org.negscope.smb2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only reader: the TCP payload of every frame of a pcap/pcapng file (Ethernet, 802.1Q, IPv4/IPv6).
 * Just enough to get real SMB bytes out of the external captures without depending on the capture
 * bundle; no reassembly beyond ordering by sequence number.
 */
final class TestPcap {
    private TestPcap() {}

    record TcpFrame(int number, long timeNanos, String src, int srcPort, String dst, int dstPort, long seq,
            byte[] payload) {
        String direction() {
            return src + ":" + srcPort + ">" + dst + ":" + dstPort;
        }

        String connection() {
            String a = src + ":" + srcPort;
            String b = dst + ":" + dstPort;
            return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
        }
    }

    static List<TcpFrame> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        List<TcpFrame> out = new ArrayList<>();
        int magic = b.getInt(0);
        if (magic == 0x0A0D0D0A) {
            readPcapng(b, out);
        } else {
            readPcap(b, out);
        }
        return out;
    }

    private static void readPcap(ByteBuffer b, List<TcpFrame> out) {
        int m = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        boolean nanos;
        if (m == 0xa1b2c3d4 || m == 0xa1b23c4d) {
            nanos = m == 0xa1b23c4d;
        } else {
            b.order(ByteOrder.BIG_ENDIAN);
            nanos = b.getInt(0) == 0xa1b23c4d;
        }
        int pos = 24;
        int n = 0;
        while (pos + 16 <= b.limit()) {
            long sec = b.getInt(pos) & 0xffffffffL;
            long frac = b.getInt(pos + 4) & 0xffffffffL;
            int incl = b.getInt(pos + 8);
            n++;
            frame(b, pos + 16, incl, n, sec * 1_000_000_000L + (nanos ? frac : frac * 1000), out);
            pos += 16 + incl;
        }
    }

    private static void readPcapng(ByteBuffer b, List<TcpFrame> out) {
        int pos = 0;
        int n = 0;
        b.order(ByteOrder.LITTLE_ENDIAN);
        while (pos + 12 <= b.limit()) {
            int type = b.getInt(pos);
            if (type == 0x0A0D0D0A) {
                b.order(b.getInt(pos + 8) == 0x1A2B3C4D ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            }
            int len = b.getInt(pos + 4);
            if (type == 6) {
                long ts = (b.getInt(pos + 12) & 0xffffffffL) << 32 | (b.getInt(pos + 16) & 0xffffffffL);
                int incl = b.getInt(pos + 20);
                n++;
                frame(b, pos + 28, incl, n, ts * 1000, out); // default if_tsresol: microseconds
            } else if (type == 3) {
                int orig = b.getInt(pos + 8);
                n++;
                frame(b, pos + 12, Math.min(orig, len - 16), n, 0, out);
            }
            pos += len;
        }
    }

    private static void frame(ByteBuffer b, int off, int len, int number, long time, List<TcpFrame> out) {
        int end = off + len;
        int p = off + 12;
        int etherType = b.getShort(p) & 0xffff;
        if (b.order() == ByteOrder.LITTLE_ENDIAN) {
            etherType = Short.reverseBytes((short) etherType) & 0xffff;
        }
        p += 2;
        while (etherType == 0x8100) {
            etherType = be16(b, p + 2);
            p += 4;
        }
        String src;
        String dst;
        int proto;
        int ipEnd;
        if (etherType == 0x0800) {
            int ihl = (b.get(p) & 0x0f) * 4;
            int total = be16(b, p + 2);
            proto = b.get(p + 9) & 0xff;
            src = ip4(b, p + 12);
            dst = ip4(b, p + 16);
            ipEnd = total == 0 ? end : Math.min(end, p + total); // 0 = TSO segment, length not filled in
            p += ihl;
        } else if (etherType == 0x86DD) {
            int payloadLen = be16(b, p + 4);
            proto = b.get(p + 6) & 0xff;
            src = "[" + hex(b, p + 8, 16) + "]";
            dst = "[" + hex(b, p + 24, 16) + "]";
            p += 40;
            ipEnd = Math.min(end, p + payloadLen);
        } else {
            return;
        }
        if (proto != 6) {
            return;
        }
        int sport = be16(b, p);
        int dport = be16(b, p + 2);
        long seq = be32(b, p + 4);
        int hl = ((b.get(p + 12) & 0xff) >> 4) * 4;
        int start = p + hl;
        byte[] payload = new byte[Math.max(0, ipEnd - start)];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = b.get(start + i);
        }
        out.add(new TcpFrame(number, time, src, sport, dst, dport, seq, payload));
    }

    private static int be16(ByteBuffer b, int p) {
        return (b.get(p) & 0xff) << 8 | (b.get(p + 1) & 0xff);
    }

    private static long be32(ByteBuffer b, int p) {
        return (long) be16(b, p) << 16 | be16(b, p + 2);
    }

    private static String ip4(ByteBuffer b, int p) {
        return (b.get(p) & 0xff) + "." + (b.get(p + 1) & 0xff) + "." + (b.get(p + 2) & 0xff) + "." + (b.get(p + 3) & 0xff);
    }

    private static String hex(ByteBuffer b, int p, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", b.get(p + i)));
        }
        return sb.toString();
    }

    /** Frames with payload, grouped by direction ("a:p>b:q"), in capture order. */
    static Map<String, List<TcpFrame>> byDirection(List<TcpFrame> frames) {
        Map<String, List<TcpFrame>> m = new LinkedHashMap<>();
        for (TcpFrame f : frames) {
            if (f.payload().length > 0) {
                m.computeIfAbsent(f.direction(), k -> new ArrayList<>()).add(f);
            }
        }
        return m;
    }

    /** One decoder per direction; frames fed with stream offsets from their sequence numbers (retransmissions are ignored by the decoder). */
    static Collector decodeAll(Path file, int maxKept) throws IOException {
        Collector c = new Collector();
        for (Map.Entry<String, List<TcpFrame>> e : byDirection(read(file)).entrySet()) {
            Smb2StreamDecoder d = new Smb2StreamDecoder(c.forDirection(e.getKey()), maxKept);
            long isn = e.getValue().get(0).seq();
            for (TcpFrame f : e.getValue()) {
                long off = (f.seq() - isn) & 0xffffffffL;
                d.feed(ByteBuffer.wrap(f.payload()), off, f.number(), f.timeNanos());
            }
            c.rejected.put(e.getKey(), d.isRejected());
            c.smb.put(e.getKey(), d.isSmb());
        }
        return c;
    }

    static TcpFrame frame(List<TcpFrame> frames, int number) {
        for (TcpFrame f : frames) {
            if (f.number() == number) {
                return f;
            }
        }
        throw new IllegalArgumentException("no TCP frame " + number);
    }
}
