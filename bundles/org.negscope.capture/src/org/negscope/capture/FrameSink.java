package org.negscope.capture;

/**
 * Where a format reader hands each captured frame: normally the {@link PacketDecoder}; a capture set puts a
 * renumbering step in between (set-wide frame numbers) and peeks at a member's first timestamp with a sink that
 * stops the read.
 */
interface FrameSink {
    /**
     * One frame: {@code b[off .. off+caplen)} as found in the file, {@code linkType} a LINKTYPE_* value,
     * {@code origLen} the length on the wire, {@code frame} its 1-based number, {@code fileOffset} where its record
     * starts in the (decompressed) file.
     */
    void packet(int linkType, byte[] b, int off, int caplen, long origLen, long frame, long timeNanos, long fileOffset);
}
