package org.negscope.capture;

/**
 * The packet events of an ETL trace (or of a Message Analyzer stream), in timestamp order, turned into
 * frames for the {@link PacketDecoder} (layouts: docs/formats.md, "Packet events"):
 * <ul>
 * <li>NDIS-PacketCapture event 1001 ({@code netsh trace capture=yes}): one packet may span several events
 * (keywords PACKET_START / PACKET_END); fragments are joined per CPU; a frame is a whole packet.</li>
 * <li>PktMon event 160 ({@code pktmon start --capture}): each packet is logged once per network-stack
 * component (Appearance 1..n, same PktGroupId and PktNumber). Newer builds log every copy with Appearance 0 and
 * a PktGroupId of its own: there the copies are recognised by content ({@link PacketCopies}). Every event is a frame (as {@code pktmon etl2pcap} numbers
 * them) but only one copy is analysed: the one logged nearest the adapter, i.e. the first appearance of a
 * received packet and the last of a sent one; the others are counted as duplicates. Copies whose IP bytes
 * differ (same length, checksums aside) are reported: something on the host changed the packet.</li>
 * </ul>
 * Nothing is allocated per packet: fragment and pending-copy buffers are reused.
 */
final class EtlPackets {
    static final long PKTMON_1, PKTMON_2, NDIS_1, NDIS_2;
    static {
        long[] g = guidLongs("4d4f80d9-c8bd-4d73-bb5b-19c90402c5ac");
        PKTMON_1 = g[0]; PKTMON_2 = g[1];
        g = guidLongs("2ed6006e-4729-4609-b423-3ee7bcd678ef");
        NDIS_1 = g[0]; NDIS_2 = g[1];
    }
    static final int PKTMON_PACKET = 160, NDIS_FRAGMENT = 1001;
    static final int PKTMON_HEADER = 34;
    static final long KW_PACKET_START = 0x40000000L, KW_PACKET_END = 0x80000000L, KW_SEND = 0x100000000L,
            KW_RECEIVE = 0x200000000L, KW_NATIVE_80211 = 0x10000L, KW_WWAN = 0x200L;
    /** PktMon DirTag values observed in Windows' own rendering of the real traces (docs/formats.md). */
    static final int PKTMON_RX = 3, PKTMON_TX = 4;

    /** Sees every packet event as read (tests compare them with Windows' own rendering). */
    interface Observer {
        /**
         * @param group PktGroupId (pktmon) or -1 (NDIS: one whole packet, fragments joined)
         * @param dir   PktMon DirTag, or for NDIS {@link #PKTMON_RX} / {@link #PKTMON_TX} from the receive/send keywords
         */
        void packet(long frame, long group, int number, int appearance, int dir, int component, int linkType,
                    byte[] b, int off, int len, long timeNanos);
    }

    Observer observer;
    private final PacketCopies copies = new PacketCopies();
    private final FrameSink decoder; // the PacketDecoder, or a capture set's renumbering step
    private final Warnings warnings;
    private final int maxPacket;
    long frames;          // frame numbers given (every pktmon event, every whole NDIS packet)
    long packetEvents;    // 160 / 1001 events seen
    long duplicates;      // pktmon copies not analysed
    long changedCopies;   // pktmon groups whose copies differ
    private boolean truncatedWarned, unknownTypeWarned, changedWarned;

    // pktmon groups recently seen, direct-mapped by the low bits of PktGroupId (a per-boot counter)
    private static final int GROUPS = 8192;
    private final long[] groupId = new long[GROUPS];
    private final boolean[] groupUsed = new boolean[GROUPS];
    private final int[] groupNumber = new int[GROUPS];
    private final int[] groupIpLength = new int[GROUPS];
    private final long[] groupHash = new long[GROUPS];

    // sent packets waiting for their last appearance (delivered before any later packet is)
    private static final int PENDING = 16;
    private final long[] pendingGroup = new long[PENDING];
    private final long[] pendingFrame = new long[PENDING];
    private final long[] pendingTime = new long[PENDING];
    private final long[] pendingOffset = new long[PENDING];
    private final long[] pendingOrig = new long[PENDING];
    private final long[] pendingAge = new long[PENDING];
    private final int[] pendingLink = new int[PENDING];
    private final int[] pendingLength = new int[PENDING];
    private final byte[][] pendingData = new byte[PENDING][];
    private int pendingCount;
    private long age;

