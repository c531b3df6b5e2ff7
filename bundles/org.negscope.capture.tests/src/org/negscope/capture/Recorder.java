package org.negscope.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test listener: records every callback as a line of text (for exact assertions on order, offsets and
 * frames) and the reassembled bytes of each direction. Also checks the listener contract itself: data
 * and gaps of a direction must follow each other without holes or overlaps.
 */
final class Recorder implements StreamListener {
    final List<TcpConnection> connections = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final List<CaptureWarning> warnings = new ArrayList<>();
    final List<String> contractViolations = new ArrayList<>();
    /** Timestamps of the data callbacks, in order. */
    final List<Long> dataTimes = new ArrayList<>();
    /** Whether every buffer handed to data() was read-only (the reader's buffer must not be writable). */
    boolean allReadOnly = true;
    private final List<ByteArrayOutputStream[]> streams = new ArrayList<>();
    private final List<long[]> nextOffset = new ArrayList<>();
    /** When false, data events are not listed (only bytes kept): for big inputs. */
    boolean logData = true;

    static Recorder read(Path file) throws CaptureException {
        Recorder r = new Recorder();
        r.summary = CaptureReader.read(file, r, Progress.NONE);
        return r;
    }

    static Recorder read(Path file, CaptureOptions options) throws CaptureException {
        Recorder r = new Recorder();
        r.summary = CaptureReader.read(file, r, Progress.NONE, options);
        return r;
    }

    CaptureSummary summary;

    @Override public void connectionOpened(TcpConnection c) {
        if (c.index() != connections.size()) contractViolations.add("index " + c.index() + " out of order");
        connections.add(c);
        streams.add(new ByteArrayOutputStream[] {new ByteArrayOutputStream(), new ByteArrayOutputStream()});
        nextOffset.add(new long[2]);
        events.add("open " + c.index() + " " + c + (c.sawSyn() ? " syn" : " nosyn") + " frame " + c.firstFrame());
    }

    @Override public void data(TcpConnection c, Direction d, ByteBuffer bytes, long streamOffset, long frame, long timeNanos) {
        check(c, d, streamOffset, bytes.remaining());
        dataTimes.add(timeNanos);
        allReadOnly &= bytes.isReadOnly();
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        streams.get(c.index())[d.ordinal()].writeBytes(copy);
        if (logData) events.add("data " + c.index() + " " + tag(d) + " @" + streamOffset + " +" + copy.length + " frame " + frame);
    }

    @Override public void gap(TcpConnection c, Direction d, long streamOffset, long missingBytes, long frame) {
        check(c, d, streamOffset, missingBytes);
        events.add("gap " + c.index() + " " + tag(d) + " @" + streamOffset + " +" + missingBytes + " frame " + frame);
    }

    @Override public void closed(TcpConnection c, Direction from, boolean reset, long frame, long timeNanos) {
        events.add((reset ? "RST " : "FIN ") + c.index() + " " + tag(from) + " frame " + frame);
    }

    @Override public void warning(CaptureWarning w) { warnings.add(w); }

    private void check(TcpConnection c, Direction d, long offset, long len) {
        long[] n = nextOffset.get(c.index());
        if (n[d.ordinal()] != offset) contractViolations.add(c.index() + " " + tag(d) + ": expected offset " + n[d.ordinal()] + ", got " + offset);
        n[d.ordinal()] = offset + len;
    }

    byte[] bytes(int connection, Direction d) { return streams.get(connection)[d.ordinal()].toByteArray(); }

    long total(int connection, Direction d) { return streams.get(connection)[d.ordinal()].size(); }

    List<String> warningTexts() {
        List<String> out = new ArrayList<>();
        for (CaptureWarning w : warnings) out.add("frame " + w.frame() + " @" + w.offset() + ": " + w.message());
        return out;
    }

    static String tag(Direction d) { return d == Direction.CLIENT_TO_SERVER ? "c2s" : "s2c"; }
}
