package org.negscope.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.KDFCounterBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KDFCounterParameters;

/**
 * SMB2/3 session keys (MS-SMB2 3.2.5.3.1 client, 3.3.5.5.3 server; parameters in 3.1.4.2).
 *
 * <p>2.0.2 and 2.1 sign with the session key itself. 3.x derive every key with the SP800-108
 * counter-mode KDF, PRF = HMAC-SHA256, r = 32, from a label and a context; the labels and
 * contexts include their terminating NUL, and the KDF adds its own 0x00 separator after the label.
 * 3.1.1 uses the session's PreauthIntegrityHashValue as context, so a NEGOTIATE or SESSION_SETUP
 * changed by a middlebox yields different keys and the first signed message fails to verify.
 */
public final class SigningKeys {

    static final byte[] LABEL_SMB2AESCMAC = z("SMB2AESCMAC");
    static final byte[] CONTEXT_SMBSIGN = z("SmbSign");
    static final byte[] LABEL_SMB2AESCCM = z("SMB2AESCCM");
    /** Note the space: "ServerIn " is padded to the length of "ServerOut". */
    static final byte[] CONTEXT_SERVERIN = z("ServerIn ");
    static final byte[] CONTEXT_SERVEROUT = z("ServerOut");
    static final byte[] LABEL_SMBSIGNINGKEY = z("SMBSigningKey");
    static final byte[] LABEL_SMBC2SCIPHERKEY = z("SMBC2SCipherKey");
    static final byte[] LABEL_SMBS2CCIPHERKEY = z("SMBS2CCipherKey");

    private SigningKeys() {
    }

    /**
     * Session.SessionKey: the first 16 bytes of the GSS session key (ExportedSessionKey for NTLM),
     * right-padded with zeros when shorter (MS-SMB2 3.2.5.3.1).
     */
    public static Secret sessionKey(Secret gssKey) {
        byte[] raw = gssKey.rawBytes();
        byte[] k = Arrays.copyOf(raw, 16);
        try {
            return Secret.bytes(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * Session.SigningKey.
     *
     * @param dialect     Connection.Dialect
     * @param gssKey      the GSS session key; only its first 16 bytes are used
     * @param preauthHash Session.PreauthIntegrityHashValue (64 bytes) for 3.1.1, ignored otherwise
     */
    public static Secret signingKey(int dialect, Secret gssKey, byte[] preauthHash) {
        try (Secret sessionKey = sessionKey(gssKey)) {
            if (Dialects.isSmb2x(dialect)) {
                return Secret.bytes(sessionKey.rawBytes());
            }
            if (Dialects.isSmb30x(dialect)) {
                return derive(sessionKey.rawBytes(), LABEL_SMB2AESCMAC, CONTEXT_SMBSIGN, 128);
            }
            if (dialect == Dialects.SMB_3_1_1) {
                return derive(sessionKey.rawBytes(), LABEL_SMBSIGNINGKEY, preauth(preauthHash), 128);
            }
            throw Dialects.unsupported(dialect, "signing key derivation");
        }
    }

    /**
     * The key for messages the client sends: the client's EncryptionKey, the server's
     * DecryptionKey ("ServerIn " in 3.0.x, "SMBC2SCipherKey" in 3.1.1).
     *
     * @param cipher      Connection.CipherId (3.0 and 3.0.2 only know AES-128-CCM)
     * @param gssKey      the GSS session key; for AES-256 ciphers the whole key
     *                    (Session.FullSessionKey) is the KDF input, else its first 16 bytes
     * @param preauthHash Session.PreauthIntegrityHashValue for 3.1.1, ignored otherwise
     */
    public static Secret clientToServerKey(int dialect, Smb3Cipher cipher, Secret gssKey, byte[] preauthHash) {
        return cipherKey(dialect, cipher, gssKey, preauthHash, true);
    }

    /** The key for messages the server sends: "ServerOut" (3.0.x) or "SMBS2CCipherKey" (3.1.1). */
    public static Secret serverToClientKey(int dialect, Smb3Cipher cipher, Secret gssKey, byte[] preauthHash) {
        return cipherKey(dialect, cipher, gssKey, preauthHash, false);
    }

    private static Secret cipherKey(int dialect, Smb3Cipher cipher, Secret gssKey, byte[] preauthHash, boolean c2s) {
        if (Dialects.isSmb30x(dialect)) {
            if (cipher != Smb3Cipher.AES_128_CCM) {
                throw new IllegalArgumentException("dialect " + Dialects.name(dialect) + " encrypts with AES-128-CCM only, not "
                        + cipher.specName());
            }
            try (Secret sessionKey = sessionKey(gssKey)) {
                return derive(sessionKey.rawBytes(), LABEL_SMB2AESCCM, c2s ? CONTEXT_SERVERIN : CONTEXT_SERVEROUT, 128);
            }
        }
        if (dialect == Dialects.SMB_3_1_1) {
            byte[] label = c2s ? LABEL_SMBC2SCIPHERKEY : LABEL_SMBS2CCIPHERKEY;
            if (cipher.keyBytes() == 32) {
                return derive(gssKey.rawBytes(), label, preauth(preauthHash), 256);
            }
            try (Secret sessionKey = sessionKey(gssKey)) {
                return derive(sessionKey.rawBytes(), label, preauth(preauthHash), 128);
            }
        }
        throw Dialects.unsupported(dialect, "encryption", "3.0, 3.0.2, 3.1.1");
    }

    private static byte[] preauth(byte[] hash) {
        if (hash == null || hash.length != 64) {
            throw new IllegalArgumentException("3.1.1 keys need the 64-byte PreauthIntegrityHashValue, got "
                    + (hash == null ? "none" : hash.length + " bytes"));
        }
        return hash;
    }

    private static Secret derive(byte[] ki, byte[] label, byte[] context, int lBits) {
        byte[] out = kdf(ki, label, context, lBits);
        try {
            return Secret.bytes(out);
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    /**
     * SP800-108 KDF in counter mode as MS-SMB2 3.1.4.2 uses it: K(1) = HMAC-SHA256(Ki, [1]_32 ||
     * Label || 0x00 || Context || [L]_32), enough blocks for L bits.
     */
    static byte[] kdf(byte[] ki, byte[] label, byte[] context, int lBits) {
        byte[] fixed = new byte[label.length + 1 + context.length + 4];
        System.arraycopy(label, 0, fixed, 0, label.length);
        System.arraycopy(context, 0, fixed, label.length + 1, context.length);
        int p = fixed.length - 4;
        fixed[p] = (byte) (lBits >>> 24);
        fixed[p + 1] = (byte) (lBits >>> 16);
        fixed[p + 2] = (byte) (lBits >>> 8);
        fixed[p + 3] = (byte) lBits;
        KDFCounterBytesGenerator kdf = new KDFCounterBytesGenerator(new HMac(new SHA256Digest()));
        kdf.init(new KDFCounterParameters(ki, new byte[0], fixed, 32));
        byte[] out = new byte[lBits / 8];
        kdf.generateBytes(out, 0, out.length);
        return out;
    }

    /** ASCII text with its terminating NUL, as MS-SMB2 writes the labels ("SMB2AESCMAC\0"). */
    private static byte[] z(String s) {
        byte[] a = s.getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(a, a.length + 1);
    }
}
