package org.negscope.capture;

import java.util.function.LongSupplier;

/** What the format parsers share while reading one file: input, decoding, warnings, progress and counts. */
final class ReadContext {
    private static final long PROGRESS_STEP = 1 << 20;

    final String file;
    final InputWindow in;
    final PacketDecoder decoder;
    final Warnings warnings;
    final CaptureOptions options;
    private final Progress progress;
    private final LongSupplier fileBytesRead;
    private final long fileSize;
    private long nextProgress;
    long frames;
    long duplicates;  // copies of a packet set aside (pktmon's pcapng)
    boolean canceled;

    ReadContext(String file, InputWindow in, PacketDecoder decoder, Warnings warnings, CaptureOptions options,
                Progress progress, LongSupplier fileBytesRead, long fileSize) {
        this.file = file; this.in = in; this.decoder = decoder; this.warnings = warnings; this.options = options;
        this.progress = progress; this.fileBytesRead = fileBytesRead; this.fileSize = fileSize;
    }

    /** Called once per record; reports progress and polls cancellation about every MiB. False: stop. */
    boolean keepGoing() {
        if (in.offset() < nextProgress) return true;
        nextProgress = in.offset() + PROGRESS_STEP;
        progress.worked(Math.min(fileBytesRead.getAsLong(), fileSize), fileSize);
        if (progress.isCanceled()) {
            canceled = true;
            return false;
        }
        return true;
    }

    /** A read error ended the input early: say so (a clean end of file says nothing). */
    void reportReadError() {
        if (in.error() != null) {
            warnings.add(0, in.offset() + in.available(), "read error, rest of file not read: " + in.error().getMessage());
        }
    }

    static int i32(byte[] b, int p, boolean bigEndian) {
        return bigEndian ? PacketDecoder.i32be(b, p)
                : (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }
    static long u32(byte[] b, int p, boolean bigEndian) { return i32(b, p, bigEndian) & 0xFFFFFFFFL; }
    static int u16(byte[] b, int p, boolean bigEndian) {
        return bigEndian ? PacketDecoder.u16(b, p) : (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }
}
