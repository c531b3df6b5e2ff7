package org.negscope.capture;

import java.nio.ByteBuffer;

/**
 * Receives the reassembled TCP byte streams of a capture, in capture order. ByteBuffers passed in are
 * read-only and only valid during the call (they are windows on the reader's reused buffer): copy what
 * must be kept. For each direction, data and gap callbacks follow each other without holes or overlaps.
 */
public interface StreamListener {
    /** A new connection was seen (its first segment, SYN or not). */
    default void connectionOpened(TcpConnection c) {}

    /**
     * In-order, de-duplicated payload bytes of one direction. {@code streamOffset} is the offset of the
     * first byte in this direction's stream (0 = first payload byte seen). {@code frame} is the 1-based
     * frame number that completed these bytes, {@code timeNanos} its timestamp (epoch nanoseconds).
     */
    void data(TcpConnection c, Direction d, ByteBuffer bytes, long streamOffset, long frame, long timeNanos);

    /**
     * Bytes of one direction are missing from the capture (lost, cut by the snap length, or given up on
     * when the out-of-order buffer was full); the stream resumes after them. {@code frame}: the frame
     * whose data follows the gap (or that revealed it).
     */
    default void gap(TcpConnection c, Direction d, long streamOffset, long missingBytes, long frame) {}

    /**
     * A FIN ({@code reset=false}) or RST ({@code reset=true}) sent by the side that {@code from} starts at.
     * Reported once per side per kind. A FIN is reported once every byte before it has been delivered (or
     * declared a gap), so it may come after the FIN's frame; an RST at once, after the buffered data of
     * both sides has been flushed. {@code frame}/{@code timeNanos}: the FIN's or RST's own frame.
     */
    default void closed(TcpConnection c, Direction from, boolean reset, long frame, long timeNanos) {}

    /**
     * The frame whose TCP segment is handled next, and the byte offset of its record in the (decompressed) file;
     * called before the callbacks that segment causes, so that a listener can give its own warnings about that
     * frame a file offset too. Callbacks may also carry older frames (buffered out-of-order data).
     */
    default void position(long frame, long fileOffset) {}

    /** A problem in the capture; the reader carries on. */
    default void warning(CaptureWarning w) {}
}
