package org.negscope.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Members of a capture set whose times overlap (files of two interfaces or two capture points taken at the same time,
 * rather than the pieces of one ring), read as one: a k-way merge of their frames by timestamp, numbered in the merged
 * order (as Wireshark numbers the file mergecap writes). The format readers push frames, so each member is read on its
 * own thread into a small bounded queue of copied frames and the merge pulls from the queues; only the merge thread
 * decodes, reassembles and calls the listener. Which set-wide numbers are whose frames is kept as runs of consecutive
 * numbers ({@link CaptureSummary.Run}), at most {@link #MAX_RUNS} per group. Memory: at most {@link #QUEUE} frames per
 * member and the runs.
 */
final class Interleaved {
    static final int QUEUE = 256;
    static final int MAX_RUNS = 100_000;
    private static final Object END = new Object();

    private Interleaved() {}

    /** One frame, copied out of the member reader's buffer. */
    private record Frame(int link, byte[] data, long orig, long ownNumber, long time, long offset) {}

    /** A member read on its own thread. */
    private static final class Feed extends Thread {
        final CaptureSet.Member member;
        final int order;
        final CaptureOptions options;
        final Progress outer;
        final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
        /** The member's own warnings (this thread's); the merge thread passes them on when the member has ended. */
        final Warnings own;
        final List<CaptureSummary.Run> runs = new ArrayList<>();
        volatile boolean stop;
        volatile ReadContext ctx;
        volatile CaptureException failure;
        volatile Throwable bug;
        Frame head;
        long position, firstFrame;
        long runStart, runOwn, runCount;

        Feed(CaptureSet.Member member, int order, CaptureOptions options, Progress outer) {
            super("negscope-capture-set-" + member.file().getFileName());
            setDaemon(true);
            this.member = member;
            this.order = order;
            this.options = options;
            this.outer = outer;
            this.own = new Warnings(member.file().toString(), options.maxWarnings(), (c, d, b, o, f, t) -> { });
        }

        @Override public void run() {
            try {
                FrameSink copy = (link, b, off, len, orig, frame, time, offset) ->
                        put(new Frame(link, Arrays.copyOfRange(b, off, off + len), orig, frame, time, offset));
                ctx = CaptureReader.readInto(member.file(), copy, own, new Progress() {
                    @Override public boolean isCanceled() { return stop || outer.isCanceled(); }
                }, options);
            } catch (CaptureException e) {
                failure = e;
            } catch (CaptureSet.Stop e) {
                // the merge ended early
            } catch (Throwable e) {
                bug = e;
            } finally {
                put(END);
            }
        }

        private void put(Object o) {
            try {
                while (!queue.offer(o, 50, TimeUnit.MILLISECONDS)) {
                    if (stop) {
                        if (o == END) return;
                        throw new CaptureSet.Stop();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (o != END) throw new CaptureSet.Stop();
            }
        }

        /** Takes the next frame into {@link #head}; false (head null) when the member has ended. */
        boolean advance() {
            Object o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CaptureSet.Stop();
            }
            head = o == END ? null : (Frame) o;
            return head != null;
        }

        /**
         * Notes that this member's frame {@code own} got set-wide number {@code number}: 0 when that continues the
         * current run, 1 when it starts a new one, -1 when a new one was needed but runs are no longer kept.
         */
        int numbered(long number, long own, boolean keep) {
            if (firstFrame == 0) firstFrame = number;
            if (runCount > 0 && number == runStart + runCount && own == runOwn + runCount) {
                runCount++;
                return 0;
            }
            closeRun();
            if (!keep) return -1;
            runStart = number;
            runOwn = own;
            runCount = 1;
            return 1;
        }

        void closeRun() {
            if (runCount > 0) runs.add(new CaptureSummary.Run(runStart, runOwn, runCount));
            runCount = 0;
        }

        /** Stops the reader and waits for its thread (emptying the queue it may be blocked on). */
        void end() {
            stop = true;
            while (isAlive()) {
                queue.clear();
                try {
                    join(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Reads {@code group} (members in order of their first packet) merged by time into {@code decoder}. */
    static void read(List<CaptureSet.Member> group, PacketDecoder decoder, Warnings warnings, List<String> refused,
                     Progress progress, long total, CaptureOptions options, CaptureSet.Totals t) {
        List<Feed> feeds = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            feeds.add(new Feed(group.get(i), i, options, progress));
        }
        String names = String.join(", ", group.stream().map(m -> String.valueOf(m.file().getFileName())).toList());
        for (Feed f : feeds) {
            warnings.named(f.member.file().toString()).add(0, 0, "the packets of " + names + " overlap in time (not the pieces of"
                    + " one capture, e.g. two interfaces' files): their frames are merged by time and numbered in that order");
        }
        PriorityQueue<Feed> heads = new PriorityQueue<>(Comparator.comparingLong((Feed f) -> f.head.time()).thenComparingInt(f -> f.order));
        long before = t.done, number = t.frames, runs = 0;
        boolean keep = true;
        try {
            for (Feed f : feeds) {
                f.start();
            }
            for (Feed f : feeds) {
                if (f.advance()) heads.add(f);
            }
            while (!heads.isEmpty()) {
                Feed f = heads.poll();
                Frame fr = f.head;
                f.position = fr.offset();
                number++;
                if (f.numbered(number, fr.ownNumber(), keep) == 1 && ++runs >= MAX_RUNS) {
                    keep = false; // the runs would grow with the capture: later frames are not mapped to their files
                    warnings.named(f.member.file().toString()).add(0, 0, "beyond set-wide frame " + number
                            + " the frames of the overlapping files alternate too often to remember which file each came from");
                }
                decoder.packet(fr.link(), fr.data(), 0, fr.data().length, fr.orig(), number, fr.time(), fr.offset());
                if ((number & 1023) == 0) {
                    long done = before;
                    for (Feed g : feeds) done += g.position;
                    progress.worked(Math.min(done, total), total);
                    if (progress.isCanceled()) {
                        t.canceled = true;
                        break;
                    }
                }
                if (f.advance()) heads.add(f);
            }
        } finally {
            for (Feed f : feeds) {
                f.end();
            }
        }
        for (Feed f : feeds) {
            if (f.bug instanceof RuntimeException e) throw e;
            if (f.bug instanceof Error e) throw e;
            Path file = f.member.file();
            if (f.failure != null) {
                CaptureSet.refuse(warnings, refused, file, f.failure);
                continue;
            }
            ReadContext ctx = f.ctx;
            if (ctx == null) continue; // stopped before its read returned (canceled)
            f.closeRun();
            t.add(f.member, ctx, f.firstFrame == 0 ? number + 1 : f.firstFrame, List.copyOf(f.runs));
            for (CaptureWarning w : f.own.finish(ctx.endOffset)) {
                warnings.named(file.toString()).add(w.frame(), w.offset(), w.message());
            }
        }
    }
}
