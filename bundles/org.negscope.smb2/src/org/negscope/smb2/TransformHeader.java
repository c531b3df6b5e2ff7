package org.negscope.smb2;

import java.util.Arrays;

/**
 * SMB2 TRANSFORM_HEADER (MS-SMB2 2.2.41), the 52 bytes in front of an encrypted message, plus the kept
 * bytes of the whole transform message for decryption.
 * <pre>
 *  0 ProtocolId (FD 'S' 'M' 'B')  4 Signature (16, the AEAD tag)  20 Nonce (16; CCM uses 11, GCM 12)
 * 36 OriginalMessageSize  40 Reserved  42 Flags (3.1.1) / EncryptionAlgorithm (3.0, 3.0.2)  44 SessionId
 * 52 encrypted message
 * </pre>
 * The AEAD additional data is bytes 20..51 (Nonce through SessionId).
 */
public final class TransformHeader {
    public static final int SIZE = 52;
    public static final int PROTOCOL_ID = 0x424D53FD;
    /** Flags value 0x0001 (3.1.1: Encrypted) / EncryptionAlgorithm 0x0001 (3.0.x: SMB2_ENCRYPTION_AES128_CCM). */
    public static final int FLAGS_ENCRYPTED = 0x0001;

    private final byte[] signature;
    private final byte[] nonce;
    private final long originalMessageSize;
    private final int reserved;
    private final int flags;
    private final long sessionId;
    private final byte[] bytes;
    private final long length;
    private final long firstFrame;
    private final long lastFrame;
    private final long timeNanos;
    private final long streamOffset;

    private TransformHeader(byte[] bytes, long length, long firstFrame, long lastFrame, long timeNanos, long streamOffset) {
        MessageReader r = new MessageReader("TransformHeader", bytes, 0, bytes.length, length, null, false);
        r.need(0, SIZE, "SessionId");
        if (r.u32(0, "ProtocolId") != (PROTOCOL_ID & 0xffffffffL)) {
            throw r.error("ProtocolId", "at offset 0x0 is not FD 'SMB'");
        }
        this.signature = r.bytes(4, 16, "Signature");
        this.nonce = r.bytes(20, 16, "Nonce");
        this.originalMessageSize = r.u32(36, "OriginalMessageSize");
        this.reserved = r.u16(40, "Reserved");
        this.flags = r.u16(42, "Flags");
        this.sessionId = r.u64(44, "SessionId");
        this.bytes = bytes;
        this.length = length;
        this.firstFrame = firstFrame;
        this.lastFrame = lastFrame;
        this.timeNanos = timeNanos;
        this.streamOffset = streamOffset;
    }

    /** Used by the stream decoder; {@code bytes} (owned from now on) starts at the ProtocolId. */
    static TransformHeader of(byte[] bytes, long length, long firstFrame, long lastFrame, long timeNanos, long streamOffset) {
        return new TransformHeader(bytes, length, firstFrame, lastFrame, timeNanos, streamOffset);
    }

    /** Decodes a complete transform message (e.g. one the probe received). */
    public static TransformHeader decode(byte[] message) {
        return new TransformHeader(message.clone(), message.length, 0, 0, 0, 0);
    }

    public static Field describe(byte[] message) {
        MessageReader r = new MessageReader("TransformHeader", message, 0, message.length, message.length, null, true);
        r.u32(0, "ProtocolId", v -> "FD 'SMB'");
        r.bytes(4, 16, "Signature");
        r.bytes(20, 16, "Nonce");
        r.u32(36, "OriginalMessageSize", MessageReader.DEC);
        r.u16(40, "Reserved");
        r.u16(42, "Flags/EncryptionAlgorithm", v -> v == 1 ? "0x0001 (Encrypted / AES-128-CCM)" : String.format("0x%04x", v));
        r.u64(44, "SessionId");
        if (message.length > SIZE) {
            r.field("Encrypted message", SIZE, message.length - SIZE, (message.length - SIZE) + " bytes");
        }
        return r.tree("SMB2 TRANSFORM_HEADER", "");
    }

    public byte[] signature() {
        return signature.clone();
    }

    public byte[] nonce() {
        return nonce.clone();
    }

    public long originalMessageSize() {
        return originalMessageSize;
    }

    public int reserved() {
        return reserved;
    }

    /** Flags (3.1.1) or EncryptionAlgorithm (3.0/3.0.2); 0x0001 in both cases in practice. */
    public int flags() {
        return flags;
    }

    public long sessionId() {
        return sessionId;
    }

    /** Copy of the kept bytes of the whole transform message (header + ciphertext). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Bytes 20..51: the AEAD additional authenticated data. */
    public byte[] associatedData() {
        return Arrays.copyOfRange(bytes, 20, SIZE);
    }

    /** The kept ciphertext (bytes after the 52-byte header); complete only when {@link #truncated()} is false. */
    public byte[] ciphertext() {
        return Arrays.copyOfRange(bytes, SIZE, bytes.length);
    }

    public long length() {
        return length;
    }

    public boolean truncated() {
        return bytes.length < length;
    }

    public long firstFrame() {
        return firstFrame;
    }

    public long lastFrame() {
        return lastFrame;
    }

    public long timeNanos() {
        return timeNanos;
    }

    public long streamOffset() {
        return streamOffset;
    }

    @Override
    public String toString() {
        return String.format("SMB2 TRANSFORM sid=0x%x original=%d len=%d", sessionId, originalMessageSize, length);
    }
}
