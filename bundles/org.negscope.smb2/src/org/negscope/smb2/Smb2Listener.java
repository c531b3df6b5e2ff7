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
     * The dialect strings of an SMB1 NEGOTIATE request (MS-CIFS 2.2.4.52.1; e.g. "NT LM 0.12", "SMB 2.002",
     * "SMB 2.???"), after {@link #smb1}. A client that offers "SMB 2.002" but not "SMB 2.???" implements only 2.0.2
     * (MS-SMB2 3.2.4.2.2.1); one that offers "SMB 2.???" sends an SMB2 NEGOTIATE next when answered 0x02FF.
     */
    default void smb1Negotiate(java.util.List<String> dialects, long firstFrame, long timeNanos) {}

    /**
     * Something that is not a well-formed SMB2 transport message. {@code streamOffset} is the offset of
     * the offending byte (or message start) in this direction's stream.
     */
    default void malformed(String msg, long frame, long streamOffset) {}

    /**
     * How many bytes of the SMB2 message whose header was just read to keep in {@link Smb2Message#bytes()}:
     * the decoder keeps at least the 64-byte header and at most its {@code maxKeptBytes}; the rest is skipped
     * without being copied. Called once per SMB2 message (compound element), not for TRANSFORM or SMB1
     * messages. A listener that reads only the header of bulk READ/WRITE messages returns
     * {@link Smb2Header#SIZE} for them: that saves an allocation and a copy of up to {@code maxKeptBytes}
     * per message, which on a capture of 64 KiB READs is every payload byte. Default: {@code maxKeptBytes}.
     */
    default int keepBytes(Smb2Header header, int maxKeptBytes) {
        return maxKeptBytes;
    }
}