    EtlPackets(FrameSink decoder, Warnings warnings, int maxPacket) {
        this.decoder = decoder;
        this.warnings = warnings;
        this.maxPacket = maxPacket;
    }

    static long[] guidLongs(String text) {
        String h = text.replace("-", "");
        byte[] b = new byte[16];
        long d1 = Long.parseLong(h.substring(0, 8), 16);
        int d2 = Integer.parseInt(h.substring(8, 12), 16), d3 = Integer.parseInt(h.substring(12, 16), 16);
        for (int i = 0; i < 4; i++) b[i] = (byte) (d1 >>> (8 * i));
        b[4] = (byte) d2; b[5] = (byte) (d2 >>> 8); b[6] = (byte) d3; b[7] = (byte) (d3 >>> 8);
        for (int i = 0; i < 8; i++) b[8 + i] = (byte) Integer.parseInt(h.substring(16 + 2 * i, 18 + 2 * i), 16);
        return new long[] {EtlFormat.i64(b, 0), EtlFormat.i64(b, 8)};
    }

    // ---------------------------------------------------------------- NDIS-PacketCapture 1001

    /** Event 1001 whose payload is {@code d[p .. end)} in the slot's buffer. */
    void ndis(EtlFormat.Slot s, int p, int end, long keywords, long time) {
        byte[] d = s.data;
        packetEvents++;
        if (end - p < 12) {
            warnings.add(frames + 1, s.offsetOf(p), "NDIS packet fragment event too short (" + (end - p) + " bytes): skipped");
            return;
        }
        long declared = EtlFormat.u32(d, p + 8);
        int length = (int) Math.min(declared, end - p - 12);
        if (declared > length) {
            warnings.add(frames + 1, s.offsetOf(p), "NDIS packet fragment says " + declared + " bytes, the event holds "
                    + length + ": fragment cut");
        }
        int linkType = (keywords & KW_NATIVE_80211) != 0 ? PacketDecoder.LINK_IEEE802_11
                : (keywords & KW_WWAN) != 0 ? PacketDecoder.LINK_RAW : PacketDecoder.LINK_ETHERNET;
        boolean start = (keywords & KW_PACKET_START) != 0, last = (keywords & KW_PACKET_END) != 0;
        int data = p + 12;
        int dir = (keywords & KW_SEND) != 0 ? PKTMON_TX : (keywords & KW_RECEIVE) != 0 ? PKTMON_RX : 0;
        if (start && last) {
            if (s.fragmentOpen) incomplete(s, p);
            if (observer != null) observer.packet(frames + 1, -1, 0, 1, dir, 0, linkType, d, data, length, time);
            deliverNow(linkType, d, data, length, length, time, s.offsetOf(p));
            return;
        }
        if (start) {
            if (s.fragmentOpen) incomplete(s, p);
            s.fragmentOpen = true;
            s.fragmentLength = 0;
        } else if (!s.fragmentOpen) {
            warnings.add(frames + 1, s.offsetOf(p), "NDIS packet fragment without the packet's first fragment: skipped");
            return;
        }
        if (s.fragmentLength + length > maxPacket) {
            warnings.add(frames + 1, s.offsetOf(p), "NDIS packet fragments exceed " + maxPacket + " bytes: packet skipped");
            s.fragmentOpen = false;
            return;
        }
        if (s.fragment == null || s.fragment.length < s.fragmentLength + length) {
            byte[] bigger = new byte[Math.min(maxPacket, Math.max(s.fragmentLength + length, s.fragment == null ? 2048 : s.fragment.length * 2))];
            if (s.fragment != null) System.arraycopy(s.fragment, 0, bigger, 0, s.fragmentLength);
            s.fragment = bigger;
        }
        System.arraycopy(d, data, s.fragment, s.fragmentLength, length);
        s.fragmentLength += length;
        if (last) {
            s.fragmentOpen = false;
            if (observer != null) observer.packet(frames + 1, -1, 0, 1, dir, 0, linkType, s.fragment, 0, s.fragmentLength, time);
            deliverNow(linkType, s.fragment, 0, s.fragmentLength, s.fragmentLength, time, s.offsetOf(p));
        }
    }

