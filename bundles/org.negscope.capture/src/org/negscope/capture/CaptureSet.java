package org.negscope.capture;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * warnings, not errors; the set is unreadable only when no member holds a packet. Members whose times overlap (files
 * of two interfaces or capture points taken at the same time, rather than one capture cut in pieces) are merged by
 * time ({@link Interleaved}); a warning says so. Before reading, each member is read once without decoding, for the
 * times of its first and latest packets.
 */
public final class CaptureSet {
    private CaptureSet() {}

    /**
     * A member: its file, the times of its first and its latest packet (Long.MAX_VALUE / MIN_VALUE: none) and its place
     * in the list given.
     */
    record Member(Path file, long firstTime, long lastTime, int given) {}

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
                members.add(span(f, members.size(), options));
                total += Files.size(f);
            } catch (CaptureException e) {
                refuse(warnings, refused, f, e);
            } catch (IOException e) {
                // the size is only for progress; the read below reports a real problem
            }
        }
        // A ring's members in the order they were written; members without a packet last, in the order given.
        members.sort(Comparator.comparingLong(Member::firstTime).thenComparingInt(Member::given));

        TcpReassembler reassembler = new TcpReassembler(listener, warnings, options);
        PacketDecoder decoder = new PacketDecoder(reassembler, warnings);
        Totals t = new Totals();
        for (int i = 0; i < members.size() && !t.canceled; ) {
            // a group: members whose times overlap (usually one alone: the pieces of a ring follow each other)
            int j = i + 1;
            long groupEnd = members.get(i).lastTime();
            while (j < members.size() && members.get(j).firstTime() != Long.MAX_VALUE && members.get(j).firstTime() < groupEnd) {
                groupEnd = Math.max(groupEnd, members.get(j).lastTime());
                j++;
            }
            List<Member> group = members.subList(i, j);
            if (group.size() == 1) {
                readOne(group.get(0), decoder, warnings, refused, progress, total, options, t);
            } else {
                Interleaved.read(group, decoder, warnings, refused, progress, total, options, t);
            }
            i = j;
        }
        if (!t.canceled && t.frames - t.nonPacket - t.duplicates <= 0) {
            throw new CaptureException(name, 0, files.size() == 1 && !refused.isEmpty() ? refused.get(0)
                    : "no file of the capture set holds packets" + (refused.isEmpty() ? "" : ": " + String.join("; ", refused)));
        }
        reassembler.finishAll();
        t.read.sort(Comparator.comparingLong(CaptureSummary.Member::firstFrame));
        return new CaptureSummary(name, "set", t.frames, t.bytes, warnings.finish(t.bytes), t.canceled, t.duplicates, t.nonPacket,
                List.copyOf(t.read));
    }

    /** What the members read so far add up to. */
    static final class Totals {
        final List<CaptureSummary.Member> read = new ArrayList<>();
        long frames, bytes, duplicates, nonPacket, done;
        boolean canceled;

        /** A member read: its counts, the set-wide number of its first frame and (merged by time) its runs. */
        void add(Member m, ReadContext ctx, long firstFrame, List<CaptureSummary.Run> runs) {
            read.add(new CaptureSummary.Member(m.file().toString(), ctx.format, ctx.frames, firstFrame, runs));
            frames += ctx.frames;
            bytes += ctx.bytesRead;
            duplicates += ctx.duplicates;
            nonPacket += ctx.nonPacketRecords;
            done += ctx.bytesRead;
            canceled |= ctx.canceled;
        }
    }

    /** Reads one member (it overlaps no other) straight into the decoder, its frames numbered after those before it. */
    private static void readOne(Member m, PacketDecoder decoder, Warnings warnings, List<String> refused, Progress progress,
                                long total, CaptureOptions options, Totals t) {
        long base = t.frames, before = t.done;
        FrameSink renumber = (link, b, off, len, orig, frame, time, offset) ->
                decoder.packet(link, b, off, len, orig, base + frame, time, offset);
        Progress p = new Progress() {
            @Override public void worked(long bytesRead, long totalBytes) { progress.worked(before + bytesRead, Math.max(total, before + totalBytes)); }
            @Override public boolean isCanceled() { return progress.isCanceled(); }
        };
        try {
            t.add(m, CaptureReader.readInto(m.file(), renumber, warnings.named(m.file().toString()), p, options), base + 1, List.of());
        } catch (CaptureException e) {
            refuse(warnings, refused, m.file(), e);
        }
    }

    static void refuse(Warnings warnings, List<String> refused, Path f, CaptureException e) {
        refused.add(e.getMessage());
        warnings.named(f.toString()).add(0, e.offset(), "not read as part of the capture set: " + reason(e, f));
    }

    /** Stops a member's read (its merge ended early). */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        Stop() { super(null, null, false, false); }
    }

    /**
     * A member's times and frames, from a read that decodes nothing (to order the members and find the ones whose
     * times overlap). Throws when the file cannot be read as a capture.
     */
    private static Member span(Path file, int given, CaptureOptions options) throws CaptureException {
        long[] times = {Long.MAX_VALUE, Long.MIN_VALUE};
        FrameSink note = (link, b, off, len, orig, frame, time, offset) -> {
            if (times[0] == Long.MAX_VALUE) times[0] = time; // the first packet's time: a ring's order
            if (time > times[1]) times[1] = time;
        };
        CaptureReader.readInto(file, note, new Warnings(file.toString(), 0, (c, d, b, o, f, t) -> { }), Progress.NONE, options);
        return new Member(file, times[0], times[1], given);
    }

    /** A member's reason without its file name (the warning names the file already). */
    private static String reason(CaptureException e, Path file) {
        String m = e.getMessage(), prefix = file + ", offset " + e.offset() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
