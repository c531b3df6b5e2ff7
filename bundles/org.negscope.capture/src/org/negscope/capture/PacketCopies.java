package org.negscope.capture;

/**
 * Recognises the copies pktmon logs of one packet when nothing in the record links them: pktmon's pcapng
 * (section application "Packet Monitor") and the PktMon events of Windows builds that log every component's
 * copy with Appearance 0 and a PktGroupId of its own (docs/formats.md, "pktmon duplicates"). A copy has the
 * same IP bytes as a packet seen within the last millisecond — the link layer may differ (802.11 at the
 * adapter, Ethernet above it) and so may the checksums (offload fills them late), so the comparison is on
 * the IP packet's declared length and its first {@link #PREFIX} bytes without the checksum fields; a
 * different IP identification or TCP sequence number (a retransmission, a segment of a large send) makes a
 * different packet. Frames without IP are compared whole. Bounded: the last {@link #RING} packets.
 */
final class PacketCopies {
    static final int PREFIX = 96, RING = 64;
    static final long WINDOW_NANOS = 1_000_000L;
    private final long[] keys = new long[RING], times = new long[RING];
    private int count, next;

    /** True when this frame repeats a packet seen within the last millisecond (then it is not remembered again). */
    boolean isCopy(int linkType, byte[] b, int off, int len, long timeNanos) {
        long key = key(linkType, b, off, len);
        for (int i = 0; i < count; i++) {
            if (keys[i] == key && Math.abs(timeNanos - times[i]) <= WINDOW_NANOS) return true;
        }
        keys[next] = key;
        times[next] = timeNanos;
        next = (next + 1) % RING;
        if (count < RING) count++;
        return false;
    }

    static long key(int linkType, byte[] b, int off, int len) {
        int ip = PacketDecoder.ipStart(linkType, b, off, len);
        if (ip < 0) return fnv(b, off, len, -1, -1, 0x9E3779B97F4A7C15L ^ len);
        int end = off + len;
        boolean v4 = (b[ip] & 0xF0) == 0x40;
        int declared = v4 ? (end - ip >= 4 ? PacketDecoder.u16(b, ip + 2) : 0) : (end - ip >= 6 ? 40 + PacketDecoder.u16(b, ip + 4) : 0);
        int skip1 = -1, skip2 = -1, proto = -1, l4 = -1;
        if (v4 && end - ip >= 20) {
            skip1 = ip + 10;
            proto = b[ip + 9] & 0xFF;
            l4 = ip + (b[ip] & 0x0F) * 4;
        } else if (!v4 && end - ip >= 40) {
            proto = b[ip + 6] & 0xFF;
            l4 = ip + 40;
        }
        if (proto == 6) skip2 = l4 + 16; else if (proto == 17) skip2 = l4 + 6;
        return fnv(b, ip, Math.min(PREFIX, end - ip), skip1, skip2, declared);
    }

    /** FNV-1a 64 of {@code b[p .. p+n)} leaving out the 16-bit fields at skip1 and skip2, seeded with {@code seed}. */
    static long fnv(byte[] b, int p, int n, int skip1, int skip2, long seed) {
        long h = 0xcbf29ce484222325L ^ seed * 0x100000001b3L;
        for (int i = p, e = p + n; i < e; i++) {
            if (i == skip1 || i == skip1 + 1 || i == skip2 || i == skip2 + 1) continue;
            h = (h ^ (b[i] & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }
}
