package org.negscope.capture;

import java.util.HashSet;

/**
 * Link layer, IPv4/IPv6 and TCP header decoding, in place in the read buffer. Everything but TCP is
 * ignored silently (a capture of a busy network is mostly other traffic); TCP segments are handed to
 * the {@link TcpReassembler} through one reused {@link TcpSegment}.
 */
final class PacketDecoder implements FrameSink {
    // LINKTYPE_* values (tcpdump.org/linktypes.html)
    static final int LINK_NULL = 0, LINK_ETHERNET = 1, LINK_RAW_BSD = 12, LINK_RAW_OPENBSD = 14, LINK_RAW = 101,
            LINK_LOOP = 108, LINK_SLL = 113, LINK_SLL2 = 276, LINK_IPV4 = 228, LINK_IPV6 = 229, LINK_IEEE802_11 = 105;
    private static final int ETH_IPV4 = 0x0800, ETH_IPV6 = 0x86DD;
    private static final int PROTO_TCP = 6;

    private final TcpReassembler reassembler;
    private final Warnings warnings;
    private final TcpSegment seg = new TcpSegment();
    private final HashSet<Integer> unsupportedLinkTypes = new HashSet<>();
    /** Fragmented datagrams already reported (bounded: cleared when large; a repeat warning is harmless). */
    private final HashSet<String> fragmentsReported = new HashSet<>();
    private boolean snapWarned;
    private boolean sliced; // the current frame was cut by the snap length

    PacketDecoder(TcpReassembler reassembler, Warnings warnings) {
        this.reassembler = reassembler;
        this.warnings = warnings;
    }

    /**
     * One captured frame: {@code b[off .. off+caplen)} as found in the file; {@code origLen} is the
     * frame's length on the wire (larger when the capture kept only a snap length).
     */
    @Override public void packet(int linkType, byte[] b, int off, int caplen, long origLen, long frame, long timeNanos, long fileOffset) {
        int end = off + caplen;
        sliced = origLen > caplen;
        int p, etherType;
        switch (linkType) {
            case LINK_ETHERNET -> {
                if (caplen < 14) return;
                etherType = u16(b, off + 12);
                p = off + 14;
                // 802.1Q / 802.1ad (QinQ) / old QinQ tags: 4 bytes each, the inner type follows
                while (etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100) {
                    if (p + 4 > end) return;
                    etherType = u16(b, p + 2);
                    p += 4;
                }
            }
            case LINK_SLL -> {
                if (caplen < 16) return;
                etherType = u16(b, off + 14);
                p = off + 16;
            }
            case LINK_SLL2 -> {
                if (caplen < 20) return;
                etherType = u16(b, off);
                p = off + 20;
            }
            case LINK_NULL, LINK_LOOP -> {
                if (caplen < 4) return;
                // the family is in the capturing host's byte order (NULL) or big-endian (LOOP); a value
                // with zero low bytes is the other order
                int family = i32be(b, off);
                if ((family & 0xFFFF) == 0) family = Integer.reverseBytes(family);
                p = off + 4;
                etherType = switch (family) {
                    case 2 -> ETH_IPV4;
                    case 10, 24, 28, 30 -> ETH_IPV6; // Linux, NetBSD/OpenBSD, FreeBSD, macOS AF_INET6
                    default -> byVersion(b, p, end);
                };
            }
            case LINK_IEEE802_11 -> {
                p = ieee80211Payload(b, off, end);
                if (p < 0) return;
                etherType = u16(b, p - 2);
            }
            case LINK_RAW, LINK_RAW_BSD, LINK_RAW_OPENBSD, LINK_IPV4, LINK_IPV6 -> {
                p = off;
                etherType = byVersion(b, p, end);
            }
            default -> {
                if (unsupportedLinkTypes.add(linkType)) {
                    warnings.add(frame, fileOffset, "link type " + linkType + " is not supported: frames of this type are skipped");
                }
                return;
            }
        }
        if (etherType == ETH_IPV4) ipv4(b, p, end, frame, timeNanos, fileOffset);
        else if (etherType == ETH_IPV6) ipv6(b, p, end, frame, timeNanos, fileOffset);
    }

