package org.negscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.negscope.capture.CaptureOptions;

/**
 * Fuzz target: the ETL reader (buffer headers, the trace header and its clock, records of every header type and
 * their sizes, the per-CPU merge and look-ahead, MS-XCA plain LZ77 decompression of compressed buffers, NDIS 1001
 * fragments, PktMon 160 copies). Seeds: the first buffers of the real netsh/pktmon/kernel traces in
 * ../shared/external-captures-3 (when present). The first buffer's type and the system-header marker are forced so
 * that the input is recognised as an ETL.
 */
class EtlReaderFuzz {
    static final FuzzStats STATS = new FuzzStats("EtlReader");
    private static final CaptureOptions SMALL = CaptureOptions.DEFAULTS.withBufferSize(4096).withMaxRecordLength(1 << 16).withMaxWarnings(20);

    @FuzzTest(maxDuration = "15s")
    void fuzz(byte[] data) {
        STATS.execution();
        if (data.length >= 0x50) {
            data[0x36] = 4; data[0x37] = 0;        // BufferType: header buffer
            data[0x4A] = 2; data[0x4B] = (byte) 0xC0; // SYSTEM64 record with the trace-header flags
            data[0x4E] = 0; data[0x4F] = 0;        // hook id 0: the trace header
        }
        boolean small = (data.length & 1) != 0;
        STATS.outcome(ReaderOracle.read(data, small ? SMALL : CaptureOptions.DEFAULTS, null).name());
    }

    @AfterAll static void report() { STATS.report(); }
}
