package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.negscope.capture.SyntheticCapture.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress reports and cancellation on a SYNTHETIC 6 MB capture. */
class ProgressTest {
    @TempDir Path dir;

    private Path bigCapture() {
        Flow f = basicFlow();
        Pcap p = new Pcap(1).add(0, ethernet(f.syn()));
        for (int i = 0; i < 100; i++) p.add(i + 1, ethernet(f.c2s(i * 60000, pattern(60000, i))));
        return write(dir, "six.pcap", p.bytes());
    }

    @Test void workedIsReportedAboutEveryMegabyteAndEndsAtTheSize() throws Exception {
        Path file = bigCapture();
        long size = Files.size(file);
        List<long[]> calls = new ArrayList<>();
        CaptureSummary s = CaptureReader.read(file, new Recorder(), new Progress() {
            @Override public void worked(long bytesRead, long totalBytes) { calls.add(new long[] {bytesRead, totalBytes}); }
        });
        assertEquals(101, s.frames());
        assertTrue(calls.size() >= 6 && calls.size() <= 12, "calls: " + calls.size());
        for (int i = 1; i < calls.size(); i++) assertTrue(calls.get(i)[0] >= calls.get(i - 1)[0], "monotonic");
        for (long[] c : calls) assertEquals(size, c[1]);
        assertEquals(size, calls.get(calls.size() - 1)[0]);
    }

    @Test void cancelStopsEarly() throws Exception {
        Path file = bigCapture();
        int[] polls = {0};
        Recorder r = new Recorder();
        CaptureSummary s = CaptureReader.read(file, r, new Progress() {
            @Override public boolean isCanceled() { return ++polls[0] >= 3; }
        });
        assertTrue(s.canceled());
        // polled at offsets 24, ~1 MiB and ~2 MiB: the third poll stops before the record at ~2 MiB
        assertTrue(s.frames() > 10 && s.frames() < 50, "frames " + s.frames());
        assertEquals(s.frames() - 1, r.bytes(0, Direction.CLIENT_TO_SERVER).length / 60000);
    }
}