    /**
     * Native IEEE 802.11 (as Windows logs Wi-Fi packets, no radiotap, no FCS): for a data frame carrying
     * LLC/SNAP, the offset of the network-layer packet (its EtherType is the two bytes before it); -1 for
     * management, control and null-data frames and anything else without an IP payload. The header is 24
     * bytes, 30 with the fourth address (ToDS and FromDS), +2 QoS control, +4 HT control (QoS with the Order
     * bit). Windows marks frames it has already decrypted as protected without a security header; when the
     * LLC header is not right after the MAC header, an 8-byte CCMP/TKIP header is skipped.
     */
    static int ieee80211Payload(byte[] b, int off, int end) {
        if (end - off < 24) return -1;
        int fc = (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
        int type = (fc >> 2) & 3, subtype = (fc >> 4) & 0xF;
        if (type != 2 || (subtype & 0x4) != 0) return -1; // not data, or no payload (null / CF-only)
        int h = off + 24;
        if ((fc & 0x0300) == 0x0300) h += 6;
        if ((subtype & 0x8) != 0) {
            h += 2;
            if ((fc & 0x8000) != 0) h += 4;
        }
        if (isSnap(b, h, end)) return h + 8;
        if ((fc & 0x4000) != 0 && isSnap(b, h + 8, end)) return h + 16;
        return -1;
    }

    private static boolean isSnap(byte[] b, int p, int end) {
        return end - p >= 8 && b[p] == (byte) 0xAA && b[p + 1] == (byte) 0xAA && b[p + 2] == 0x03
                && b[p + 3] == 0 && b[p + 4] == 0 && (b[p + 5] == 0 || b[p + 5] == (byte) 0xF8);
    }

    /** Offset of the IPv4/IPv6 header in an Ethernet, 802.11 or raw IP frame, or -1 (used to compare copies of one packet). */
    static int ipStart(int linkType, byte[] b, int off, int caplen) {
        int end = off + caplen, p;
        switch (linkType) {
            case LINK_ETHERNET -> {
                if (caplen < 14) return -1;
                int t = u16(b, off + 12);
                p = off + 14;
                while (t == 0x8100 || t == 0x88A8 || t == 0x9100) {
                    if (p + 4 > end) return -1;
                    t = u16(b, p + 2);
                    p += 4;
                }
                if (t != ETH_IPV4 && t != ETH_IPV6) return -1;
            }
            case LINK_IEEE802_11 -> {
                p = ieee80211Payload(b, off, end);
                if (p < 0) return -1;
                int t = u16(b, p - 2);
                if (t != ETH_IPV4 && t != ETH_IPV6) return -1;
            }
            case LINK_RAW -> p = off;
            default -> { return -1; }
        }
        return byVersion(b, p, end) < 0 ? -1 : p;
    }

    /** Bytes of the IP packet at {@code p} present before {@code end}: its declared length, or less when cut. */
    static int ipLength(byte[] b, int p, int end) {
        int declared;
        if ((b[p] & 0xF0) == 0x40) declared = end - p >= 4 ? u16(b, p + 2) : end - p;
        else declared = end - p >= 6 ? 40 + u16(b, p + 4) : end - p;
        if (declared == 0 || declared == 40 && (b[p] & 0xF0) == 0x60) declared = end - p; // offload / jumbogram
        return Math.min(declared, end - p);
    }

    private static int byVersion(byte[] b, int p, int end) {
        if (p >= end) return -1;
        return switch ((b[p] & 0xFF) >> 4) { case 4 -> ETH_IPV4; case 6 -> ETH_IPV6; default -> -1; };
    }

    private void ipv4(byte[] b, int p, int end, long frame, long time, long fileOffset) {
        if (end - p < 20 || (b[p] & 0xF0) != 0x40) return;
        int ihl = (b[p] & 0x0F) * 4;
        int total = u16(b, p + 2);
        if (ihl < 20 || end - p < ihl) return;
        // total length 0 happens with TCP segmentation offload captured on the sender: trust the capture
        int declaredEnd = total == 0 ? end : p + total;
        if (declaredEnd < p + ihl) return;
        int proto = b[p + 9] & 0xFF;
        if (proto != PROTO_TCP) return;
        int frag = u16(b, p + 6);
        long src = i32be(b, p + 12) & 0xFFFFFFFFL, dst = i32be(b, p + 16) & 0xFFFFFFFFL;
        if ((frag & 0x3FFF) != 0) { // MF set or a non-zero fragment offset
            fragment(frame, fileOffset, "IPv4", ipv4Text(src) + " -> " + ipv4Text(dst), u16(b, p + 4));
            return;
        }
        seg.v6 = false;
        seg.srcHi = 0; seg.srcLo = src;
        seg.dstHi = 0; seg.dstLo = dst;
        tcp(b, p + ihl, Math.min(end, declaredEnd), declaredEnd, frame, time, fileOffset);
    }

    private void ipv6(byte[] b, int p, int end, long frame, long time, long fileOffset) {
        if (end - p < 40 || (b[p] & 0xF0) != 0x60) return;
        int payloadLen = u16(b, p + 4);
        int next = b[p + 6] & 0xFF;
        int declaredEnd = payloadLen == 0 ? end : p + 40 + payloadLen; // 0: jumbogram or offload
        int q = p + 40;
        while (true) {
            if (next == PROTO_TCP) break;
            if (next == 0 || next == 43 || next == 60) {       // hop-by-hop, routing, destination options
                if (q + 8 > end) return;
                int len = ((b[q + 1] & 0xFF) + 1) * 8;
                next = b[q] & 0xFF;
                q += len;
            } else if (next == 51) {                           // authentication header
                if (q + 8 > end) return;
                int len = ((b[q + 1] & 0xFF) + 2) * 4;
                next = b[q] & 0xFF;
                q += len;
            } else if (next == 44) {                           // fragment header
                if (q + 8 > end) return;
                int offsetAndM = u16(b, q + 2);
                next = b[q] & 0xFF;
                if ((offsetAndM & 0xFFF9) != 0) {              // a real fragment (not an atomic one, RFC 6946)
                    if (next == PROTO_TCP) {
                        fragment(frame, fileOffset, "IPv6", ipv6Text(b, p + 8) + " -> " + ipv6Text(b, p + 24), i32be(b, q + 4));
                    }
                    return;
                }
                q += 8;
            } else {
                return;                                        // not TCP (or no next header)
            }
        }
        if (q > end) return;
        seg.v6 = true;
        seg.srcHi = i64be(b, p + 8); seg.srcLo = i64be(b, p + 16);
        seg.dstHi = i64be(b, p + 24); seg.dstLo = i64be(b, p + 32);
        tcp(b, q, Math.min(end, declaredEnd), declaredEnd, frame, time, fileOffset);
    }

    /** {@code end}: end of captured IP payload; {@code declaredEnd}: where the IP header says it ends. */
    private void tcp(byte[] b, int q, int end, int declaredEnd, long frame, long time, long fileOffset) {
        if (end - q < 20) return;
        int thl = ((b[q + 12] & 0xF0) >> 4) * 4;
        if (thl < 20) {
            warnings.add(frame, fileOffset, "TCP header length " + thl + " is less than 20: segment ignored");
            return;
        }
        if (q + thl > end) return; // options cut by the snap length: nothing usable
        TcpSegment s = seg;
        s.srcPort = u16(b, q);
        s.dstPort = u16(b, q + 2);
        s.seq = i32be(b, q + 4);
        s.ack = i32be(b, q + 8);
        s.flags = b[q + 13] & 0x3F;
        s.data = b;
        s.payloadOffset = q + thl;
        s.payloadLength = end - (q + thl);
        s.payloadMissing = Math.max(0, declaredEnd - end);
        s.frame = frame;
        s.timeNanos = time;
        s.fileOffset = fileOffset;
        if (s.payloadMissing > 0) {
            if (!sliced) {
                // not the snap length: the IP header claims more than the frame holds (damage or a lying stack)
                warnings.add(frame, fileOffset, "IP length says " + (s.payloadLength + s.payloadMissing)
                        + " bytes of TCP payload, the frame holds " + s.payloadLength);
            } else if (!snapWarned) {
                snapWarned = true;
                warnings.add(frame, fileOffset, "TCP payload cut by the capture's snap length (" + s.payloadLength + " of "
                        + (s.payloadLength + s.payloadMissing) + " bytes kept): the streams have gaps where bytes were not captured");
            }
        }
        reassembler.segment(s);
    }

    private void fragment(long frame, long fileOffset, String ip, String addresses, int id) {
        if (fragmentsReported.size() > 4096) fragmentsReported.clear();
        if (fragmentsReported.add(ip + addresses + id)) {
            warnings.add(frame, fileOffset, ip + " fragment of a TCP datagram (" + addresses + ", id 0x"
                    + Integer.toHexString(id) + "): fragments are not reassembled, its bytes are missing from the stream");
        }
    }

    private static String ipv4Text(long a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    private static String ipv6Text(byte[] b, int p) {
        return FlowKey.endpoint(true, i64be(b, p), i64be(b, p + 8), 0).toString().replaceFirst(":0$", "");
    }

    static int u16(byte[] b, int p) { return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF); }
    static int i32be(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }
    static long i64be(byte[] b, int p) { return (long) i32be(b, p) << 32 | (i32be(b, p + 4) & 0xFFFFFFFFL); }
}
