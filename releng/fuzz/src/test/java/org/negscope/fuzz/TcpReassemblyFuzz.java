package org.negscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.negscope.capture.Direction;
import org.negscope.capture.StreamListener;
import org.negscope.capture.TcpConnection;
import org.negscope.smb2.Smb2Listener;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.Smb2StreamDecoder;

/**
 * Fuzz target: TCP reassembly, driven by a packet stream ({@link TcpScript}: segments with arbitrary
 * sequence/ack numbers, flags, overlaps with conflicting bytes, snap-length cuts, IPv4/IPv6, two clients)
 * written as a SYNTHETIC pcap and read by the real reader under fuzzer-chosen limits (out-of-order buffer,
 * history, connection count). Checks the reader's stream contract ({@link ReaderOracle}) and feeds each
 * direction to an {@link Smb2StreamDecoder} as the analysis does. Seeds: the real captures' segments.
 */
class TcpReassemblyFuzz {
    static final FuzzStats STATS = new FuzzStats("TcpReassembly");

    @FuzzTest(maxDuration = "15s")
    void fuzz(byte[] script) {
        STATS.execution();
        byte[] pcap = TcpScript.toPcap(script);
        Map<String, Smb2StreamDecoder> decoders = new HashMap<>();
        long[] messages = {0};
        Smb2Listener sink = new Smb2Listener() {
            @Override public void message(Smb2Message m) { messages[0]++; }
        };
        StreamListener smb = new StreamListener() {
            @Override public void data(TcpConnection c, Direction d, ByteBuffer bytes, long off, long frame, long t) {
                decoders.computeIfAbsent(c.index() + "" + d, k -> new Smb2StreamDecoder(sink, 4096)).feed(bytes, off, frame, t);
            }
            @Override public void gap(TcpConnection c, Direction d, long off, long missing, long frame) {
                decoders.computeIfAbsent(c.index() + "" + d, k -> new Smb2StreamDecoder(sink, 4096)).gap(off, missing, frame);
            }
        };
        ReaderOracle.Outcome o = ReaderOracle.read(pcap, TcpScript.options(script.length > 0 ? script[0] : 0), smb);
        STATS.outcome(o.name());
        if (messages[0] > 0) STATS.outcome("smb2");
    }

    @AfterAll static void report() { STATS.report(); }
}
