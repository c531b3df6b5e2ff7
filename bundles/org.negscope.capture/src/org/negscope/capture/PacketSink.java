package org.negscope.capture;

/**
 * Feeds frames that do not come from a file (live capture) through the same decoding and TCP reassembly as
 * {@link CaptureReader}, so that a listener sees exactly what it would see reading the saved capture.
 * One sink per capture session; not thread-safe (call it from the capturing thread only).
 * <p>
 * Frames are numbered 1, 2, ... in the order given, like the frames of the file they are written to.
 */
public final class PacketSink {
    private final String name;
    private final Warnings warnings;
    private final TcpReassembler reassembler;
    private final PacketDecoder decoder;
    private long frames;
    private long bytes;
    private CaptureSummary summary;

    /**
     * @param name     how warnings name the source, e.g. "live:eth0"
     * @param listener receives the reassembled streams, as from {@link CaptureReader#read}
     */
    public PacketSink(String name, StreamListener listener, CaptureOptions options) {
        this.name = name;
        CaptureOptions o = options == null ? CaptureOptions.DEFAULTS : options;
        this.warnings = new Warnings(name, o.maxWarnings(), listener);
        this.reassembler = new TcpReassembler(listener, warnings, o);
        this.decoder = new PacketDecoder(reassembler, warnings);
    }

    /**
     * One frame: {@code data[off .. off+caplen)} starting at the link-layer header of {@code linkType}
     * (LINKTYPE_* number, e.g. 1 Ethernet, 113 Linux SLL); {@code origLen} is its length on the wire.
     * Frames of unsupported link types or protocols are counted and skipped (one warning per link type).
     */
    public void packet(int linkType, byte[] data, int off, int caplen, long origLen, long timeNanos) {
        if (summary != null) throw new IllegalStateException("packet after finish()");
        if (off < 0 || caplen < 0 || off + caplen > data.length) {
            throw new IllegalArgumentException("frame outside the array: off " + off + ", caplen " + caplen);
        }
        frames++;
        bytes += caplen;
        decoder.packet(linkType, data, off, caplen, Math.max(origLen, caplen), frames, timeNanos, -1);
    }

    /** Frames given so far. */
    public long frames() { return frames; }

    /**
     * Ends every connection still open (as at the end of a file) and returns what a reader would have
     * returned (the same summary on a second call); further calls to {@link #packet} fail.
     */
    public CaptureSummary finish(boolean canceled) {
        if (summary == null) {
            reassembler.finishAll();
            summary = new CaptureSummary(name, "live", frames, bytes, warnings.finish(-1), canceled);
        }
        return summary;
    }
}
