package org.negscope.smb2;

/** What {@link Smb2StreamDecoder} finds in one direction of a TCP stream, in stream order. */
public interface Smb2Listener {
    /** A complete SMB2 message (one per compound element). */
    void message(Smb2Message m);

    /** An SMB2 TRANSFORM_HEADER message (SMB3 encryption); {@code t.bytes()} keeps it for later decryption. */
    default void encrypted(TransformHeader t, long firstFrame, long lastFrame, long timeNanos) {}

    /** An SMB1 message ({@code 0xFF 'SMB'}), e.g. the multi-protocol NEGOTIATE (command 0x72) Windows starts with. */
    default void smb1(int command, long firstFrame, long timeNanos) {}

    /**
     * Something that is not a well-formed SMB2 transport message. {@code streamOffset} is the offset of
     * the offending byte (or message start) in this direction's stream.
     */
    default void malformed(String msg, long frame, long streamOffset) {}
}
