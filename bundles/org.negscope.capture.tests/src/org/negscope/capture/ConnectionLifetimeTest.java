package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.negscope.capture.SyntheticCapture.*;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Forgetting ended connections (bounded memory on captures with very many connections), driven packet by packet (SYNTHETIC). */
class ConnectionLifetimeTest {
    private static final long S = 1_000_000_000L;

    @Test void endedConnectionsAreForgottenAfterTwoIdleMinutesLiveOnesNever() {
        Recorder rec = new Recorder();
        Warnings w = new Warnings("mem", 100, rec);
        TcpReassembler r = new TcpReassembler(rec, w, CaptureOptions.DEFAULTS);
        r.sweepEvery(1);
        PacketDecoder d = new PacketDecoder(r, w);
        Flow a = new Flow("10.0.0.1", 50000, "10.0.0.2", 445, 1, 2);
        Flow b = new Flow("10.0.0.3", 50000, "10.0.0.2", 445, 1, 2);
        Flow c = new Flow("10.0.0.4", 50000, "10.0.0.2", 445, 1, 2);
        long[] frame = {0};
        java.util.function.BiConsumer<Long, byte[]> feed = (t, ip) -> d.packet(101, ip, 0, ip.length, ip.length, ++frame[0], t, 0);

        feed.accept(0L, a.syn());
        feed.accept(0L, a.synAck());
        feed.accept(0L, a.c2s(0, new byte[0], RST | ACK, 0));         // a ended at t=0
        feed.accept(1 * S, b.syn());                                   // b never ends
        assertEquals(2, r.liveConnections());
        feed.accept(100 * S, b.c2s(0, ascii("x")));
        assertEquals(2, r.liveConnections(), "a idle 100 s: kept");
        feed.accept(121 * S, b.c2s(1, ascii("y")));
        assertEquals(1, r.liveConnections(), "a idle 121 s: forgotten");
        feed.accept(5000 * S, c.syn());
        assertEquals(2, r.liveConnections(), "b idle for long but not ended: kept");
        feed.accept(5001 * S, b.c2s(2, ascii("z")));
        r.finishAll();
        assertEquals(List.of("open 0 10.0.0.1:50000 -> 10.0.0.2:445 syn frame 1", "RST 0 c2s frame 3",
                "open 1 10.0.0.3:50000 -> 10.0.0.2:445 syn frame 4", "data 1 c2s @0 +1 frame 5", "data 1 c2s @1 +1 frame 6",
                "open 2 10.0.0.4:50000 -> 10.0.0.2:445 syn frame 7", "data 1 c2s @2 +1 frame 8"), rec.events);
        assertEquals(3, r.connectionCount());
    }

    /** More live connections than the limit: the least recently active one is finished (flushed) and forgotten. */
    @Test void tooManyConnectionsDropsTheLeastRecentlyActive() {
        Recorder rec = new Recorder();
        Warnings w = new Warnings("mem", 100, rec);
        TcpReassembler r = new TcpReassembler(rec, w, CaptureOptions.DEFAULTS.withMaxConnections(2));
        PacketDecoder d = new PacketDecoder(r, w);
        Flow a = new Flow("10.0.0.1", 50000, "10.0.0.2", 445, 1, 2);
        Flow b = new Flow("10.0.0.3", 50000, "10.0.0.2", 445, 1, 2);
        Flow c = new Flow("10.0.0.4", 50000, "10.0.0.2", 445, 1, 2);
        byte[][] pk = {a.syn(), b.syn(), a.c2s(4, ascii("later")), c.syn(), a.c2s(9, ascii("!")), b.c2s(0, ascii("b"))};
        for (int i = 0; i < pk.length; i++) d.packet(101, pk[i], 0, pk[i].length, pk[i].length, i + 1, i, 1000 + i);
        assertEquals(2, r.liveConnections());
        r.finishAll();
        assertEquals(List.of("open 0 10.0.0.1:50000 -> 10.0.0.2:445 syn frame 1", "open 1 10.0.0.3:50000 -> 10.0.0.2:445 syn frame 2",
                "open 2 10.0.0.4:50000 -> 10.0.0.2:445 syn frame 4",       // b, least recently active, is dropped here
                "open 3 10.0.0.3:50000 -> 10.0.0.2:445 nosyn frame 6",     // so b's next segment opens a new one (and c is dropped)
                "data 3 c2s @0 +1 frame 6",
                "gap 0 c2s @0 +4 frame 3", "data 0 c2s @4 +5 frame 3", "data 0 c2s @9 +1 frame 5"), // a: still followed
                rec.events);
        assertEquals("frame 4 @1003: more than 2 TCP connections at once: the least recently active ones are no longer followed"
                + " (first: TCP 10.0.0.3:50000 -> 10.0.0.2:445)", rec.warningTexts().get(0));
    }

    /** The IP header claiming more payload than a frame that was not sliced: damage, said as such. */
    @Test void ipLengthBeyondUnslicedFrame() {
        Recorder rec = new Recorder();
        Warnings w = new Warnings("mem", 100, rec);
        PacketDecoder d = new PacketDecoder(new TcpReassembler(rec, w, CaptureOptions.DEFAULTS), w);
        byte[] ip = basicFlow().c2s(0, ascii("abcdef"));
        d.packet(101, ip, 0, ip.length - 2, ip.length - 2, 1, 0, 99);
        assertEquals(List.of("frame 1 @99: IP length says 6 bytes of TCP payload, the frame holds 4",
                "frame 1 @99: TCP 10.0.0.1:50000 -> 10.0.0.2:445 client to server: 2 bytes missing at stream offset 4 (not in the captured frame)"),
                rec.warningTexts());
    }
}
