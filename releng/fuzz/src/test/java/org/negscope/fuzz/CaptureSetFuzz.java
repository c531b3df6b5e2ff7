package org.negscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.negscope.capture.CaptureException;
import org.negscope.capture.CaptureOptions;
import org.negscope.capture.CaptureSet;
import org.negscope.capture.CaptureSummary;
import org.negscope.capture.CaptureWarning;
import org.negscope.capture.Direction;
import org.negscope.capture.Progress;
import org.negscope.capture.StreamListener;
import org.negscope.capture.TcpConnection;

/**
 * Fuzz target: capture sets ({@link CaptureSet}): members of any format ordered by their first packet, frames
 * renumbered across them, members without packets set aside, one reassembler over all of them. The input holds up to
 * four member files separated by {@link #SEPARATOR} (overlapping ones are merged by time on reader threads). Checks:
 * only a CaptureException naming the set and an offset; the members' frames add up to the set's;
 * a merged member's first set-wide frame is one of its frames, its runs lie inside it;
 * every warning names the set or one of its files; the warnings are capped.
 */
class CaptureSetFuzz {
    static final FuzzStats STATS = new FuzzStats("CaptureSet");
    static final byte[] SEPARATOR = "--NEGSCOPE-SET--".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final CaptureOptions SMALL = CaptureOptions.DEFAULTS.withBufferSize(4096).withMaxRecordLength(1 << 16).withMaxWarnings(20);
    private static Path dir;

    /** The input that holds these members. */
    static byte[] join(byte[]... members) {
        byte[] out = new byte[0];
        for (int i = 0; i < members.length; i++) {
            out = i == 0 ? members[i] : Seeds.concat(Seeds.concat(out, SEPARATOR), members[i]);
        }
        return out;
    }

    static List<byte[]> split(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i + SEPARATOR.length <= data.length && out.size() < 3; i++) {
            if (java.util.Arrays.equals(data, i, i + SEPARATOR.length, SEPARATOR, 0, SEPARATOR.length)) {
                out.add(java.util.Arrays.copyOfRange(data, from, i));
                from = i + SEPARATOR.length;
                i = from - 1;
            }
        }
        out.add(java.util.Arrays.copyOfRange(data, from, data.length));
        return out;
    }

    @FuzzTest(maxDuration = "15s")
    void fuzz(byte[] data) throws IOException {
        STATS.execution();
        List<byte[]> members = split(data);
        List<Path> files = write(members);
        CaptureOptions options = (data.length & 1) != 0 ? SMALL : CaptureOptions.DEFAULTS;
        Set<String> names = new HashSet<>();
        files.forEach(f -> names.add(f.toString()));
        String set = CaptureSet.name(files);
        names.add(set);
        CaptureSummary s;
        try {
            s = CaptureSet.read(files, new StreamListener() {
                @Override public void data(TcpConnection c, Direction d, java.nio.ByteBuffer b, long o, long f, long t) {
                    ReaderOracle.check(b.isReadOnly() && f >= 1, "data callback");
                }
            }, Progress.NONE, options);
        } catch (CaptureException e) {
            ReaderOracle.check(e.getMessage() != null && e.getMessage().startsWith(set + ", offset "),
                    "CaptureException does not name the set: " + e.getMessage());
            STATS.outcome("REFUSED");
            return;
        }
        ReaderOracle.check(s.format().equals("set"), "format " + s.format());
        long sum = 0;
        for (CaptureSummary.Member m : s.members()) {
            ReaderOracle.check(m.firstFrame() >= 1 && m.firstFrame() <= s.frames() + 1, "member " + m + " starts outside the set");
            ReaderOracle.check(names.contains(m.path()), "member names another file: " + m);
            ReaderOracle.check(m.runs().isEmpty() || m.locate(m.firstFrame()) >= 1, "a merged member's first frame is not one of its frames: " + m);
            for (CaptureSummary.Run r : m.runs()) {
                ReaderOracle.check(r.count() > 0 && r.setFrame() >= 1 && r.ownFrame() >= 1 && r.ownFrame() + r.count() - 1 <= m.frames(),
                        "run outside the member: " + r + " of " + m);
            }
            sum += m.frames();
        }
        ReaderOracle.check(sum == s.frames(), "members add up to " + sum + " frames, the set says " + s.frames());
        ReaderOracle.check(s.warnings().size() <= options.maxWarnings() + 1, "warnings not capped: " + s.warnings().size());
        for (CaptureWarning w : s.warnings()) {
            ReaderOracle.check(names.contains(w.file()), "warning names another file: " + w);
        }
        STATS.outcome(s.warnings().isEmpty() ? "CLEAN" : "WARNED");
    }

    private static synchronized List<Path> write(List<byte[]> members) {
        try {
            if (dir == null) {
                Path shm = Path.of("/dev/shm");
                dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "negscope-fuzz-set-")
                        : Files.createTempDirectory("negscope-fuzz-set-");
                dir.toFile().deleteOnExit();
            }
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                Path f = dir.resolve("member" + i);
                Files.write(f, members.get(i));
                f.toFile().deleteOnExit();
                files.add(f);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll static void report() { STATS.report(); }
}