    private void incomplete(EtlFormat.Slot s, int p) {
        warnings.add(frames + 1, s.offsetOf(p), "NDIS packet on CPU " + s.cpu + " ended without its last fragment ("
                + s.fragmentLength + " bytes): skipped");
        s.fragmentOpen = false;
    }

    // ---------------------------------------------------------------- PktMon 160

    /** Event 160 whose payload is {@code d[p .. end)}. */
    void pktmon(EtlFormat.Slot s, int p, int end, long time) {
        byte[] d = s.data;
        packetEvents++;
        frames++;
        long frame = frames;
        long offset = s.offsetOf(p);
        if (end - p < PKTMON_HEADER) {
            warnings.add(frame, offset, "PktMon packet event too short (" + (end - p) + " bytes): skipped");
            return;
        }
        long group = EtlFormat.i64(d, p);
        int number = EtlFormat.u16(d, p + 8), appearance = EtlFormat.u16(d, p + 10);
        int dir = EtlFormat.u16(d, p + 12), type = EtlFormat.u16(d, p + 14);
        int original = EtlFormat.u16(d, p + 30), logged = EtlFormat.u16(d, p + 32);
        int length = Math.min(logged, end - p - PKTMON_HEADER);
        if (logged > length && !truncatedWarned) {
            truncatedWarned = true;
            warnings.add(frame, offset, "PktMon packet event says " + logged + " bytes logged, the event holds " + length);
        }
        int linkType = type == 1 ? PacketDecoder.LINK_ETHERNET : type == 2 ? PacketDecoder.LINK_IEEE802_11 : -1;
        if (linkType < 0) {
            if (!unknownTypeWarned) {
                unknownTypeWarned = true;
                warnings.add(frame, offset, "PktMon packet type " + type + " is unknown: such packets are skipped");
            }
            return;
        }
        int data = p + PKTMON_HEADER;
        if (observer != null) {
            observer.packet(frame, group, number, appearance, dir, EtlFormat.u16(d, p + 16), linkType, d, data, length, time);
        }
        if (appearance == 0) {
            // builds that do not link the copies (every component's copy has a PktGroupId of its own; the
            // segments of a large send share one): copies are recognised by their IP bytes, the first is analysed
            if (copies.isCopy(linkType, d, data, length, time)) {
                duplicates++;
                return;
            }
            flushPending();
            decoder.packet(linkType, d, data, length, Math.max(original, length), frame, time, offset);
            return;
        }
        int slot = (int) ((group ^ (long) number * 0x9E3779B1L) & (GROUPS - 1));
        int ip = PacketDecoder.ipStart(linkType, d, data, length);
        int ipLength = ip < 0 ? -1 : PacketDecoder.ipLength(d, ip, data + length);
        long hash = ip < 0 ? 0 : hashIp(d, ip, ipLength);
        boolean seen = groupUsed[slot] && groupId[slot] == group && groupNumber[slot] == number;
        if (seen) {
            duplicates++;
            if (ipLength >= 0 && ipLength == groupIpLength[slot] && hash != groupHash[slot]) changed(frame, offset, group);
            if (dir == PKTMON_TX) replacePending(group, linkType, d, data, length, original, frame, time, offset);
            return;
        }
        groupUsed[slot] = true;
        groupId[slot] = group;
        groupNumber[slot] = number;
        groupIpLength[slot] = ipLength;
        groupHash[slot] = hash;
        if (dir == PKTMON_TX) {
            addPending(group, linkType, d, data, length, original, frame, time, offset);
        } else {
            flushPending();
            decoder.packet(linkType, d, data, length, Math.max(original, length), frame, time, offset);
        }
    }

