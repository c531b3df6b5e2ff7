package org.negscope.capture;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Several files of one capture read as one (a capture set): a tcpdump {@code -C}/{@code -G} ring, a multi-file
 * netsh/pktmon trace, an editcap split, files of different formats. Each member's format is recognised by content;
 * members are read in the order of their first packet's time; frames are numbered across the set (the first frame of
 * the second member follows the last of the first), and {@link CaptureSummary#members()} tells which set-wide numbers
 * each file holds. TCP connections continue across members: one reassembler serves the whole set.
 * <p>
 * Members that hold no packets (a netsh .cab report, a trace of ETW events only, a file of no known format) are
 * warnings, not errors; the set is unreadable only when no member holds a packet. Members whose times overlap (two
 * captures taken at the same time, rather than one capture cut in pieces) are read one after the other, not
 * interleaved: a warning says so, because a connection that spans both may then see its segments out of order.
 */
public final class CaptureSet {
    private CaptureSet() {}

    /** Stops a read after its first packet (see {@link #firstTime}). */
    private static final class FirstPacket extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long time;
        FirstPacket(long time) {
            super(null, null, false, false);
            this.time = time;
        }
    }

    /** A member: its file, the time of its first packet (Long.MAX_VALUE: none) and its place in the list given. */
    private record Member(Path file, long firstTime, int given) {}

    /**
     * The files of a set: each input that is a directory stands for its regular files (not hidden ones, not
     * subdirectories), in name order; other inputs are taken as given.
     */
    public static List<Path> files(List<Path> inputs) throws CaptureException {
        List<Path> out = new ArrayList<>();
        for (Path in : inputs) {
            if (!Files.isDirectory(in)) {
                out.add(in);
                continue;
            }
            List<Path> dir = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(in)) {
                for (Path f : ds) {
                    String n = f.getFileName().toString();
                    if (!n.startsWith(".") && Files.isRegularFile(f)) dir.add(f);
                }
            } catch (IOException e) {
                throw new CaptureException(in.toString(), 0, "cannot list the directory: " + e.getMessage(), e);
            }
            if (dir.isEmpty()) throw new CaptureException(in.toString(), 0, "the directory holds no files");
            dir.sort(Comparator.comparing(Path::toString));
            out.addAll(dir);
        }
        return out;
    }

    /** The set's name in reports: the directory when one was given alone, else the first file and how many follow. */
    public static String name(List<Path> inputs) {
        if (inputs.size() == 1) return inputs.get(0).toString();
        return inputs.get(0) + " (+" + (inputs.size() - 1) + " more)";
    }

    public static CaptureSummary read(List<Path> inputs, StreamListener listener, Progress progress) throws CaptureException {
        return read(inputs, listener, progress, CaptureOptions.DEFAULTS);
    }

    /**
     * Reads the set into {@code listener} as one capture (format "set"). Throws {@link CaptureException} when no
     * member holds a packet, naming each member's reason.
     */
    public static CaptureSummary read(List<Path> inputs, StreamListener listener, Progress progress, CaptureOptions options)
            throws CaptureException {
        String name = name(inputs);
        List<Path> files = files(inputs);
        Warnings warnings = new Warnings(name, options.maxWarnings(), listener);
        List<String> refused = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        long total = 0;
        for (Path f : files) {
            try {
                members.add(new Member(f, firstTime(f, options), members.size()));
                total += Files.size(f);
            } catch (CaptureException e) {
                refused.add(e.getMessage());
                warnings.named(f.toString()).add(0, e.offset(), "not read as part of the capture set: " + reason(e, f));
            } catch (IOException e) {
                // the size is only for progress; the read below reports a real problem
            }
        }
        // A ring's members in the order they were written; members without a packet last, in the order given.
        members.sort(Comparator.comparingLong(Member::firstTime).thenComparingInt(Member::given));

        TcpReassembler reassembler = new TcpReassembler(listener, warnings, options);
        PacketDecoder decoder = new PacketDecoder(reassembler, warnings);
        List<CaptureSummary.Member> read = new ArrayList<>();
        long frames = 0, bytes = 0, duplicates = 0, nonPacket = 0, lastTime = Long.MIN_VALUE, done = 0;
        Path lastFile = null;
        boolean canceled = false;
        for (Member m : members) {
            String file = m.file().toString();
            if (m.firstTime() != Long.MAX_VALUE && m.firstTime() < lastTime) {
                warnings.named(file).add(0, 0, "its first packet (" + Instant.ofEpochSecond(0, m.firstTime()) + ") is older than the"
                        + " last packet of " + lastFile.getFileName() + " (" + Instant.ofEpochSecond(0, lastTime) + "): the files overlap in"
                        + " time; they are read one after the other, not interleaved, so a connection present in both may show"
                        + " its segments out of order");
            }
            long base = frames;
            long[] last = {lastTime};
            FrameSink renumber = (link, b, off, len, orig, frame, time, offset) -> {
                if (time > last[0]) last[0] = time;
                decoder.packet(link, b, off, len, orig, base + frame, time, offset);
            };
            long before = done, all = total;
            Progress p = new Progress() {
                @Override public void worked(long bytesRead, long totalBytes) { progress.worked(before + bytesRead, Math.max(all, before + totalBytes)); }
                @Override public boolean isCanceled() { return progress.isCanceled(); }
            };
            ReadContext ctx;
            try {
                ctx = CaptureReader.readInto(m.file(), renumber, warnings.named(file), p, options);
            } catch (CaptureException e) {
                refused.add(e.getMessage());
                warnings.named(file).add(0, e.offset(), "not read as part of the capture set: " + reason(e, m.file()));
                continue;
            }
            read.add(new CaptureSummary.Member(file, ctx.format, ctx.frames, base + 1));
            frames += ctx.frames;
            bytes += ctx.bytesRead;
            duplicates += ctx.duplicates;
            nonPacket += ctx.nonPacketRecords;
            if (last[0] > lastTime) {
                lastTime = last[0];
                lastFile = m.file();
            }
            try {
                done += Files.size(m.file());
            } catch (IOException e) {
                // progress only
            }
            if (ctx.canceled) {
                canceled = true;
                break;
            }
        }
        if (!canceled && frames - nonPacket - duplicates <= 0) {
            throw new CaptureException(name, 0, files.size() == 1 && !refused.isEmpty() ? refused.get(0)
                    : "no file of the capture set holds packets" + (refused.isEmpty() ? "" : ": " + String.join("; ", refused)));
        }
        reassembler.finishAll();
        return new CaptureSummary(name, "set", frames, bytes, warnings.finish(bytes), canceled, duplicates, nonPacket, List.copyOf(read));
    }

    /** The time of {@code file}'s first packet; Long.MAX_VALUE when it has none. Reads only up to that packet. */
    private static long firstTime(Path file, CaptureOptions options) throws CaptureException {
        FrameSink stop = (link, b, off, len, orig, frame, time, offset) -> { throw new FirstPacket(time); };
        try {
            CaptureReader.readInto(file, stop, new Warnings(file.toString(), 0, new StreamListener() {
                @Override public void data(TcpConnection c, Direction d, java.nio.ByteBuffer b, long o, long f, long t) {}
            }), Progress.NONE, options);
            return Long.MAX_VALUE;
        } catch (FirstPacket p) {
            return p.time;
        }
    }

    /** A member's reason without its file name (the warning names the file already). */
    private static String reason(CaptureException e, Path file) {
        String m = e.getMessage(), prefix = file + ", offset " + e.offset() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
