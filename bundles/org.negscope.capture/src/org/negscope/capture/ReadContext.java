package org.negscope.capture;

import java.util.function.LongSupplier;

/** What the format parsers share while reading one file: input, decoding, warnings, progress and counts. */
final class ReadContext {
    private static final long PROGRESS_STEP = 1 << 20;

    final String file;
    final InputWindow in;
    final FrameSink decoder;
    final Warnings warnings;
    final CaptureOptions options;
    /** The file, for formats that read at offsets of their own (NetMon's frame table); null when gzip-compressed. */
    final java.nio.channels.FileChannel channel;
    private final Progress progress;
    private final LongSupplier fileBytesRead;
    private final long fileSize;
    private long nextProgress;
    long frames;
    /** Records counted as frames that hold no packet (NetMon's ETW NetEvent records): not analysed. */
    long nonPacketRecords;
    /** Copies of a packet logged once per network-stack component and set aside (pktmon). */
    long duplicates;
    /** Bytes of capture data read, when the format reads the file itself rather than through {@link #in}; -1: use {@link #in}. */
    long bytesRead = -1;
    boolean canceled;
    /** The JSON "format" value, set once the file is read. */
    String format;
    /** Where reading stopped (the offset named by the "further warnings not kept" warning). */
    long endOffset;

    ReadContext(String file, InputWindow in, FrameSink decoder, Warnings warnings, CaptureOptions options,
                Progress progress, LongSupplier fileBytesRead, long fileSize, java.nio.channels.FileChannel channel) {
        this.channel = channel;
        this.file = file; this.in = in; this.decoder = decoder; this.warnings = warnings; this.options = options;
        this.progress = progress; this.fileBytesRead = fileBytesRead; this.fileSize = fileSize;
    }

    /** Called once per record; reports progress and polls cancellation about every MiB. False: stop. */
    boolean keepGoing() {
        return keepGoing(in.offset());
    }

    /** As {@link #keepGoing()}, for formats that read at offsets of their own ({@code offset}: where they are now). */
    boolean keepGoing(long offset) {
        if (offset < nextProgress) return true;
        nextProgress = offset + PROGRESS_STEP;
        long done = bytesRead >= 0 ? offset : fileBytesRead.getAsLong(); // a format reading at its own offsets knows best
        progress.worked(Math.min(done, fileSize), fileSize);
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
