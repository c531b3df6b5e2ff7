package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.negscope.capture.SyntheticCapture.*;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Link layers, IP and TCP header variants, on SYNTHETIC pcaps. */
class LinkLayerTest {
    @TempDir Path dir;

    /** Writes the basic exchange with every IP packet wrapped by {@code link}, reads it, checks the standard outcome. */
    private Recorder roundTrip(int linkType, Flow f, UnaryOperator<byte[]> link) throws Exception {
        Pcap p = new Pcap(linkType);
        long t = 1_000_000_000L;
        for (byte[] ip : basicExchange(f)) p.add(t++, link.apply(ip));
        Recorder r = Recorder.read(write(dir, "link" + linkType + ".pcap", p.bytes()));
        assertEquals(8, r.summary.frames());
        assertEquals(List.of(), r.warnings);
        assertArrayEquals(ascii("hello"), r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertArrayEquals(ascii("world!"), r.bytes(0, Direction.SERVER_TO_CLIENT));
        return r;
    }

    @Test void syntheticEthernet8021Q() throws Exception {
        assertEquals(BASIC_EVENTS, roundTrip(1, basicFlow(), ip -> ethernet(ip, 0x8100)).events);
    }

    @Test void syntheticEthernetQinQ() throws Exception {
        assertEquals(BASIC_EVENTS, roundTrip(1, basicFlow(), ip -> ethernet(ip, 0x88A8, 0x8100)).events);
    }

    @Test void syntheticLinuxSll() throws Exception {
        assertEquals(BASIC_EVENTS, roundTrip(113, basicFlow(), SyntheticCapture::sll).events);
    }

    @Test void syntheticLinuxSll2() throws Exception {
        assertEquals(BASIC_EVENTS, roundTrip(276, basicFlow(), SyntheticCapture::sll2).events);
    }

    @Test void syntheticNullLoopbackBothByteOrders() throws Exception {
        assertEquals(BASIC_EVENTS, roundTrip(0, basicFlow(), ip -> nullLoop(ip, 2, false)).events);
        assertEquals(BASIC_EVENTS, roundTrip(0, basicFlow(), ip -> nullLoop(ip, 2, true)).events);
        assertEquals(BASIC_EVENTS, roundTrip(108, basicFlow(), ip -> nullLoop(ip, 2, true)).events);
    }

    @Test void syntheticNullLoopbackIpv6MacOsFamily() throws Exception {
        Flow f = new Flow("::1", 50000, "::1", 445, 1, 2);
        Recorder r = roundTrip(0, f, ip -> nullLoop(ip, 30, false));
        assertEquals("open 0 [::1]:50000 -> [::1]:445 syn frame 1", r.events.get(0));
    }

    /**
     * Native IEEE 802.11 (LINKTYPE 105, as Windows logs Wi-Fi): data frames with LLC/SNAP, with QoS control, with
     * the fourth address, and "protected" frames Windows already decrypted (no security header) or not (8-byte
     * CCMP header before the LLC header).
     */
    @Test void syntheticNative80211() throws Exception {
        byte[] snap = {(byte) 0xAA, (byte) 0xAA, 3, 0, 0, 0, 8, 0};
        assertEquals(BASIC_EVENTS, roundTrip(105, basicFlow(), ip -> concat(wifi(0x08, 0x01, 0), snap, ip)).events);
        assertEquals(BASIC_EVENTS, roundTrip(105, basicFlow(), ip -> concat(wifi(0x88, 0x02, 2), snap, ip)).events);
        assertEquals(BASIC_EVENTS, roundTrip(105, basicFlow(), ip -> concat(wifi(0x08, 0x03, 6), snap, ip)).events);
        assertEquals(BASIC_EVENTS, roundTrip(105, basicFlow(), ip -> concat(wifi(0x88, 0x41, 2), snap, ip)).events);
        assertEquals(BASIC_EVENTS, roundTrip(105, basicFlow(), ip -> concat(wifi(0x08, 0x42, 0), new byte[8], snap, ip)).events);
        // a management frame (beacon) and a null-data frame carry no IP: skipped silently
        Recorder r = Recorder.read(write(dir, "mgmt.pcap", new Pcap(105).add(0, wifi(0x80, 0, 40)).add(0, wifi(0x48, 1, 0)).bytes()));
        assertEquals(2, r.summary.frames());
        assertEquals(List.of(), r.warnings);
    }

    /** An 802.11 MAC header: frame control (type/subtype byte, flags byte), duration, 3 addresses, sequence, {@code extra} bytes. */
    private static byte[] wifi(int typeSubtype, int flags, int extra) {
        byte[] h = new byte[24 + extra];
        h[0] = (byte) typeSubtype;
        h[1] = (byte) flags;
        for (int i = 4; i < 22; i++) h[i] = (byte) i;
        return h;
    }

    @Test void syntheticRawIpLinkTypes() throws Exception {
        assertEquals(BASIC_EVENTS, roundTrip(101, basicFlow(), ip -> ip).events);
        assertEquals(BASIC_EVENTS, roundTrip(12, basicFlow(), ip -> ip).events);
        assertEquals(BASIC_EVENTS, roundTrip(14, basicFlow(), ip -> ip).events);
    }

    @Test void syntheticIpv6OverEthernet() throws Exception {
        Flow f = new Flow("2001:db8::1", 50000, "2001:db8:0:0:1::2", 445, 100, 200);
        Recorder r = roundTrip(1, f, SyntheticCapture::ethernet); // two zero runs of equal length: the first one is "::" (RFC 5952)
        assertEquals("open 0 [2001:db8::1]:50000 -> [2001:db8::1:0:0:2]:445 syn frame 1", r.events.get(0));
        assertEquals(16, r.connections.get(0).client().address().length);
    }

    /** Hop-by-hop, routing and destination options headers before TCP are skipped by their lengths. */
    @Test void syntheticIpv6ExtensionHeaders() throws Exception {
        byte[] ext = concat(
                new byte[] {43, 0, 1, 4, 0, 0, 0, 0},                     // hop-by-hop (next: routing), 8 bytes
                new byte[] {60, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, // routing (next: dest opts), 16 bytes
                new byte[] {6, 0, 1, 4, 0, 0, 0, 0});                     // destination options (next: TCP)
        byte[] ip = tcp6("2001:db8::1", 50000, "2001:db8::2", 445, 10, 20, PSH | ACK, 0, ext, ascii("past the options"));
        Recorder r = Recorder.read(write(dir, "ext.pcap", new Pcap(101).add(0, ip).bytes()));
        assertArrayEquals(ascii("past the options"), r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(List.of(), r.warnings);
    }

    /** IPv4 options (IHL 7) and TCP options (data offset 8 words) move the payload. */
    @Test void syntheticIpAndTcpOptions() throws Exception {
        byte[] ipOpts = {1, 1, 1, 1, 1, 1, 1, 0};                                       // NOPs + EOL
        byte[] tcpOpts = {2, 4, 5, (byte) 0xB4, 1, 3, 3, 7, 4, 2, 1, 1};              // MSS, NOP, WS, SACK-perm, NOPs
        byte[] ip = tcp4("10.1.1.1", 50000, "10.1.1.2", 445, 7, 0, PSH | ACK, ipOpts, tcpOpts, ascii("optioned"));
        Recorder r = Recorder.read(write(dir, "opts.pcap", new Pcap(1).add(0, ethernet(ip)).bytes()));
        assertArrayEquals(ascii("optioned"), r.bytes(0, Direction.CLIENT_TO_SERVER));
    }

    /** Ethernet pads short frames to 60 bytes (and may keep the 4-byte FCS): the IP total length bounds the payload. */
    @Test void syntheticEthernetPaddingAndFcsAreNotPayload() throws Exception {
        byte[] frame = ethernet(basicFlow().c2s(0, ascii("a")));
        byte[] padded = java.util.Arrays.copyOf(frame, 64); // zero padding + fake FCS
        padded[60] = 0x11; padded[61] = 0x22; padded[62] = 0x33; padded[63] = 0x44;
        Recorder r = Recorder.read(write(dir, "pad.pcap", new Pcap(1).add(0, padded).bytes()));
        assertArrayEquals(ascii("a"), r.bytes(0, Direction.CLIENT_TO_SERVER));
    }

    /** IPv4 fragments are not reassembled: one warning per fragmented datagram, and its bytes become a gap. */
    @Test void syntheticIpv4FragmentsWarnOncePerDatagram() throws Exception {
        Flow f = basicFlow();
        byte[] whole = f.c2s(5, pattern(40, 1));
        byte[] frag1 = whole.clone(), frag2 = whole.clone();
        frag1[6] = 0x20; frag1[7] = 0;        // MF, offset 0
        frag2[6] = 0x00; frag2[7] = 3;        // offset 3*8
        Pcap p = new Pcap(1).add(0, ethernet(f.c2s(0, ascii("first"))))
                .add(0, ethernet(frag1)).add(0, ethernet(frag2))
                .add(0, ethernet(f.c2s(45, ascii("after"))))
                .add(0, ethernet(f.s2c(0, new byte[0], ACK, 50)));    // the peer acknowledges everything
        Recorder r = Recorder.read(write(dir, "frag.pcap", p.bytes()));
        long frag1Offset = 24 + 16 + ethernet(f.c2s(0, ascii("first"))).length;
        assertEquals(List.of(
                "frame 2 @" + frag1Offset + ": IPv4 fragment of a TCP datagram (10.0.0.1 -> 10.0.0.2, id 0x1234): fragments are not reassembled, its bytes are missing from the stream",
                "frame 4 @" + (frag1Offset + 2 * (16 + frag1.length + 14)) + ": TCP 10.0.0.1:50000 -> 10.0.0.2:445 client to server: 40 bytes missing at stream offset 5 (acknowledged by the peer but not in the capture)"),
                r.warningTexts());
        assertEquals(List.of(
                "open 0 10.0.0.1:50000 -> 10.0.0.2:445 nosyn frame 1",
                "data 0 c2s @0 +5 frame 1",
                "gap 0 c2s @5 +40 frame 4",
                "data 0 c2s @45 +5 frame 4"), r.events);
    }

    @Test void syntheticIpv6FragmentHeaderWarns() throws Exception {
        byte[] fragHeader = {6, 0, 0, 1, 0, 0, 0, 42};        // next TCP, offset 0, M=1, id 42
        byte[] ip = tcp6("2001:db8::1", 50000, "2001:db8::2", 445, 10, 20, PSH | ACK, 44, fragHeader, ascii("part"));
        Recorder r = Recorder.read(write(dir, "frag6.pcap", new Pcap(101).add(0, ip).bytes()));
        assertEquals(List.of("frame 1 @24: IPv6 fragment of a TCP datagram ([2001:db8::1] -> [2001:db8::2], id 0x2a): fragments are not reassembled, its bytes are missing from the stream"),
                r.warningTexts());
        assertEquals(List.of(), r.connections);
    }

    /** An "atomic" IPv6 fragment (offset 0, M=0, RFC 6946) is a whole datagram. */
    @Test void syntheticIpv6AtomicFragmentIsWhole() throws Exception {
        byte[] fragHeader = {6, 0, 0, 0, 0, 0, 0, 42};
        byte[] ip = tcp6("2001:db8::1", 50000, "2001:db8::2", 445, 10, 20, PSH | ACK, 44, fragHeader, ascii("whole"));
        Recorder r = Recorder.read(write(dir, "atomic6.pcap", new Pcap(101).add(0, ip).bytes()));
        assertArrayEquals(ascii("whole"), r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(List.of(), r.warnings);
    }

    /** UDP, ARP and other non-TCP traffic is ignored without a word; an unknown link type is named once. */
    @Test void syntheticNonTcpIgnoredAndUnknownLinkTypeWarnedOnce() throws Exception {
        byte[] udp = tcp4("10.0.0.1", 53, "10.0.0.2", 53, 0, 0, 0, new byte[0]);
        udp[9] = 17;
        byte[] arp = new byte[42];
        arp[12] = 0x08; arp[13] = 0x06;
        Recorder r = Recorder.read(write(dir, "udp.pcap", new Pcap(1).add(0, ethernet(udp)).add(0, arp).bytes()));
        assertEquals(2, r.summary.frames());
        assertEquals(List.of(), r.events);
        assertEquals(List.of(), r.warnings);

        Recorder u = Recorder.read(write(dir, "radiotap.pcap", new Pcap(127).add(0, new byte[30]).add(0, new byte[30]).bytes()));
        assertEquals(2, u.summary.frames());
        assertEquals(List.of("frame 1 @24: link type 127 is not supported: frames of this type are skipped"), u.warningTexts());
    }
}
