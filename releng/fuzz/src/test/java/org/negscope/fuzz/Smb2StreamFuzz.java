package org.negscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.negscope.smb2.FieldTree;
import org.negscope.smb2.Smb2Listener;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.Smb2StreamDecoder;
import org.negscope.smb2.TransformHeader;

/**
 * Fuzz target: {@link Smb2StreamDecoder} on one direction of a stream: NBSS framing, compound chains,
 * SMB1/transform/compressed recognition, resynchronisation after gaps and damage, the per-message byte
 * cap. Input: byte 0 selects maxKeptBytes, byte 1 seeds how the rest is cut into feeds (bit 7: 1-8 bytes,
 * else up to 1.5 KiB) and, with bit 6, where gaps are declared (the bytes of a gap are dropped, as if lost).
 * Every delivered message is checked and decoded by its own command's decoder; every 16th is also described
 * ({@link FieldTree#describe} must never throw). Seeds: real reassembled streams (first 8 KiB).
 */
class Smb2StreamFuzz {
    static final FuzzStats STATS = new FuzzStats("Smb2Stream");
    private static final int[] KEPT = {64, 100, 256, 1024, 4096, 65536};

    @FuzzTest(maxDuration = "15s")
    void fuzz(byte[] data) {
        STATS.execution();
        if (data.length < 2) return;
        int maxKept = KEPT[(data[0] & 0xFF) % KEPT.length];
        SplittableRandom rnd = new SplittableRandom(data[1]);
        boolean tiny = (data[1] & 0x80) != 0, gaps = (data[1] & 0x40) != 0;
        long[] lastOffset = {-1};
        long[] count = {0};
        Smb2Listener l = new Smb2Listener() {
            @Override public void message(Smb2Message m) {
                count[0]++;
                check(m.header() != null, "message without header");
                check(m.keptLength() <= maxKept, "kept " + m.keptLength() + " > maxKeptBytes " + maxKept);
                check(m.length() >= m.keptLength() && m.keptLength() >= 64, "lengths " + m.keptLength() + "/" + m.length());
                check(m.streamOffset() > lastOffset[0] || m.compoundIndex() > 0, "stream offsets not increasing: " + m.streamOffset() + " after " + lastOffset[0]);
                check(m.firstFrame() <= m.lastFrame(), "frames " + m.firstFrame() + ".." + m.lastFrame());
                lastOffset[0] = m.streamOffset();
                // every decoder and field tree on every message is Smb2MessageFuzz's job; here the framing is the point
                Decoders.own(m, count[0] % 16 == 1);
            }
            @Override public void encrypted(TransformHeader t, long firstFrame, long lastFrame, long timeNanos) {
                count[0]++;
                Decoders.fields(FieldTree.describe(t));
            }
            @Override public void malformed(String msg, long frame, long streamOffset) {
                check(msg != null && !msg.isBlank(), "empty malformed message");
                check(streamOffset >= 0, "malformed at stream offset " + streamOffset);
            }
        };
        Smb2StreamDecoder dec = new Smb2StreamDecoder(l, maxKept);
        ByteBuffer in = ByteBuffer.wrap(data, 2, data.length - 2).slice();
        long streamOffset = 0, frame = 1;
        while (in.hasRemaining()) {
            if (gaps && rnd.nextInt(32) == 0) {
                int missing = 1 + rnd.nextInt(300);
                dec.gap(streamOffset, missing, frame);
                int drop = Math.min(missing, in.remaining());
                in.position(in.position() + drop);
                streamOffset += missing;
                continue;
            }
            int n = Math.min(in.remaining(), 1 + rnd.nextInt(tiny ? 8 : 1500));
            ByteBuffer chunk = in.slice();
            chunk.limit(n);
            dec.feed(chunk.asReadOnlyBuffer(), streamOffset, frame++, frame * 1000);
            in.position(in.position() + n);
            streamOffset += n;
        }
        STATS.outcome(count[0] > 0 ? "messages" : "none");
        if (dec.isRejected()) STATS.outcome("rejected");
    }

    static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }

    @AfterAll static void report() { STATS.report(); }
}
