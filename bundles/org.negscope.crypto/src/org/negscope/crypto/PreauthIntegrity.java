package org.negscope.crypto;

import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * SMB 3.1.1 preauthentication integrity hash (MS-SMB2 3.2.5.2 client, 3.3.5.4/3.3.5.5 server):
 * H(0) = 64 zero bytes, H(i) = SHA-512(H(i-1) || message).
 *
 * <p>Connection.PreauthIntegrityHashValue covers the NEGOTIATE request and response. Each new
 * session starts from a {@link #copy()} of it and adds every SESSION_SETUP request and every
 * SESSION_SETUP response except the final successful one (which is signed with the key derived
 * from this hash). The messages are hashed whole, from ProtocolId, as sent. The value is not
 * secret: anyone with the capture can compute it.
 */
public final class PreauthIntegrity {

    /** HashAlgorithmId of SHA-512, the only one defined (MS-SMB2 2.2.3.1.1). */
    public static final int SHA_512 = 0x0001;

    private final byte[] value;
    private final SHA512Digest sha512 = new SHA512Digest();

    /** A fresh hash: 64 zero bytes. */
    public PreauthIntegrity() {
        this.value = new byte[64];
    }

    private PreauthIntegrity(byte[] value) {
        this.value = value.clone();
    }

    /** Continues from a known value (e.g. a connection hash computed elsewhere). */
    public static PreauthIntegrity of(byte[] value) {
        if (value == null || value.length != 64) {
            throw new IllegalArgumentException("a PreauthIntegrityHashValue is 64 bytes, got "
                    + (value == null ? "none" : value.length));
        }
        return new PreauthIntegrity(value);
    }

    /** H = SHA-512(H || message[offset, offset+length)). */
    public PreauthIntegrity update(byte[] message, int offset, int length) {
        sha512.update(value, 0, value.length);
        sha512.update(message, offset, length);
        sha512.doFinal(value, 0);
        return this;
    }

    public PreauthIntegrity update(byte[] message) {
        return update(message, 0, message.length);
    }

    /** The current 64-byte value (a copy). */
    public byte[] value() {
        return value.clone();
    }

    /** An independent hash with the same value: a session's starting point. */
    public PreauthIntegrity copy() {
        return new PreauthIntegrity(value);
    }

    @Override
    public String toString() {
        return "PreauthIntegrityHashValue " + Bytes.hex(value);
    }
}
