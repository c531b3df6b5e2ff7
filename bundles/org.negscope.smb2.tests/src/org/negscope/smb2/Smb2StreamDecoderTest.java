package org.negscope.smb2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The stream decoder on every framing case (NBSS lengths split anywhere, compounds, SMB1/transform/compressed
 * messages, gaps, resynchronisation, limits). Why one class of this size: one test per case of the one class under
 * test.
 */
class Smb2StreamDecoderTest {

    /**
     * Message counts per capture equal TShark 4.0's SMB2 PDU count:
     * {@code tshark -r F -Y smb2 -T fields -e smb2.cmd | tr ',' '\n' | grep -c .} (compound elements
     * counted one by one); transform frames {@code -Y smb2.header.transform.msg_size | wc -l};
     * SMB1 over TCP {@code -Y "smb && tcp"}.
     */
    @Test
    void countsMatchTshark() {
        assertCounts(Real.WIN10_WS2019, 365, 0, 1);
        assertCounts(Real.WIN10_WS2019_DOMAIN, 313, 0, 3);
        assertCounts("suricata-verify-smb2-06-net_user.pcap", 149, 0, 1);
        assertCounts("suricata-verify-smb2-delete.pcap", 168, 0, 1);
        assertCounts(Real.ZEEK_IOCTL, 71, 0, 1);
        assertCounts("zeek-smb2.delete-on-close-perms-delete-existing.pcap", 50, 0, 0);
        assertCounts(Real.ZEEK_SMB3, 10, 44, 0);
        assertCounts(Real.ZEEK_SMB311, 6, 28, 0);
        assertCounts(Real.ZEEK_CONTEXTS, 3, 0, 1);
    }

    private static void assertCounts(String file, int messages, int encrypted, int smb1) {
        Collector c = Real.decoded(file);
        assertEquals(messages, c.messages.size(), file + " messages");
        assertEquals(encrypted, c.encrypted.size(), file + " transform messages");
        assertEquals(smb1, c.smb1.size(), file + " SMB1 messages");
        assertEquals(List.of(), c.malformed, file + " malformed");
        assertFalse(c.rejected.containsValue(true), file + " no stream rejected");
    }

    /** tshark: frame 90 is the SMB1 "Negotiate Protocol Request" (smb.cmd 0x72) of tcp.stream 2; frame 91 answers 0x02ff. */
    @Test
    void smb1MultiProtocolNegotiate() {
        Collector c = Real.decoded(Real.WIN10_WS2019);
        assertEquals(0x72, c.smb1.get(0).command());
        assertEquals(90, c.smb1.get(0).frame());
        // tshark -Y frame.number==90 -e smb.dialect: "NT LM 0.12,SMB 2.002,SMB 2.???" (the response carries none)
        assertEquals(List.of(List.of("NT LM 0.12", "SMB 2.002", "SMB 2.???")), c.smb1Dialects);
        NegotiateResponse r = NegotiateResponse.decode(Real.message(Real.WIN10_WS2019, 91, Smb2Command.NEGOTIATE, true));
        assertEquals(0x02FF, r.dialectRevision());
        assertEquals("0x02FF", r.dialectName()); // the JSON form; Dialect.describe gives "SMB 2 wildcard (0x02FF)"
    }

    /**
     * Frame 180 of zeek-smb2-zero-byte-error-ioctl.pcapng: one NBSS message (0x168 bytes) holding
     * CREATE (NextCommand 0x98), IOCTL error (0x50) and CLOSE responses (tshark smb2.chain_offset, smb2.cmd).
     */
    @Test
    void compoundResponseSplitByNextCommand() {
        List<Smb2Message> inFrame = new ArrayList<>();
        for (Smb2Message m : Real.decoded(Real.ZEEK_IOCTL).messages) {
            if (m.firstFrame() == 180) {
                inFrame.add(m);
            }
        }
        assertEquals(3, inFrame.size());
        assertEquals(List.of(Smb2Command.CREATE, Smb2Command.IOCTL, Smb2Command.CLOSE),
                inFrame.stream().map(m -> m.header().command()).toList());
        assertEquals(List.of(0, 1, 2), inFrame.stream().map(Smb2Message::compoundIndex).toList());
        assertEquals(List.of(0x98L, 0x50L, 0x168L - 0x98 - 0x50), inFrame.stream().map(Smb2Message::length).toList());
        assertEquals(inFrame.get(0).streamOffset() + 0x98, inFrame.get(1).streamOffset());
        assertEquals(inFrame.get(1).streamOffset() + 0x50, inFrame.get(2).streamOffset());
        assertEquals(List.of(32L, 33L, 34L), inFrame.stream().map(m -> m.header().messageId()).toList());
        assertTrue(inFrame.get(1).header().isRelated());
        assertEquals(NtStatus.INTERNAL_ERROR, inFrame.get(1).header().status());
        for (Smb2Message m : inFrame) {
            assertEquals(180, m.lastFrame());
            assertFalse(m.truncated());
            assertEquals(m.length(), m.keptLength());
        }
    }

