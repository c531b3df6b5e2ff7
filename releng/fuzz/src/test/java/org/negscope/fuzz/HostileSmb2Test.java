package org.negscope.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.crypto.AvPairs;
import org.negscope.smb2.Ntlmssp;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Listener;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.Smb2StreamDecoder;
import org.negscope.smb2.Spnego;

/**
 * SYNTHETIC hostile SMB2 streams and blobs (what no real peer sends): deep compound chains, endless
 * zero-length frames, a 16 MiB message, gaps and offsets beyond 2^31 and 2^40, deep DER nesting, NTLMSSP
 * offsets of 2^31, a hundred thousand AV pairs. Each must end in a bounded time with either a result or a
 * {@link Smb2FormatException} naming field and offset, and keep at most maxKeptBytes per message.
 */
class HostileSmb2Test {
    static final Duration BOUND = Duration.ofSeconds(10);

    static final class Sink implements Smb2Listener {
        final List<Smb2Message> messages = new ArrayList<>();
        final List<String> malformed = new ArrayList<>();
        @Override public void message(Smb2Message m) { messages.add(m); }
        @Override public void malformed(String msg, long frame, long streamOffset) { malformed.add(frame + "@" + streamOffset + ": " + msg); }
    }

    static byte[] nbssHeader(int length) {
        return new byte[] {0, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    @Test
    void deepCompoundChainIsSplitIntoEveryElement() {
        int n = 20_000;
        byte[][] elements = new byte[n][];
        for (int i = 0; i < n; i++) {
            elements[i] = SyntheticPcap.smb2(Smb2Command.ECHO, false, i, 0, i == n - 1 ? 0 : 64);
            elements[i][16] |= 0x04; // SMB2_FLAGS_RELATED_OPERATIONS
        }
        byte[] stream = SyntheticPcap.nbss(elements);
        Sink s = new Sink();
        assertTimeoutPreemptively(BOUND, () -> new Smb2StreamDecoder(s, 4096).feed(ByteBuffer.wrap(stream), 0, 1, 0));
        assertEquals(n, s.messages.size());
        for (int i = 0; i < n; i++) {
            Smb2Message m = s.messages.get(i);
            assertEquals(i, m.compoundIndex());
            assertEquals(4 + 64L * i, m.streamOffset());
            assertEquals(i, m.header().messageId());
        }
        assertEquals(List.of(), s.malformed);
    }

    @Test
    void compoundElementPointingPastTheEndIsMalformedNotALoop() {
        byte[] a = SyntheticPcap.smb2(Smb2Command.ECHO, false, 1, 0, 64 * 1000); // NextCommand far past the end
        byte[] next = SyntheticPcap.nbss(SyntheticPcap.smb2(Smb2Command.ECHO, false, 2, 0, 0));
        byte[] stream = concat(SyntheticPcap.nbss(a), next);
        Sink s = new Sink();
        assertTimeoutPreemptively(BOUND, () -> new Smb2StreamDecoder(s, 4096).feed(ByteBuffer.wrap(stream), 0, 1, 0));
        assertFalse(s.malformed.isEmpty(), "the bad NextCommand is reported");
        assertTrue(s.messages.stream().anyMatch(m -> m.header().messageId() == 2), "the next message is still decoded: " + s.malformed);
    }

    @Test
    void endlessZeroLengthFramesThenARealMessage() {
        int n = 100_000;
        ByteBuffer b = ByteBuffer.allocate(4 * n + 4 + 64);
        for (int i = 0; i < n; i++) b.put(nbssHeader(0));
        b.put(SyntheticPcap.nbss(SyntheticPcap.smb2(Smb2Command.NEGOTIATE, false, 7, 0, 0)));
        Sink s = new Sink();
        Smb2StreamDecoder d = new Smb2StreamDecoder(s, 4096);
        // a first real message makes the stream "SMB" (so the zero frames are not a start-of-stream scan)
        d.feed(ByteBuffer.wrap(SyntheticPcap.nbss(SyntheticPcap.smb2(Smb2Command.NEGOTIATE, false, 6, 0, 0))), 0, 1, 0);
        assertTimeoutPreemptively(BOUND, () -> d.feed(ByteBuffer.wrap(b.array()), 68, 2, 0));
        assertEquals(2, s.messages.size(), String.valueOf(s.malformed));
        assertEquals(68 + 4L * n + 4, s.messages.get(1).streamOffset());
    }

    @Test
    void sixteenMebibyteMessageKeepsOnlyMaxKeptBytes() {
        int len = 0xFFFFFF;
        byte[] head = concat(nbssHeader(len), SyntheticPcap.smb2(Smb2Command.WRITE, false, 1, 0, 0));
        Sink s = new Sink();
        Smb2StreamDecoder d = new Smb2StreamDecoder(s, 1024);
        d.feed(ByteBuffer.wrap(head), 0, 1, 0);
        byte[] chunk = new byte[65536];
        long off = head.length, left = len - 64L;
        while (left > 0) {
            int n = (int) Math.min(chunk.length, left);
            d.feed(ByteBuffer.wrap(chunk, 0, n), off, 2, 0);
            off += n;
            left -= n;
        }
        assertEquals(1, s.messages.size());
        Smb2Message m = s.messages.get(0);
        assertEquals(len, m.length());
        assertEquals(1024, m.keptLength());
        assertTrue(m.truncated());
    }

    @Test
    void gapsAndOffsetsBeyond2To31And2To40() {
        Sink s = new Sink();
        Smb2StreamDecoder d = new Smb2StreamDecoder(s, 4096);
        byte[] msg = SyntheticPcap.nbss(SyntheticPcap.smb2(Smb2Command.NEGOTIATE, false, 1, 0, 0));
        d.feed(ByteBuffer.wrap(msg), 0, 1, 0);
        long at = msg.length;
        for (long gap : new long[] {(1L << 31) - 1, 1L << 31, 1L << 40}) {
            d.gap(at, gap, 2);
            at += gap;
            d.feed(ByteBuffer.wrap(msg), at, 3, 0);
            at += msg.length;
        }
        assertEquals(4, s.messages.size(), String.valueOf(s.malformed));
        assertEquals(at - msg.length + 4, s.messages.get(3).streamOffset());
        assertTrue(s.messages.get(3).streamOffset() > 1L << 40);
    }

    @Test
    void deeplyNestedDerIsRefusedWithoutStackOverflow() {
        int depth = 200_000;
        // 0x60 (GSS InitialContextToken) with a long-form length, then `depth` nested [0] tags of length 0x84-form
        ByteBuffer b = ByteBuffer.allocate(6 * depth + 6);
        for (int i = 0; i < depth; i++) {
            int inner = 6 * (depth - i - 1);
            b.put((byte) (i == 0 ? 0x60 : 0xA0)).put((byte) 0x84).putInt(inner);
        }
        byte[] token = b.array();
        Smb2FormatException e = assertThrows(Smb2FormatException.class,
                () -> assertTimeoutPreemptively(BOUND, () -> Spnego.decode(token)));
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void ntlmsspOffsetsOf2To31AreRefusedNamingTheField() {
        ByteBuffer b = ByteBuffer.allocate(88).order(ByteOrder.LITTLE_ENDIAN);
        b.put("NTLMSSP\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(3);
        for (int f = 0; f < 6; f++) b.putShort((short) 0xFFFF).putShort((short) 0xFFFF).putInt(0x80000000); // every field: 64 KiB at 2^31
        b.putInt(0xE2088297);
        Smb2FormatException e = assertThrows(Smb2FormatException.class, () -> Ntlmssp.decode(b.array()));
        assertTrue(e.getMessage().matches("(?s).*(Len|Offset|offset).*"), e.getMessage());
    }

    @Test
    void aHundredThousandEmptyAvPairs() {
        int n = 100_000;
        ByteBuffer b = ByteBuffer.allocate(4 * n + 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) b.putShort((short) AvPairs.MSV_AV_FLAGS).putShort((short) 0);
        b.putInt(0); // MsvAvEOL
        assertTimeoutPreemptively(BOUND, () -> {
            assertEquals(0, AvPairs.value(b.array(), AvPairs.MSV_AV_FLAGS).length);
            assertEquals(null, AvPairs.value(b.array(), AvPairs.MSV_AV_TIMESTAMP));
        });
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
