package org.negscope.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Decrypts SMB3 encrypted messages (MS-SMB2 2.2.41 TRANSFORM_HEADER, 3.2.5.1.1 / 3.3.5.2.1.1).
 * The transform header's 32 bytes from Nonce to SessionId are the associated data, its Signature
 * is the AEAD tag, and the first 11 (CCM) or 12 (GCM) Nonce bytes are the nonce.
 */
public final class Smb3Decryptor {

    /** TRANSFORM_HEADER size. */
    public static final int TRANSFORM_HEADER_SIZE = 52;
    static final int SIGNATURE_OFFSET = 4;
    static final int NONCE_OFFSET = 20;
    static final int ORIGINAL_MESSAGE_SIZE_OFFSET = 36;
    static final int FLAGS_OFFSET = 42;

    private Smb3Decryptor() {
    }

    /**
     * @param message the transform message from its ProtocolId (FD 'SMB')
     * @param key     the sender's encryption key: {@link SigningKeys#clientToServerKey} for
     *                client messages, {@link SigningKeys#serverToClientKey} for server ones
     * @param cipher  Connection.CipherId (AES-128-CCM for 3.0 and 3.0.2)
     */
    public static Decrypted decrypt(byte[] message, int offset, int length, Secret key, Smb3Cipher cipher) {
        if (offset < 0 || offset > message.length || length > message.length - offset) {
            return new Decrypted(null, "message range " + offset + "+" + length + " lies outside the "
                    + message.length + "-byte buffer");
        }
        if (length < TRANSFORM_HEADER_SIZE) {
            return new Decrypted(null, "message is " + length + " bytes, shorter than the "
                    + TRANSFORM_HEADER_SIZE + "-byte TRANSFORM_HEADER");
        }
        if ((message[offset] & 0xff) != 0xFD || message[offset + 1] != 'S' || message[offset + 2] != 'M'
                || message[offset + 3] != 'B') {
            return new Decrypted(null, "no TRANSFORM_HEADER ProtocolId (FD 'SMB') at offset " + offset);
        }
        int flags = Bytes.u16(message, offset + FLAGS_OFFSET);
        if (flags != 0x0001) {
            return new Decrypted(null, String.format(
                    "TRANSFORM_HEADER Flags/EncryptionAlgorithm at offset %d is 0x%04x, expected 0x0001",
                    offset + FLAGS_OFFSET, flags));
        }
        long size = Bytes.u32(message, offset + ORIGINAL_MESSAGE_SIZE_OFFSET);
        if (size > length - TRANSFORM_HEADER_SIZE) {
            return new Decrypted(null, "OriginalMessageSize " + size + " exceeds the " + (length - TRANSFORM_HEADER_SIZE)
                    + " bytes present after the TRANSFORM_HEADER (truncated?)");
        }
        if (key.length() != cipher.keyBytes()) {
            return new Decrypted(null, cipher.specName() + " needs a " + cipher.keyBytes() + "-byte key, this one is "
                    + key.length() + " bytes");
        }
        byte[] nonce = new byte[cipher.nonceBytes()];
        System.arraycopy(message, offset + NONCE_OFFSET, nonce, 0, nonce.length);
        byte[] aad = new byte[TRANSFORM_HEADER_SIZE - NONCE_OFFSET];
        System.arraycopy(message, offset + NONCE_OFFSET, aad, 0, aad.length);
        AEADBlockCipher aead = cipher.isGcm() ? GCMBlockCipher.newInstance(AESEngine.newInstance())
                : CCMBlockCipher.newInstance(AESEngine.newInstance());
        aead.init(false, new AEADParameters(new KeyParameter(key.rawBytes()), 128, nonce, aad));
        int n = (int) size;
        byte[] plain = new byte[n];
        int done = aead.processBytes(message, offset + TRANSFORM_HEADER_SIZE, n, plain, 0);
        // The tag travels in the header, not after the ciphertext: feed it last.
        done += aead.processBytes(message, offset + SIGNATURE_OFFSET, 16, plain, done);
        try {
            aead.doFinal(plain, done);
        } catch (InvalidCipherTextException e) {
            return new Decrypted(null, cipher.specName()
                    + " authentication failed: wrong key or key direction, wrong cipher, or a modified message");
        }
        return new Decrypted(plain, null);
    }
}
