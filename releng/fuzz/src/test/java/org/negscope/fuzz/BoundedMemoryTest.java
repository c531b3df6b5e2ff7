package org.negscope.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.capture.CaptureOptions;
import org.negscope.capture.CaptureReader;
import org.negscope.capture.Direction;
import org.negscope.capture.Progress;
import org.negscope.capture.StreamListener;
import org.negscope.capture.TcpConnection;

/**
 * Memory stays bounded whatever the capture: the worst case of the defaults must fit the heap the
 * headless launcher gives the analysis ({@code ./negscope analyze}: -Xmx512m). Measured, not assumed: a
 * SYNTHETIC capture opens many TCP connections that each carry one byte per direction and never end (the
 * cheapest way for a hostile file to make the reader keep state), the live heap per connection is measured
 * after GC with the analysis attached as in the CLI, and extrapolated to {@link CaptureOptions#maxConnections()}
 * of the defaults, plus the other documented caps (out-of-order buffers, read buffer, kept message bytes).
 * <p>
 * Regression test for finding F1: the per-direction retransmission history (4 KiB, allocated on the first
 * byte) had no global cap, and the default connection cap was 2^18, so a 37 MB capture needed about 2.5 GiB.
 */
class BoundedMemoryTest {
    static final long CLI_HEAP = 512L << 20;
    /** Room left for the JVM itself, class metadata outside the heap aside: code, reports, GC headroom. */
    static final long HEADROOM = 96L << 20;

    @TempDir Path dir;

    @Test
    void manyIdleConnectionsFitTheCliHeap() throws Exception {
        int n = 20_000;
        SyntheticPcap p = new SyntheticPcap();
        byte[] one = {0x42};
        for (int i = 0; i < n; i++) {
            p.segment(0x010000 + i, 40000 + (i % 20000), false, SyntheticPcap.ACK | SyntheticPcap.PSH, 1000, 5000, one, 0);
            p.segment(0x010000 + i, 40000 + (i % 20000), true, SyntheticPcap.ACK | SyntheticPcap.PSH, 5000, 1001, one, 0);
        }
        Path f = p.write(dir.resolve("many-connections.pcap"));
        Runtime rt = Runtime.getRuntime();
        long before = used(rt);
        long[] peak = {0};
        long[] seen = {0};
        CaptureAnalyzer analyzer = new CaptureAnalyzer(0, f.toString(), null, null);
        CaptureReader.read(f, new StreamListener() {
            @Override public void connectionOpened(TcpConnection c) { analyzer.connectionOpened(c); }
            @Override public void data(TcpConnection c, Direction d, ByteBuffer b, long off, long frame, long t) {
                analyzer.data(c, d, b, off, frame, t);
                if (++seen[0] == 2L * n) peak[0] = used(rt); // every connection is live now
            }
            @Override public void gap(TcpConnection c, Direction d, long off, long missing, long frame) { analyzer.gap(c, d, off, missing, frame); }
            @Override public void closed(TcpConnection c, Direction d, boolean reset, long frame, long t) { analyzer.closed(c, d, reset, frame, t); }
        }, Progress.NONE);
        analyzer.finish();
        assertTrue(peak[0] > 0, "the last data callback was not reached");
        double perConnection = (peak[0] - before) / (double) n;
        CaptureOptions d = CaptureOptions.DEFAULTS;
        double projected = perConnection * d.maxConnections() + d.maxBufferedTotal() + d.bufferSize() + CaptureAnalyzer.MAX_KEPT_BYTES * 4L;
        String what = String.format("%.0f bytes per idle connection x %d connections (default cap) + caps = %.0f MiB; budget %d MiB",
                perConnection, d.maxConnections(), projected / 1048576, (CLI_HEAP - HEADROOM) >> 20);
        System.out.println("BoundedMemoryTest: " + what);
        assertTrue(projected <= CLI_HEAP - HEADROOM, what);
    }

    private static long used(Runtime rt) {
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