    private void changed(long frame, long offset, long group) {
        changedCopies++;
        if (!changedWarned) {
            changedWarned = true;
            warnings.add(frame, offset, "PktMon copies of packet group " + group + " differ in their IP bytes: something on the"
                    + " host (a filter driver, VPN or security product) changed the packet between network-stack components");
        }
    }

    /** FNV-1a over the IP packet with the IPv4 header checksum and the TCP/UDP checksum left out (offload fills them late). */
    private static long hashIp(byte[] b, int ip, int length) {
        int skip1 = -1, skip2 = -1;
        int v = (b[ip] & 0xF0) >> 4;
        int proto = -1, l4 = -1;
        if (v == 4 && length >= 20) {
            skip1 = ip + 10;
            proto = b[ip + 9] & 0xFF;
            l4 = ip + (b[ip] & 0x0F) * 4;
        } else if (v == 6 && length >= 40) {
            proto = b[ip + 6] & 0xFF;
            l4 = ip + 40;
        }
        if (proto == 6) skip2 = l4 + 16; else if (proto == 17) skip2 = l4 + 6;
        long h = 0xcbf29ce484222325L;
        for (int i = ip, e = ip + length; i < e; i++) {
            if (i == skip1 || i == skip1 + 1 || i == skip2 || i == skip2 + 1) continue;
            h = (h ^ (b[i] & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }

    private void addPending(long group, int link, byte[] d, int off, int len, long orig, long frame, long time, long offset) {
        if (pendingCount == PENDING) flushOldest();
        setPending(pendingCount++, group, link, d, off, len, orig, frame, time, offset);
    }

    private void replacePending(long group, int link, byte[] d, int off, int len, long orig, long frame, long time, long offset) {
        for (int i = 0; i < pendingCount; i++) {
            if (pendingGroup[i] == group) { setPending(i, group, link, d, off, len, orig, frame, time, offset); return; }
        }
        // already delivered (an unrelated packet came between its copies): this copy stays a duplicate
    }

    private void setPending(int i, long group, int link, byte[] d, int off, int len, long orig, long frame, long time, long offset) {
        if (pendingData[i] == null || pendingData[i].length < len) pendingData[i] = new byte[Math.max(len, 2048)];
        System.arraycopy(d, off, pendingData[i], 0, len);
        pendingGroup[i] = group; pendingLink[i] = link; pendingLength[i] = len; pendingOrig[i] = orig;
        pendingFrame[i] = frame; pendingTime[i] = time; pendingOffset[i] = offset; pendingAge[i] = age++;
    }

    private void flushOldest() {
        int oldest = 0;
        for (int i = 1; i < pendingCount; i++) if (pendingAge[i] < pendingAge[oldest]) oldest = i;
        deliverPending(oldest);
    }

    /** Delivers the waiting sent packets in the order of their chosen copies. */
    private void flushPending() {
        while (pendingCount > 0) flushOldest();
    }

    private void deliverPending(int i) {
        decoder.packet(pendingLink[i], pendingData[i], 0, pendingLength[i], Math.max(pendingOrig[i], pendingLength[i]),
                pendingFrame[i], pendingTime[i], pendingOffset[i]);
        int last = --pendingCount;
        if (i != last) { // keep the arrays dense; swap the buffers so none is lost
            byte[] t = pendingData[i]; pendingData[i] = pendingData[last]; pendingData[last] = t;
            pendingGroup[i] = pendingGroup[last]; pendingLink[i] = pendingLink[last]; pendingLength[i] = pendingLength[last];
            pendingOrig[i] = pendingOrig[last]; pendingFrame[i] = pendingFrame[last]; pendingTime[i] = pendingTime[last];
            pendingOffset[i] = pendingOffset[last]; pendingAge[i] = pendingAge[last];
        }
    }

    private void deliverNow(int linkType, byte[] d, int off, int len, long orig, long time, long offset) {
        flushPending();
        frames++;
        decoder.packet(linkType, d, off, len, orig, frames, time, offset);
    }

    /** The trace ended: sent packets still waiting are delivered; a packet cut after its first fragments is reported by the caller. */
    void finish() {
        flushPending();
    }
}
