package org.negscope.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.negscope.capture.CaptureException;
import org.negscope.capture.CaptureOptions;
import org.negscope.capture.CaptureReader;
import org.negscope.capture.CaptureSummary;
import org.negscope.capture.CaptureWarning;
import org.negscope.capture.Direction;
import org.negscope.capture.Progress;
import org.negscope.capture.StreamListener;
import org.negscope.capture.TcpConnection;

/**
 * Runs the capture reader on fuzzer bytes (through a real file: {@link CaptureReader} reads files) and
 * checks what it promises beyond "no exception": the only exception is {@link CaptureException} with a
 * message naming file and offset; per direction the data and gap callbacks tile the stream without holes
 * or overlaps; buffers are read-only; FIN/RST are reported once per side and kind; warnings name this file,
 * a plausible frame and an offset inside the file; the warning list is capped.
 */
public final class ReaderOracle implements StreamListener {
    private static Path scratch;

    /** One reused scratch file per JVM, in memory (/dev/shm) when possible. */
    public static synchronized Path scratch(byte[] data) {
        try {
            if (scratch == null) {
                Path shm = Path.of("/dev/shm");
                scratch = Files.isDirectory(shm) && Files.isWritable(shm)
                        ? Files.createTempFile(shm, "negscope-fuzz-", ".cap") : Files.createTempFile("negscope-fuzz-", ".cap");
                scratch.toFile().deleteOnExit();
            }
            Files.write(scratch, data);
            return scratch;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final String file;
    private final long size;
    private final StreamListener next;
    private final Map<TcpConnection, long[]> expected = new HashMap<>(); // [c2s, s2c] next offsets
    private final Set<String> closed = new HashSet<>();
    private final Set<Integer> indices = new HashSet<>();
    long frames, warnings, dataCalls, gaps;

    private ReaderOracle(Path file, long size, StreamListener next) {
        this.file = file.toString();
        this.size = size;
        this.next = next;
    }

    /** What a read ended with, for the statistics. */
    public enum Outcome { REFUSED, CLEAN, WARNED }

    public static Outcome read(byte[] data, CaptureOptions options, StreamListener next) {
        Path f = scratch(data);
        ReaderOracle o = new ReaderOracle(f, data.length, next);
        CaptureSummary s;
        try {
            s = CaptureReader.read(f, o, Progress.NONE, options);
        } catch (CaptureException e) {
            check(e.getMessage() != null && e.getMessage().startsWith(f + ", offset "), "CaptureException message does not start with file and offset: " + e.getMessage());
            check(e.offset() >= 0 && e.offset() <= Math.max(data.length, 4), "CaptureException offset " + e.offset() + " outside the " + data.length + "-byte file");
            return Outcome.REFUSED;
        }
        check(s.frames() >= 0, "negative frame count");
        check(s.warnings().size() <= options.maxWarnings() + 1, "warnings not capped: " + s.warnings().size());
        boolean gzip = data.length >= 2 && (data[0] & 0xFF) == 0x1F && (data[1] & 0xFF) == 0x8B;
        for (CaptureWarning w : s.warnings()) {
            check(w.file().equals(f.toString()), "warning names another file: " + w);
            check(w.frame() >= 0 && w.frame() <= s.frames() + 1, "warning frame " + w.frame() + " beyond the " + s.frames() + " frames read: " + w);
            check(w.offset() >= 0 && (gzip || w.offset() <= data.length), "warning offset outside the file (" + data.length + " bytes): " + w);
            check(w.message() != null && !w.message().isBlank(), "empty warning message");
        }
        return s.warnings().isEmpty() ? Outcome.CLEAN : Outcome.WARNED;
    }

    static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }

    private long[] offsets(TcpConnection c) {
        return expected.computeIfAbsent(c, k -> new long[2]);
    }

    @Override public void connectionOpened(TcpConnection c) {
        check(indices.add(c.index()), "connection index " + c.index() + " used twice");
        check(!expected.containsKey(c), "connection opened twice: " + c);
        offsets(c);
        if (next != null) next.connectionOpened(c);
    }

    @Override public void data(TcpConnection c, Direction d, ByteBuffer bytes, long streamOffset, long frame, long timeNanos) {
        dataCalls++;
        check(bytes.isReadOnly(), "data buffer is writable");
        check(bytes.remaining() > 0, "empty data callback at stream offset " + streamOffset);
        check(frame >= 1, "data with frame " + frame);
        long[] o = offsets(c);
        int i = d.ordinal();
        check(streamOffset == o[i], c + " " + d + ": data at stream offset " + streamOffset + ", expected " + o[i]);
        o[i] += bytes.remaining();
        if (next != null) next.data(c, d, bytes, streamOffset, frame, timeNanos);
    }

    @Override public void gap(TcpConnection c, Direction d, long streamOffset, long missingBytes, long frame) {
        gaps++;
        check(missingBytes > 0, "gap of " + missingBytes + " bytes");
        long[] o = offsets(c);
        int i = d.ordinal();
        check(streamOffset == o[i], c + " " + d + ": gap at stream offset " + streamOffset + ", expected " + o[i]);
        o[i] += missingBytes;
        if (next != null) next.gap(c, d, streamOffset, missingBytes, frame);
    }

    @Override public void closed(TcpConnection c, Direction from, boolean reset, long frame, long timeNanos) {
        check(closed.add(c.index() + "/" + from + "/" + reset), "closed reported twice: " + c + " " + from + " reset=" + reset);
        if (next != null) next.closed(c, from, reset, frame, timeNanos);
    }

    @Override public void warning(CaptureWarning w) {
        warnings++;
        if (next != null) next.warning(w);
    }
}
