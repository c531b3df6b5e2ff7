package org.negscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.negscope.capture.CaptureOptions;

/**
 * Fuzz target: the pcapng reader (sections and byte order, interfaces and their options, EPB/SPB/OPB,
 * unknown blocks, resynchronisation after damage). Seeds: the external pcapng captures and the Samba
 * captures rewritten as pcapng. The first four bytes are forced to the Section Header Block type.
 */
class PcapngReaderFuzz {
    static final FuzzStats STATS = new FuzzStats("PcapngReader");
    private static final CaptureOptions SMALL = CaptureOptions.DEFAULTS.withBufferSize(4096).withMaxRecordLength(1 << 16).withMaxWarnings(20);

    @FuzzTest(maxDuration = "15s")
    void fuzz(byte[] data) {
        STATS.execution();
        if (data.length >= 4) {
            data[0] = 0x0A; data[1] = 0x0D; data[2] = 0x0D; data[3] = 0x0A;
        }
        boolean small = (data.length & 1) != 0; // half the inputs under small limits (caps reached with small inputs)
        STATS.outcome(ReaderOracle.read(data, small ? SMALL : CaptureOptions.DEFAULTS, null).name());
    }

    @AfterAll static void report() { STATS.report(); }
}
