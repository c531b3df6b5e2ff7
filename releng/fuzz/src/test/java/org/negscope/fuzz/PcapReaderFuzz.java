package org.negscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.negscope.capture.CaptureOptions;

/**
 * Fuzz target: the classic pcap reader (both byte orders, µs/ns, the "modified" variant), its link
 * layers, IP and TCP decoding. Seeds: the committed Samba captures and the external ones as pcap.
 * The first four bytes are forced to one of the six pcap magics so that the fuzzer spends its time in the
 * records (a wrong magic is a one-line refusal, tested by the broken-capture corpus).
 */
class PcapReaderFuzz {
    static final FuzzStats STATS = new FuzzStats("PcapReader");
    private static final int[] MAGICS = {0xD4C3B2A1, 0xA1B2C3D4, 0x4D3CB2A1, 0xA1B23C4D, 0x34CDB2A1, 0xA1B2CD34};
    /** Small limits: the fuzzer reaches the record-length cap and warning cap with small inputs. */
    private static final CaptureOptions SMALL = CaptureOptions.DEFAULTS.withBufferSize(4096).withMaxRecordLength(1 << 16).withMaxWarnings(20);

    @FuzzTest(maxDuration = "15s")
    void fuzz(byte[] data) {
        STATS.execution();
        if (data.length >= 4 && !isPcapMagic(data)) {
            int m = MAGICS[(data[0] & 0xFF) % MAGICS.length];
            data[0] = (byte) (m >>> 24); data[1] = (byte) (m >>> 16); data[2] = (byte) (m >>> 8); data[3] = (byte) m;
        }
        boolean small = (data.length & 1) != 0; // half the inputs under small limits (caps reached with small inputs)
        STATS.outcome(ReaderOracle.read(data, small ? SMALL : CaptureOptions.DEFAULTS, null).name());
    }

    static boolean isPcapMagic(byte[] d) {
        int m = (d[0] & 0xFF) << 24 | (d[1] & 0xFF) << 16 | (d[2] & 0xFF) << 8 | (d[3] & 0xFF);
        for (int x : MAGICS) if (x == m) return true;
        return false;
    }

    @AfterAll static void report() { STATS.report(); }
}
