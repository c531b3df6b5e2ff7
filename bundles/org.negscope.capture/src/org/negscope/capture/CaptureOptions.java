package org.negscope.capture;

/**
 * Tuning knobs of {@link CaptureReader}. The defaults keep memory bounded (a few MiB plus the
 * per-connection state) whatever the size or the damage of the file; tests shrink them to reach the
 * limits with small synthetic inputs.
 *
 * @param bufferSize           bytes read from the file per refill; one array reused for the whole read
 * @param maxRecordLength      a packet record (pcap) or block (pcapng) longer than this is treated as
 *                             damage: a warning, and the rest of the file is not read (never an OutOfMemoryError)
 * @param maxBufferedPerDirection out-of-order bytes kept per direction of a connection while waiting for a
 *                             hole to be filled; beyond it the hole is declared a gap and reading moves on
 * @param maxBufferedTotal     the same limit over all connections together; a quarter of it also bounds the
 *                             retransmission histories of all live connections together
 * @param historyBytes         last delivered bytes remembered per direction, so that a retransmission carrying
 *                             different bytes (a middlebox rewriting data) is reported; 0 disables it. Allocated on
 *                             a direction's first byte while the total stays within maxBufferedTotal / 4 (beyond: one
 *                             warning, and further directions are not checked)
 * @param maxWarnings          warnings kept (and passed to the listener); further ones are only counted
 * @param maxConnections       connections followed at the same time (a SYN flood must not exhaust memory);
 *                             beyond it the least recently active one is finished and forgotten. The default,
 *                             65536, keeps the worst case (a few KiB per live connection with the analysis)
 *                             within the headless launcher's 512 MiB heap
 */
public record CaptureOptions(int bufferSize, int maxRecordLength, int maxBufferedPerDirection,
                             long maxBufferedTotal, int historyBytes, int maxWarnings, int maxConnections) {

    public static final CaptureOptions DEFAULTS =
            new CaptureOptions(1 << 20, 16 << 20, 1 << 20, 64L << 20, 4096, 1000, 1 << 16);

    public CaptureOptions {
        if (bufferSize < 4096) throw new IllegalArgumentException("bufferSize < 4096: " + bufferSize);
        if (maxRecordLength < 64) throw new IllegalArgumentException("maxRecordLength < 64: " + maxRecordLength);
        if (maxBufferedPerDirection < 0 || maxBufferedTotal < 0) throw new IllegalArgumentException("negative buffer limit");
        if (historyBytes < 0 || Integer.bitCount(historyBytes) > 1)
            throw new IllegalArgumentException("historyBytes must be 0 or a power of two: " + historyBytes);
        if (maxWarnings < 0) throw new IllegalArgumentException("maxWarnings < 0: " + maxWarnings);
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections < 1: " + maxConnections);
    }

    public CaptureOptions withBufferSize(int v) { return new CaptureOptions(v, maxRecordLength, maxBufferedPerDirection, maxBufferedTotal, historyBytes, maxWarnings, maxConnections); }
    public CaptureOptions withMaxRecordLength(int v) { return new CaptureOptions(bufferSize, v, maxBufferedPerDirection, maxBufferedTotal, historyBytes, maxWarnings, maxConnections); }
    public CaptureOptions withMaxBufferedPerDirection(int v) { return new CaptureOptions(bufferSize, maxRecordLength, v, maxBufferedTotal, historyBytes, maxWarnings, maxConnections); }
    public CaptureOptions withMaxBufferedTotal(long v) { return new CaptureOptions(bufferSize, maxRecordLength, maxBufferedPerDirection, v, historyBytes, maxWarnings, maxConnections); }
    public CaptureOptions withHistoryBytes(int v) { return new CaptureOptions(bufferSize, maxRecordLength, maxBufferedPerDirection, maxBufferedTotal, v, maxWarnings, maxConnections); }
    public CaptureOptions withMaxConnections(int v) { return new CaptureOptions(bufferSize, maxRecordLength, maxBufferedPerDirection, maxBufferedTotal, historyBytes, maxWarnings, v); }
    public CaptureOptions withMaxWarnings(int v) { return new CaptureOptions(bufferSize, maxRecordLength, maxBufferedPerDirection, maxBufferedTotal, historyBytes, v, maxConnections); }
}