    /** The bytes of one direction of one connection, concatenated, and the messages a whole-stream feed gives. */
    private static byte[] stream(String file, String direction) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (TestPcap.TcpFrame f : TestPcap.byDirection(TestPcap.read(TestData.external(file))).get(direction)) {
            out.write(f.payload());
        }
        return out.toByteArray();
    }

    private static Collector feedInPieces(byte[] s, int[] cuts, int maxKept) {
        Collector c = new Collector();
        Smb2StreamDecoder d = new Smb2StreamDecoder(c, maxKept);
        int prev = 0;
        int frame = 1;
        for (int cut : cuts) {
            d.feed(ByteBuffer.wrap(s, prev, cut - prev), prev, frame++, 0);
            prev = cut;
        }
        d.feed(ByteBuffer.wrap(s, prev, s.length - prev), prev, frame, 0);
        return c;
    }

    private static final String CLIENT_EX1 = "192.168.1.101:49686>192.168.1.1:445";
    private static final String SERVER_EX1 = "192.168.1.1:445>192.168.1.101:49686";

    @Test
    void byteByByteEqualsWholeStream() throws Exception {
        for (String dir : List.of(CLIENT_EX1, SERVER_EX1)) {
            byte[] s = stream(Real.WIN10_WS2019, dir);
            Collector whole = feedInPieces(s, new int[0], 1 << 20);
            int[] everyByte = new int[s.length - 1];
            for (int i = 0; i < everyByte.length; i++) {
                everyByte[i] = i + 1;
            }
            Collector bytes = feedInPieces(s, everyByte, 1 << 20);
            assertSameMessages(whole, bytes);
            assertTrue(whole.messages.size() > 10, dir);
            // Byte i arrives in "frame" i+1: the first frame of each message is its NBSS header's first byte.
            for (Smb2Message m : bytes.messages) {
                if (m.compoundIndex() == 0) {
                    assertEquals(m.streamOffset() - 4 + 1, m.firstFrame());
                }
                assertEquals(m.streamOffset() + m.length(), m.lastFrame());
            }
        }
    }

    /** Every split point inside the first two messages: inside the 4-byte length, inside the 64-byte header, inside the body. */
    @Test
    void everySplitPointOfTheFirstMessages() throws Exception {
        byte[] s = stream(Real.WIN10_WS2019, SERVER_EX1);
        Collector whole = feedInPieces(s, new int[0], 1 << 20);
        int firstTwo = (int) (whole.messages.get(1).streamOffset() + whole.messages.get(1).length());
        for (int a = 1; a < firstTwo; a++) {
            assertSameMessages(whole, feedInPieces(s, new int[] {a}, 1 << 20));
        }
        for (int a = 1; a < 70; a += 3) {
            for (int b = a + 1; b < 72; b += 2) {
                assertSameMessages(whole, feedInPieces(s, new int[] {a, b}, 1 << 20));
            }
        }
    }

    private static void assertSameMessages(Collector expected, Collector actual) {
        assertEquals(expected.messages.size(), actual.messages.size());
        assertEquals(List.of(), actual.malformed);
        for (int i = 0; i < expected.messages.size(); i++) {
            Smb2Message e = expected.messages.get(i);
            Smb2Message a = actual.messages.get(i);
            assertArrayEquals(e.bytes(), a.bytes(), "message " + i);
            assertEquals(e.header(), a.header());
            assertEquals(e.streamOffset(), a.streamOffset());
            assertEquals(e.length(), a.length());
            assertEquals(e.compoundIndex(), a.compoundIndex());
        }
    }

    @Test
    void keepsAtMostMaxKeptBytes() throws Exception {
        byte[] s = stream(Real.WIN10_WS2019, SERVER_EX1);
        Collector full = feedInPieces(s, new int[0], 1 << 20);
        Collector cut = feedInPieces(s, new int[] {7, 100, 101}, 100);
        assertEquals(full.messages.size(), cut.messages.size());
        int truncated = 0;
        for (int i = 0; i < full.messages.size(); i++) {
            Smb2Message f = full.messages.get(i);
            Smb2Message c = cut.messages.get(i);
            assertEquals(f.length(), c.length());
            assertEquals(Math.min(100, f.length()), c.keptLength());
            assertEquals(f.length() > 100, c.truncated());
            assertArrayEquals(Arrays.copyOf(f.bytes(), c.keptLength()), c.bytes());
            truncated += c.truncated() ? 1 : 0;
        }
        assertTrue(truncated > 5);
        // A truncated NEGOTIATE response cannot be fully decoded: the error names the kept bytes.
        Smb2Message neg = cut.messages.get(0);
        String msg = org.junit.jupiter.api.Assertions.assertThrows(Smb2FormatException.class,
                () -> NegotiateResponse.decode(neg)).getMessage();
        assertTrue(msg.contains("kept bytes of the truncated"), msg);
    }

    /** Never below the 64-byte header, whatever the caller asks for. */
    @Test
    void maxKeptBelowHeaderStillKeepsHeader() throws Exception {
        byte[] s = stream(Real.WIN10_WS2019, SERVER_EX1);
        Collector c = feedInPieces(s, new int[0], 0);
        assertEquals(64, c.messages.get(0).keptLength());
        assertEquals(Smb2Command.NEGOTIATE, c.messages.get(0).header().command());
    }

    /**
     * A listener that wants only the header of everything but NEGOTIATE (what the analysis does with bulk
     * READ data) gets the same messages, each with its full length, but only 64 bytes kept of the others;
     * what it asks for is clamped to [64, maxKeptBytes].
     */
    @Test
    void listenerChoosesKeptBytesPerMessage() throws Exception {
        byte[] s = stream(Real.WIN10_WS2019, SERVER_EX1);
        Collector all = feedInPieces(s, new int[0], 1 << 20);
        for (int asked : new int[] {0, 64, Integer.MAX_VALUE}) {
            List<Smb2Message> got = new ArrayList<>();
            List<Integer> offered = new ArrayList<>();
            Smb2StreamDecoder d = new Smb2StreamDecoder(new Smb2Listener() {
                @Override public void message(Smb2Message m) { got.add(m); }
                @Override public int keepBytes(Smb2Header h, int maxKeptBytes) {
                    offered.add(maxKeptBytes);
                    return h.command() == Smb2Command.NEGOTIATE ? maxKeptBytes : asked;
                }
            }, 1 << 20);
            d.feed(ByteBuffer.wrap(s), 0, 1, 0);
            assertEquals(all.messages.size(), got.size());
            assertEquals(got.size(), offered.size(), "asked once per message");
            assertTrue(offered.stream().allMatch(o -> o == 1 << 20));
            int headerOnly = 0;
            for (int i = 0; i < got.size(); i++) {
                Smb2Message full = all.messages.get(i), m = got.get(i);
                assertEquals(full.length(), m.length());
                assertEquals(full.header().command(), m.header().command());
                assertEquals(full.streamOffset(), m.streamOffset());
                long want = m.header().command() == Smb2Command.NEGOTIATE || asked == Integer.MAX_VALUE
                        ? full.keptLength() : Math.min(64, full.length());
                assertEquals(want, m.keptLength(), "message " + i);
                assertArrayEquals(Arrays.copyOf(full.bytes(), m.keptLength()), m.bytes());
                assertEquals(m.keptLength() < m.length(), m.truncated());
                headerOnly += m.keptLength() == 64 && m.length() > 64 ? 1 : 0;
            }
            assertEquals(asked != Integer.MAX_VALUE, headerOnly > 10, "asked " + asked + ": " + headerOnly);
        }
    }

    /**
     * zeek-smb3.pcap frame 9, the first transform message (client to server): tshark
     * smb2.header.transform.signature 76176b1956ed2c9c5acf00a30c0485bc, nonce 3aaa968f18ae61e6e76f1f0000000000,
     * msg_size 146, flags 0x0001, sesid 0x000048009400003d, tcp.len 202 (= 4 + 52 + 146).
     */
    @Test
    void transformHeader() {
        Collector c = Real.decoded(Real.ZEEK_SMB3);
        Collector.Encrypted e = c.encrypted.get(0);
        TransformHeader t = e.t();
        assertEquals(9, e.firstFrame());
        assertEquals(9, e.lastFrame());
        assertEquals(146, t.originalMessageSize());
        assertEquals(0x0001, t.flags());
        assertEquals(0x000048009400003dL, t.sessionId());
        assertEquals("76176b1956ed2c9c5acf00a30c0485bc", hex(t.signature()));
        assertEquals("3aaa968f18ae61e6e76f1f0000000000", hex(t.nonce()));
        assertEquals(146 + 52, t.length());
        assertEquals(146, t.ciphertext().length);
        // AES-128-CCM (3.0) adds nothing to the length: ciphertext = OriginalMessageSize.
        assertFalse(t.truncated());
        assertEquals(32, t.associatedData().length);
        assertArrayEquals(Arrays.copyOfRange(t.bytes(), 20, 52), t.associatedData());
        for (Collector.Encrypted x : c.encrypted) {
            assertEquals(x.t().originalMessageSize() + 52, x.t().length());
        }
    }

    @Test
    void transformKeptBytesAreBounded() throws Exception {
        byte[] s = stream(Real.ZEEK_SMB3, "10.160.65.202:445>10.160.64.139:38166");
        Collector c = feedInPieces(s, new int[0], 100);
        TransformHeader big = null;
        for (Collector.Encrypted e : c.encrypted) {
            if (e.t().length() > 100) {
                big = e.t();
            }
        }
        assertEquals(100, big.bytes().length);
        assertTrue(big.truncated());
    }

    // ---- synthetic streams (labelled): conditions loopback captures cannot produce ----------------

    private static byte[] nbss(int type, byte[] payload) {
        byte[] b = new byte[4 + payload.length];
        b[0] = (byte) type;
        b[1] = (byte) (payload.length >>> 16);
        b[2] = (byte) (payload.length >>> 8);
        b[3] = (byte) payload.length;
        System.arraycopy(payload, 0, b, 4, payload.length);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] echoRequest(long mid) {
        Smb2Header h = Smb2Header.request(Smb2Command.ECHO, mid, 0, 0);
        return new LeWriter(68).bytes(h.encode()).u16(4).u16(0).toByteArray();
    }

    @Test
    void syntheticKeepaliveSessionRequestAndEmptyMessagesAreSkipped() {
        byte[] s = concat(nbss(0x81, new byte[68]), nbss(0x82, new byte[0]), nbss(0x85, new byte[0]),
                nbss(0, new byte[0]), nbss(0, echoRequest(1)), nbss(0x85, new byte[0]), nbss(0, echoRequest(2)));
        Collector c = feedInPieces(s, new int[] {3, 5, 80}, 1000);
        assertEquals(2, c.messages.size());
        assertEquals(List.of(), c.malformed);
        assertEquals(2, c.messages.get(1).header().messageId());
    }

    /**
     * Synthetic: a decoder paused between two messages and resumed later (how the analysis frees a finished
     * connection) goes on as if never dropped: it keeps the next offset (a jump is a gap, a repeat is ignored) and
     * knows the stream is SMB; inside a message it cannot be paused.
     */
    @Test
    void syntheticPauseBetweenMessagesAndResume() {
        byte[] one = nbss(0, echoRequest(1));
        Collector c = new Collector();
        Smb2StreamDecoder d = new Smb2StreamDecoder(c, 1000);
        d.feed(ByteBuffer.wrap(one, 0, 10), 0, 1, 0);
        assertFalse(d.betweenMessages());
        assertThrows(IllegalStateException.class, d::pause);
        d.feed(ByteBuffer.wrap(one, 10, one.length - 10), 10, 2, 0);
        assertTrue(d.betweenMessages());
        Smb2StreamDecoder r = Smb2StreamDecoder.resume(d.pause(), c, 1000);
        assertTrue(r.isSmb());
        assertEquals(one.length, r.expectedOffset());
        r.feed(ByteBuffer.wrap(one), 0, 3, 0); // bytes already decoded: ignored
        byte[] two = nbss(0, echoRequest(2));
        r.feed(ByteBuffer.wrap(two), one.length, 4, 0);
        assertEquals(2, c.messages.size());
        assertEquals(2, c.messages.get(1).header().messageId());
        assertEquals(List.of(), c.malformed);
    }

    @Test
    void syntheticNotSmbStreamIsRejectedWithOneReport() {
        byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(3000).getBytes(StandardCharsets.US_ASCII);
        Collector c = new Collector();
        Smb2StreamDecoder d = new Smb2StreamDecoder(c, 1000);
        for (int off = 0; off < http.length; off += 1460) {
            d.feed(ByteBuffer.wrap(http, off, Math.min(1460, http.length - off)), off, off / 1460 + 1, 0);
        }
        assertTrue(http.length > Smb2StreamDecoder.START_SCAN_LIMIT);
        assertTrue(d.isRejected());
        assertFalse(d.isSmb());
        assertEquals(1, c.malformed.size());
        assertTrue(c.malformed.get(0).msg().startsWith("not an SMB stream"), c.malformed.get(0).msg());
        assertEquals(0, c.malformed.get(0).offset());
        assertEquals(0, c.messages.size());
        // fed after rejection: ignored
        d.feed(ByteBuffer.wrap(nbss(0, echoRequest(1))), http.length, 999, 0);
        assertEquals(0, c.messages.size());
    }

    @Test
    void syntheticShortNotSmbStreamReportsOnce() {
        byte[] tls = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
        Collector c = new Collector();
        Smb2StreamDecoder d = new Smb2StreamDecoder(c, 1000);
        d.feed(ByteBuffer.wrap(tls), 0, 4, 0);
        d.feed(ByteBuffer.wrap(tls), tls.length, 5, 0);
        assertFalse(d.isSmb());
        assertEquals(1, c.malformed.size());
        assertEquals(4, c.malformed.get(0).frame());
        assertTrue(c.malformed.get(0).msg().contains("NBSS message type 0x16"), c.malformed.get(0).msg());
    }

    @Test
    void syntheticStreamStartingInsideAMessageResynchronises() {
        byte[] first = nbss(0, echoRequest(1));
        byte[] s = concat(Arrays.copyOfRange(first, 30, first.length), nbss(0, echoRequest(2)), nbss(0, echoRequest(3)));
        Collector c = feedInPieces(s, new int[] {10, 41, 42, 50}, 1000);
        assertEquals(2, c.messages.size());
        assertEquals(2, c.messages.get(0).header().messageId());
        assertEquals(first.length - 30 + 4, c.messages.get(0).streamOffset());
        assertEquals(68, c.messages.get(0).length());
        assertEquals(1, c.malformed.size(), c.malformed.toString());
    }

    @Test
    void syntheticGapDropsThePartialMessageAndResynchronises() {
        byte[] m1 = nbss(0, echoRequest(1));
        byte[] m2 = nbss(0, echoRequest(2));
        byte[] m3 = nbss(0, echoRequest(3));
        byte[] s = concat(m1, m2, m3);
        Collector c = new Collector();
        Smb2StreamDecoder d = new Smb2StreamDecoder(c, 1000);
        d.feed(ByteBuffer.wrap(s, 0, m1.length + 20), 0, 1, 0);
        int resume = m1.length + 40;
        d.gap(m1.length + 20, 20, 2);
        d.feed(ByteBuffer.wrap(s, resume, s.length - resume), resume, 3, 0);
        assertEquals(List.of(1L, 3L), c.messages.stream().map(m -> m.header().messageId()).toList());
        assertEquals(68, c.messages.get(1).length(), "resynchronised message has its full length");
        assertEquals(m1.length + m2.length + 4, c.messages.get(1).streamOffset());
        assertEquals(1, c.malformed.size());
        assertTrue(c.malformed.get(0).msg().contains("20 bytes missing"), c.malformed.get(0).msg());
    }

    @Test
    void syntheticImplicitGapFromStreamOffsets() {
        byte[] m1 = nbss(0, echoRequest(1));
        byte[] m2 = nbss(0, echoRequest(2));
        Collector c = new Collector();
        Smb2StreamDecoder d = new Smb2StreamDecoder(c, 1000);
        d.feed(ByteBuffer.wrap(m1, 0, 50), 0, 1, 0);
        // bytes 50..71 of m1 never arrive; m2 arrives at its true offset
        d.feed(ByteBuffer.wrap(m2), m1.length, 2, 0);
        assertEquals(List.of(2L), c.messages.stream().map(m -> m.header().messageId()).toList());
        assertEquals(m1.length + 4, c.messages.get(0).streamOffset());
    }

    @Test
    void syntheticRetransmittedBytesAreIgnored() {
        byte[] s = concat(nbss(0, echoRequest(1)), nbss(0, echoRequest(2)));
        Collector c = new Collector();
        Smb2StreamDecoder d = new Smb2StreamDecoder(c, 1000);
        d.feed(ByteBuffer.wrap(s, 0, 60), 0, 1, 0);
        d.feed(ByteBuffer.wrap(s, 10, 60), 10, 2, 0); // overlaps 10..59, adds 60..69
        d.feed(ByteBuffer.wrap(s, 0, 30), 0, 3, 0); // pure retransmission
        d.feed(ByteBuffer.wrap(s, 70, s.length - 70), 70, 4, 0);
        assertEquals(2, c.messages.size());
        assertEquals(List.of(), c.malformed);
        assertEquals(echoRequest(1).length, c.messages.get(0).length());
    }

    @Test
    void syntheticGapInsideSkippedPartKeepsTheMessage() {
        // a 10000-byte WRITE-like message of which only 100 bytes are kept; the hole is in the rest
        byte[] body = new byte[10000 - 64];
        Smb2Header h = Smb2Header.request(Smb2Command.WRITE, 7, 0, 0);
        byte[] msg = concat(h.encode(), body);
        byte[] s = concat(nbss(0, msg), nbss(0, echoRequest(8)));
        Collector c = new Collector();
        Smb2StreamDecoder d = new Smb2StreamDecoder(c, 100);
        d.feed(ByteBuffer.wrap(s, 0, 3000), 0, 1, 0);
        d.gap(3000, 2000, 2);
        d.feed(ByteBuffer.wrap(s, 5000, s.length - 5000), 5000, 3, 0);
        assertEquals(List.of(7L, 8L), c.messages.stream().map(m -> m.header().messageId()).toList());
        assertTrue(c.messages.get(0).truncated());
        assertEquals(10000, c.messages.get(0).length());
        assertEquals(List.of(), c.malformed);
    }

    @Test
    void syntheticCompressedMessageReportedAndSkipped() {
        byte[] fc = {(byte) 0xFC, 'S', 'M', 'B', 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9, 9, 9, 9};
        byte[] s = concat(nbss(0, echoRequest(1)), nbss(0, fc), nbss(0, echoRequest(2)));
        Collector c = feedInPieces(s, new int[] {75}, 1000);
        assertEquals(2, c.messages.size());
        assertEquals(1, c.malformed.size());
        assertTrue(c.malformed.get(0).msg().contains("COMPRESSION_TRANSFORM_HEADER"), c.malformed.get(0).msg());
    }

    @Test
    void syntheticBadNextCommandEndsTheChain() {
        byte[] e1 = echoRequest(1);
        Smb2Header.putNextCommand(e1, 0, 0x1000); // points past the end
        byte[] s = concat(nbss(0, concat(e1, echoRequest(2))), nbss(0, echoRequest(3)));
        Collector c = feedInPieces(s, new int[0], 1000);
        assertEquals(2, c.messages.size());
        assertEquals(136, c.messages.get(0).length(), "the element runs to the end of the NBSS message");
        assertEquals(1, c.malformed.size());
        assertTrue(c.malformed.get(0).msg().contains("NextCommand 0x1000"), c.malformed.get(0).msg());
    }

    @Test
    void syntheticMessageShorterThanHeader() {
        byte[] s = concat(nbss(0, echoRequest(1)), nbss(0, Arrays.copyOf(echoRequest(2), 30)), nbss(0, echoRequest(3)));
        Collector c = feedInPieces(s, new int[] {80, 90}, 1000);
        assertEquals(List.of(1L, 3L), c.messages.stream().map(m -> m.header().messageId()).toList());
        assertEquals(1, c.malformed.size());
        assertTrue(c.malformed.get(0).msg().contains("ends after 30 bytes"), c.malformed.get(0).msg());
    }

    @Test
    void syntheticDamagedHeaderMidStreamResynchronises() {
        byte[] bad = echoRequest(2);
        bad[4] = 65; // StructureSize 65
        byte[] s = concat(nbss(0, echoRequest(1)), nbss(0, bad), nbss(0, echoRequest(3)));
        Collector c = feedInPieces(s, new int[0], 1000);
        assertEquals(List.of(1L, 3L), c.messages.stream().map(m -> m.header().messageId()).toList());
        assertEquals(1, c.malformed.size());
        assertTrue(c.malformed.get(0).msg().contains("StructureSize 65"), c.malformed.get(0).msg());
    }

    @Test
    void syntheticHostileLengthAllocatesOnlyMaxKept() {
        Smb2Header h = Smb2Header.request(Smb2Command.READ, 1, 0, 0);
        byte[] start = concat(new byte[] {0, (byte) 0xff, (byte) 0xff, (byte) 0xff}, h.encode());
        Collector c = new Collector();
        Smb2StreamDecoder d = new Smb2StreamDecoder(c, 256);
        d.feed(ByteBuffer.wrap(start), 0, 1, 0);
        byte[] chunk = new byte[65536];
        long off = start.length;
        while (off < 4 + 0xffffffL) {
            int n = (int) Math.min(chunk.length, 4 + 0xffffffL - off);
            d.feed(ByteBuffer.wrap(chunk, 0, n), off, 2, 0);
            off += n;
        }
        assertEquals(1, c.messages.size());
        assertEquals(0xffffff, c.messages.get(0).length());
        assertEquals(256, c.messages.get(0).keptLength());
    }

    @Test
    void feedLeavesBufferPositionAlone() {
        ByteBuffer b = ByteBuffer.wrap(nbss(0, echoRequest(1)));
        b.position(0);
        Collector c = new Collector();
        new Smb2StreamDecoder(c, 1000).feed(b, 0, 1, 0);
        assertEquals(0, b.position());
        assertEquals(b.capacity(), b.limit());
        assertEquals(1, c.messages.size());
    }

    @Test
    void directBuffersWork() {
        byte[] s = concat(nbss(0, echoRequest(1)), nbss(0, echoRequest(2)));
        ByteBuffer direct = ByteBuffer.allocateDirect(s.length);
        direct.put(s).flip();
        Collector c = new Collector();
        new Smb2StreamDecoder(c, 1000).feed(direct, 0, 1, 0);
        assertEquals(2, c.messages.size());
    }

    @Test
    void splitCompoundOfDecryptedPayload() {
        byte[] e1 = echoRequest(1);
        Smb2Header.putNextCommand(e1, 0, 72);
        byte[] payload = concat(e1, new byte[4], echoRequest(2));
        List<Smb2Message> l = Smb2Message.splitCompound(payload, 5, 6, 7, 100);
        assertEquals(2, l.size());
        assertEquals(72, l.get(0).length());
        assertEquals(172, l.get(1).streamOffset());
        assertEquals(1, l.get(1).compoundIndex());
        assertEquals(2, l.get(1).header().messageId());
        Smb2Header.putNextCommand(payload, 0, 0x2000);
        String e = org.junit.jupiter.api.Assertions.assertThrows(Smb2FormatException.class,
                () -> Smb2Message.splitCompound(payload, 5, 6, 7, 100)).getMessage();
        assertTrue(e.contains("NextCommand 0x2000"), e);
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}
