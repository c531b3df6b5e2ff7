package org.negscope.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SMB2 message signing (MS-SMB2 3.1.4.1): the MAC of the whole message — from its ProtocolId to
 * its end, or to the next message of a compound chain including padding — with the 16-byte
 * Signature field taken as zero. Works on raw bytes so it needs no message model; the header
 * offsets are fixed by MS-SMB2 2.2.1.
 */
public final class Smb2Signer {

    static final int HEADER_SIZE = 64;
    static final int COMMAND_OFFSET = 12;
    static final int FLAGS_OFFSET = 16;
    static final int MESSAGE_ID_OFFSET = 24;
    static final int SIGNATURE_OFFSET = 48;
    static final int SIGNATURE_SIZE = 16;
    static final int SMB2_FLAGS_SERVER_TO_REDIR = 0x00000001;
    static final int SMB2_FLAGS_SIGNED = 0x00000008;
    static final int SMB2_CANCEL = 0x000C;

    private static final byte[] ZERO_SIGNATURE = new byte[SIGNATURE_SIZE];

    private Smb2Signer() {
    }

    /**
     * The signature this message should carry under {@code signingKey}.
     *
     * @throws IllegalArgumentException when the range is shorter than an SMB2 header
     */
    public static byte[] expectedSignature(byte[] message, int offset, int length, Secret signingKey,
            SigningAlgorithm algorithm) {
        if (offset < 0 || length < HEADER_SIZE || offset + length > message.length) {
            throw new IllegalArgumentException("an SMB2 message needs at least " + HEADER_SIZE + " bytes, got " + length
                    + " at offset " + offset);
        }
        byte[] key = signingKey.rawBytes();
        return switch (algorithm) {
            case HMAC_SHA256 -> mac(new HMac(new SHA256Digest()), key, message, offset, length);
            case AES_128_CMAC -> mac(new CMac(AESEngine.newInstance()), key, message, offset, length);
            case AES_128_GMAC -> gmac(key, message, offset, length);
        };
    }

    /**
     * Verifies the message's Signature field. Give the complete message: a message cut short
     * (truncated capture) can only come out INVALID, so callers should not verify those.
     */
    public static SignatureCheck verify(byte[] message, int offset, int length, Secret signingKey,
            SigningAlgorithm algorithm) {
        if (offset < 0 || offset > message.length || length > message.length - offset) {
            return SignatureCheck.unverifiable(algorithm, "message range " + offset + "+" + length
                    + " lies outside the " + message.length + "-byte buffer");
        }
        if (length < HEADER_SIZE) {
            return SignatureCheck.unverifiable(algorithm, "message is " + length + " bytes, shorter than the "
                    + HEADER_SIZE + "-byte SMB2 header");
        }
        if ((message[offset] & 0xff) != 0xFE || message[offset + 1] != 'S' || message[offset + 2] != 'M'
                || message[offset + 3] != 'B') {
            return SignatureCheck.unverifiable(algorithm, "no SMB2 ProtocolId (FE 'SMB') at offset " + offset);
        }
        if ((Bytes.u32(message, offset + FLAGS_OFFSET) & SMB2_FLAGS_SIGNED) == 0) {
            return SignatureCheck.unverifiable(algorithm, "SMB2_FLAGS_SIGNED is not set: the message carries no signature");
        }
        byte[] expected = expectedSignature(message, offset, length, signingKey, algorithm);
        byte[] found = new byte[SIGNATURE_SIZE];
        System.arraycopy(message, offset + SIGNATURE_OFFSET, found, 0, SIGNATURE_SIZE);
        boolean ok = Bytes.equal(expected, 0, found, 0, SIGNATURE_SIZE);
        return new SignatureCheck(ok ? SignatureCheck.Status.VALID : SignatureCheck.Status.INVALID, algorithm,
                expected, found, null);
    }

    /**
     * Signs a message in place for sending: sets SMB2_FLAGS_SIGNED (the flag is covered by the
     * signature, so it must be set first) and writes the Signature field.
     */
    public static void sign(byte[] message, int offset, int length, Secret signingKey, SigningAlgorithm algorithm) {
        if (offset < 0 || length < HEADER_SIZE || offset + length > message.length) {
            throw new IllegalArgumentException("an SMB2 message needs at least " + HEADER_SIZE + " bytes, got " + length);
        }
        long flags = Bytes.u32(message, offset + FLAGS_OFFSET) | SMB2_FLAGS_SIGNED;
        Bytes.putU32(message, offset + FLAGS_OFFSET, flags);
        byte[] sig = expectedSignature(message, offset, length, signingKey, algorithm);
        System.arraycopy(sig, 0, message, offset + SIGNATURE_OFFSET, SIGNATURE_SIZE);
    }

    /** HMAC-SHA256 (truncated to 16) and AES-CMAC share the same feeding of the message. */
    private static byte[] mac(Mac mac, byte[] key, byte[] m, int off, int len) {
        mac.init(new KeyParameter(key));
        mac.update(m, off, SIGNATURE_OFFSET);
        mac.update(ZERO_SIGNATURE, 0, SIGNATURE_SIZE);
        mac.update(m, off + HEADER_SIZE, len - HEADER_SIZE);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        if (out.length == SIGNATURE_SIZE) {
            return out;
        }
        byte[] sig = new byte[SIGNATURE_SIZE];
        System.arraycopy(out, 0, sig, 0, SIGNATURE_SIZE);
        return sig;
    }

    /**
     * AES-128-GMAC: GCM with the message as additional authenticated data and no plaintext; the
     * tag is the signature. The 12-byte nonce (MS-SMB2 3.1.4.1) is the MessageId followed by a
     * 32-bit little-endian word whose bit 0 is set for a message sent by the server
     * (SMB2_FLAGS_SERVER_TO_REDIR) and bit 1 for a CANCEL request; that keeps a request and its
     * response, which share a MessageId, from sharing a nonce.
     */
    static byte[] gmac(byte[] key, byte[] m, int off, int len) {
        byte[] nonce = gmacNonce(m, off);
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(key), 128, nonce));
        gcm.processAADBytes(m, off, SIGNATURE_OFFSET);
        gcm.processAADBytes(ZERO_SIGNATURE, 0, SIGNATURE_SIZE);
        gcm.processAADBytes(m, off + HEADER_SIZE, len - HEADER_SIZE);
        byte[] tag = new byte[SIGNATURE_SIZE];
        try {
            gcm.doFinal(tag, 0);
        } catch (InvalidCipherTextException e) {
            // Only raised when decrypting; encryption of an empty plaintext cannot fail.
            throw new IllegalStateException("AES-GMAC failed", e);
        }
        return tag;
    }

    static byte[] gmacNonce(byte[] m, int off) {
        byte[] nonce = new byte[12];
        System.arraycopy(m, off + MESSAGE_ID_OFFSET, nonce, 0, 8);
        int bits = 0;
        if ((Bytes.u32(m, off + FLAGS_OFFSET) & SMB2_FLAGS_SERVER_TO_REDIR) != 0) {
            bits |= 1;
        }
        if (Bytes.u16(m, off + COMMAND_OFFSET) == SMB2_CANCEL) {
            bits |= 2;
        }
        Bytes.putU32(nonce, 8, bits);
        return nonce;
    }
}
