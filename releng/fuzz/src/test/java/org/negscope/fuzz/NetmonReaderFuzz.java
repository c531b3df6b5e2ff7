package org.negscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.negscope.capture.CaptureOptions;

/**
 * Fuzz target: the Network Monitor 2.x reader (header, frame table read in chunks, record offsets and lengths, the
 * per-frame trailer and media types, NetEvent records, an ETW-only file refused). Seeds: the real NetMon files of
 * ../shared/external-captures-3 (first frames, table rebuilt) and the Samba captures rewritten as NetMon 2.3. The
 * magic is forced to "GMBU" and the major version to 2.
 */
class NetmonReaderFuzz {
    static final FuzzStats STATS = new FuzzStats("NetmonReader");
    private static final CaptureOptions SMALL = CaptureOptions.DEFAULTS.withBufferSize(4096).withMaxRecordLength(1 << 16).withMaxWarnings(20);

    @FuzzTest(maxDuration = "15s")
    void fuzz(byte[] data) {
        STATS.execution();
        if (data.length >= 6) {
            data[0] = 'G'; data[1] = 'M'; data[2] = 'B'; data[3] = 'U'; data[5] = 2;
        }
        boolean small = (data.length & 1) != 0; // half the inputs under small limits (a frame table beyond one chunk is rare)
        STATS.outcome(ReaderOracle.read(data, small ? SMALL : CaptureOptions.DEFAULTS, null).name());
    }

    @AfterAll static void report() { STATS.report(); }
}
