package org.negscope.smb2;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One SMB2 message (one element of a compound chain), as delivered by {@link Smb2StreamDecoder}:
 * its header, the bytes from its ProtocolId (at most the decoder's maxKeptBytes of them, fewer when its listener's
 * {@link Smb2Listener#keepBytes} asked for less; see
 * {@link #truncated()}) and where it came from in the capture.
 * <p>
 * Body decoders take a message: {@code NegotiateRequest.decode(m)}, {@code IoctlResponse.decode(m)}, ...
 * Offsets inside bodies (SecurityBufferOffset etc.) are relative to the ProtocolId, i.e. indices into {@link #bytes()}.
 */
public final class Smb2Message {
    private final Smb2Header header;
    private final byte[] bytes;
    private final long length;
    private final long firstFrame;
    private final long lastFrame;
    private final long timeNanos;
    private final long streamOffset;
    private final int compoundIndex;

    /**
     * @param bytes  the kept bytes (the array is owned by the message from now on)
     * @param length the full length of the message on the wire ({@code >= bytes.length})
     */
    public Smb2Message(Smb2Header header, byte[] bytes, long length, long firstFrame, long lastFrame, long timeNanos,
            long streamOffset, int compoundIndex) {
        if (bytes.length > length) {
            throw new IllegalArgumentException("kept " + bytes.length + " bytes of a " + length + "-byte message");
        }
        this.header = header;
        this.bytes = bytes;
        this.length = length;
        this.firstFrame = firstFrame;
        this.lastFrame = lastFrame;
        this.timeNanos = timeNanos;
        this.streamOffset = streamOffset;
        this.compoundIndex = compoundIndex;
    }

    /** A complete message not taken from a capture (probe replies, tests): frames and times are 0. */
    public static Smb2Message of(byte[] messageBytes) {
        return new Smb2Message(Smb2Header.decode(messageBytes, 0), messageBytes.clone(), messageBytes.length, 0, 0, 0,
                0, 0);
    }

    /**
     * Splits the payload of one transport message (one NBSS message without its 4-byte length, or the
     * plaintext of a decrypted transform message) into its compound elements by NextCommand.
     *
     * @throws Smb2FormatException if a header is bad or NextCommand points outside the payload
     */
    public static List<Smb2Message> splitCompound(byte[] payload, long firstFrame, long lastFrame, long timeNanos,
            long streamOffset) {
        List<Smb2Message> out = new ArrayList<>();
        int off = 0;
        int index = 0;
        while (true) {
            if (payload.length - off < Smb2Header.SIZE) {
                throw new Smb2FormatException(String.format(
                        "Smb2Header of compound element %d at offset 0x%x needs 64 bytes but only %d remain of the %d-byte payload",
                        index, off, payload.length - off, payload.length));
            }
            Smb2Header h = Smb2Header.decode(payload, off);
            long next = h.nextCommand();
            int len;
            if (next == 0) {
                len = payload.length - off;
            } else if (next < Smb2Header.SIZE || next > payload.length - off) {
                throw new Smb2FormatException(String.format(
                        "Smb2Header.NextCommand 0x%x of compound element %d at offset 0x%x points past the end of the %d-byte payload",
                        next, index, off, payload.length));
            } else {
                len = (int) next;
            }
            byte[] b = new byte[len];
            System.arraycopy(payload, off, b, 0, len);
            out.add(new Smb2Message(h, b, len, firstFrame, lastFrame, timeNanos, streamOffset + off, index));
            if (next == 0) {
                return out;
            }
            off += len;
            index++;
        }
    }

    public Smb2Header header() {
        return header;
    }

    /** A copy of the kept bytes (from the ProtocolId). Use {@link #buffer()} to read without copying. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Read-only view of the kept bytes, position 0. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    byte[] bytesInternal() {
        return bytes;
    }

    /** Number of bytes kept ({@code <= length()}). */
    public int keptLength() {
        return bytes.length;
    }

    /** Full length of this message on the wire (for a compound element: up to the next element). */
    public long length() {
        return length;
    }

    /** True when only the first {@link #keptLength()} bytes were kept. */
    public boolean truncated() {
        return bytes.length < length;
    }

    /** Frame holding the first byte of this message (its transport header for the first compound element). */
    public long firstFrame() {
        return firstFrame;
    }

    /** Frame that completed this message. */
    public long lastFrame() {
        return lastFrame;
    }

    /** Time of {@link #lastFrame()}, epoch nanoseconds. */
    public long timeNanos() {
        return timeNanos;
    }

    /** Offset of the ProtocolId byte in this direction's TCP stream. */
    public long streamOffset() {
        return streamOffset;
    }

    /** 0 for the first (or only) message of a transport message, 1.. for later compound elements. */
    public int compoundIndex() {
        return compoundIndex;
    }

    @Override
    public String toString() {
        return header + " len=" + length + (truncated() ? " (kept " + bytes.length + ")" : "") + " frames " + firstFrame
                + ".." + lastFrame + (compoundIndex > 0 ? " compound#" + compoundIndex : "");
    }
}
