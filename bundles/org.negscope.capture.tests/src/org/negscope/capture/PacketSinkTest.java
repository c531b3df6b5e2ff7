package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames pushed one by one (live capture) go through the same decoding and reassembly as a file's. */
class PacketSinkTest {
    /** Ethernet/IPv4/TCP 10.0.0.1:49153 -> 10.0.0.2:445 with {@code payload} bytes valued {@code fill} at {@code seq}. */
    static byte[] frame(int seq, int payload, int fill) {
        byte[] f = new byte[54 + payload];
        f[12] = 0x08;
        f[14] = 0x45;
        f[16] = (byte) ((40 + payload) >> 8); f[17] = (byte) (40 + payload);
        f[22] = 64; f[23] = 6;
        f[26] = 10; f[29] = 1; f[30] = 10; f[33] = 2;
        f[34] = (byte) 0xC0; f[35] = 0x01; f[36] = 0x01; f[37] = (byte) 0xBD;
        f[38] = (byte) (seq >>> 24); f[39] = (byte) (seq >>> 16); f[40] = (byte) (seq >>> 8); f[41] = (byte) seq;
        f[46] = 0x50; f[47] = 0x18;
        java.util.Arrays.fill(f, 54, f.length, (byte) fill);
        return f;
    }

    @Test
    void framesAreNumberedAndReassembledInOrder() {
        List<String> seen = new ArrayList<>();
        StreamListener l = new StreamListener() {
            @Override public void data(TcpConnection c, Direction d, ByteBuffer b, long off, long frame, long t) {
                seen.add(frame + ":" + off + "+" + b.remaining() + "=" + b.get(b.position()));
            }
        };
        PacketSink sink = new PacketSink("live:test", l, null);
        byte[] second = frame(1101, 50, 2);
        byte[] first = frame(1001, 100, 1);
        sink.packet(1, first, 0, first.length, first.length, 1_000);
        sink.packet(1, first, 0, first.length, first.length, 1_500); // a retransmission: not delivered twice
        sink.packet(1, second, 0, second.length, second.length, 2_000);
        CaptureSummary s = sink.finish(false);
        assertEquals(3, s.frames());
        assertEquals("live", s.format());
        assertEquals(List.of("1:0+100=1", "3:100+50=2"), seen, "each byte once, in stream order, with its frame number");
        assertSame(s, sink.finish(false), "finish() twice gives the same summary");
        assertThrows(IllegalStateException.class, () -> sink.packet(1, first, 0, first.length, first.length, 3_000));
    }

    @Test
    void badBoundsAndUnknownLinkTypesDoNotCrashTheCapture() {
        PacketSink sink = new PacketSink("live:test", (c, d, b, o, f, t) -> { }, CaptureOptions.DEFAULTS);
        byte[] f = frame(1, 10, 0);
        assertThrows(IllegalArgumentException.class, () -> sink.packet(1, f, 10, f.length, f.length, 0));
        sink.packet(4711, f, 0, f.length, f.length, 0); // unsupported link type: skipped with one warning
        sink.packet(1, f, 0, 20, f.length, 0);          // a frame cut short: ignored
        CaptureSummary s = sink.finish(true);
        assertEquals(2, s.frames());
        assertTrue(s.canceled());
        assertTrue(s.warnings().stream().anyMatch(w -> w.message().contains("link type 4711")), s.warnings().toString());
    }
}
