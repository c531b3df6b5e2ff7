package org.negscope.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RC4Engine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Decryption of Kerberos EncryptedData (RFC 3961 simplified profile) for the enctypes a Windows or Samba domain
 * uses for SMB: aes256-cts-hmac-sha1-96 (18) and aes128-cts-hmac-sha1-96 (17) of RFC 3962, and rc4-hmac (23) of
 * RFC 4757. Only what reading a capture needs: decrypt and check integrity with a key from a keytab (no
 * string-to-key, no encryption). Details in docs/kerberos.md.
 * <p>
 * AES: Ke = DK(key, usage|0xAA), Ki = DK(key, usage|0x55); ciphertext = CBC-CTS(Ke, IV 0, confounder|plaintext)
 * followed by the first 12 bytes of HMAC-SHA1(Ki, confounder|plaintext). RC4-HMAC: K1 = HMAC-MD5(key, usage as 4
 * bytes little-endian), checksum = first 16 bytes, K3 = HMAC-MD5(K1, checksum), RC4(K3) over the rest, checksum
 * = HMAC-MD5(K1, confounder|plaintext). Every failure is an {@link IntegrityException}: a wrong key and a damaged
 * ciphertext look the same, which is what the caller needs to try the next key.
 */
public final class KerberosCrypto {
    public static final int AES128_CTS_HMAC_SHA1_96 = 17;
    public static final int AES256_CTS_HMAC_SHA1_96 = 18;
    public static final int RC4_HMAC = 23;

    private static final int AES_BLOCK = 16;
    private static final int SHA1_96 = 12;

    private KerberosCrypto() {
    }

    /** The integrity check failed (wrong key, wrong usage or damaged data). Carries no key material. */
    public static final class IntegrityException extends Exception {
        private static final long serialVersionUID = 1L;

        IntegrityException(String message) {
            super(message);
        }
    }

    /** True for the enctypes {@link #decrypt} handles. */
    public static boolean supported(int enctype) {
        return enctype == AES128_CTS_HMAC_SHA1_96 || enctype == AES256_CTS_HMAC_SHA1_96 || enctype == RC4_HMAC;
    }

    /** The RFC 3961 name of an enctype ("aes256-cts-hmac-sha1-96"), or "enctype N". */
    public static String enctypeName(int enctype) {
        return switch (enctype) {
            case 1 -> "des-cbc-crc";
            case 3 -> "des-cbc-md5";
            case 16 -> "des3-cbc-sha1";
            case AES128_CTS_HMAC_SHA1_96 -> "aes128-cts-hmac-sha1-96";
            case AES256_CTS_HMAC_SHA1_96 -> "aes256-cts-hmac-sha1-96";
            case 19 -> "aes128-cts-hmac-sha256-128";
            case 20 -> "aes256-cts-hmac-sha384-192";
            case RC4_HMAC -> "rc4-hmac";
            case 24 -> "rc4-hmac-exp";
            default -> "enctype " + enctype;
        };
    }

    /** The key length an enctype needs, or -1 for one this class does not handle. */
    public static int keyLength(int enctype) {
        return switch (enctype) {
            case AES128_CTS_HMAC_SHA1_96, RC4_HMAC -> 16;
            case AES256_CTS_HMAC_SHA1_96 -> 32;
            default -> -1;
        };
    }

    /**
     * The plaintext of one EncryptedData's cipher field (confounder removed).
     *
     * @throws IntegrityException      the checksum does not match (the usual sign of a wrong key)
     * @throws IllegalArgumentException an enctype this class does not handle, or a key of the wrong length
     */
    public static byte[] decrypt(int enctype, Secret key, int usage, byte[] cipher) throws IntegrityException {
        int need = keyLength(enctype);
        if (need < 0) {
            throw new IllegalArgumentException(enctypeName(enctype) + " is not supported");
        }
        byte[] k = key.copyBytes();
        try {
            if (k.length != need) {
                throw new IllegalArgumentException(enctypeName(enctype) + " needs a " + need + "-byte key, not " + k.length);
            }
            return enctype == RC4_HMAC ? rc4Decrypt(k, usage, cipher) : aesDecrypt(k, usage, cipher);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    // ------------------------------------------------------------------------------ RFC 3962

    private static byte[] aesDecrypt(byte[] key, int usage, byte[] cipher) throws IntegrityException {
        if (cipher.length < AES_BLOCK + SHA1_96) {
            throw new IntegrityException("ciphertext of " + cipher.length + " bytes is shorter than confounder and checksum");
        }
        byte[] ke = dk(key, usageConstant(usage, 0xAA));
        byte[] ki = dk(key, usageConstant(usage, 0x55));
        try {
            int n = cipher.length - SHA1_96;
            byte[] plain = ctsDecrypt(ke, cipher, 0, n);
            byte[] mac = hmac(new HMac(new SHA1Digest()), ki, plain);
            if (!MessageDigest.isEqual(Arrays.copyOf(mac, SHA1_96), Arrays.copyOfRange(cipher, n, cipher.length))) {
                Arrays.fill(plain, (byte) 0);
                throw new IntegrityException("the HMAC-SHA1-96 checksum does not match");
            }
            byte[] out = Arrays.copyOfRange(plain, AES_BLOCK, plain.length);
            Arrays.fill(plain, (byte) 0);
            return out;
        } finally {
            Arrays.fill(ke, (byte) 0);
            Arrays.fill(ki, (byte) 0);
        }
    }

    /** The 5-byte derivation constant of RFC 3961 5.3: the usage number big-endian, then 0x99/0xAA/0x55. */
    static byte[] usageConstant(int usage, int kind) {
        return new byte[] {(byte) (usage >>> 24), (byte) (usage >>> 16), (byte) (usage >>> 8), (byte) usage, (byte) kind};
    }

    /**
     * DK(key, constant) = random-to-key(DR(key, constant)) (RFC 3961 5.1); for AES random-to-key is the identity.
     * DR: the constant n-folded to the block size, encrypted repeatedly (AES, ECB: one block at a time), the blocks
     * concatenated until the key length is reached.
     */
    static byte[] dk(byte[] key, byte[] constant) {
        BlockCipher aes = AESEngine.newInstance();
        aes.init(true, new KeyParameter(key));
        byte[] block = nfold(constant, AES_BLOCK * 8);
        byte[] out = new byte[key.length];
        int have = 0;
        while (have < out.length) {
            byte[] next = new byte[AES_BLOCK];
            aes.processBlock(block, 0, next, 0);
            int n = Math.min(AES_BLOCK, out.length - have);
            System.arraycopy(next, 0, out, have, n);
            have += n;
            block = next;
        }
        return out;
    }

    /**
     * n-fold (RFC 3961 5.1): replicate the input, each copy rotated right by 13 bits more than the last, to the least
     * common multiple of both lengths, and add the n-bit chunks with ones'-complement addition.
     */
    static byte[] nfold(byte[] in, int outBits) {
        int inBytes = in.length;
        int outBytes = outBits / 8;
        int lcm = outBytes * inBytes / gcd(outBytes, inBytes);
        byte[] out = new byte[outBytes];
        int carry = 0;
        // The reference algorithm (MIT krb5 nfold.c): walk the lcm from the last byte, each byte of the replicated
        // and rotated input added into the output byte it falls on.
        for (int i = lcm - 1; i >= 0; i--) {
            int msbit = ((inBytes << 3) - 1 + ((inBytes << 3) + 13) * (i / inBytes) + ((inBytes - (i % inBytes)) << 3))
                    % (inBytes << 3);
            int b = ((((in[((inBytes - 1) - (msbit >>> 3)) % inBytes] & 0xff) << 8)
                    | (in[((inBytes) - (msbit >>> 3)) % inBytes] & 0xff)) >>> ((msbit & 7) + 1)) & 0xff;
            carry += b + (out[i % outBytes] & 0xff);
            out[i % outBytes] = (byte) carry;
            carry >>>= 8;
        }
        if (carry != 0) {
            for (int i = outBytes - 1; i >= 0; i--) {
                carry += out[i] & 0xff;
                out[i] = (byte) carry;
                carry >>>= 8;
            }
        }
        return out;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * AES-CBC with ciphertext stealing and IV 0, as RFC 3962 uses it: the last two blocks swapped, the final one
     * truncated. One block or less: plain CBC (RFC 3962 allows exactly one block).
     */
    static byte[] ctsDecrypt(byte[] key, byte[] c, int off, int len) throws IntegrityException {
        if (len < AES_BLOCK) {
            throw new IntegrityException("ciphertext shorter than one block");
        }
        BlockCipher aes = AESEngine.newInstance();
        aes.init(false, new KeyParameter(key));
        byte[] p = new byte[len];
        if (len == AES_BLOCK) {
            aes.processBlock(c, off, p, 0);
            return p;
        }
        int blocks = (len + AES_BLOCK - 1) / AES_BLOCK;
        int last = len - (blocks - 1) * AES_BLOCK; // bytes in the final, possibly partial block (1..16)
        byte[] prev = new byte[AES_BLOCK];
        byte[] tmp = new byte[AES_BLOCK];
        // Blocks 1 .. n-2: plain CBC.
        for (int i = 0; i < blocks - 2; i++) {
            aes.processBlock(c, off + i * AES_BLOCK, tmp, 0);
            for (int j = 0; j < AES_BLOCK; j++) {
                p[i * AES_BLOCK + j] = (byte) (tmp[j] ^ prev[j]);
            }
            System.arraycopy(c, off + i * AES_BLOCK, prev, 0, AES_BLOCK);
        }
        int x = off + (blocks - 2) * AES_BLOCK; // E_n (a full block), sent in place of E_(n-1)
        int y = x + AES_BLOCK;                  // the first `last` bytes of E_(n-1)
        byte[] d = new byte[AES_BLOCK];
        aes.processBlock(c, x, d, 0);           // d = P_n (zero-padded) xor E_(n-1)
        byte[] en1 = new byte[AES_BLOCK];
        System.arraycopy(c, y, en1, 0, last);
        System.arraycopy(d, last, en1, last, AES_BLOCK - last);
        for (int j = 0; j < last; j++) {
            p[(blocks - 1) * AES_BLOCK + j] = (byte) (d[j] ^ en1[j]);
        }
        aes.processBlock(en1, 0, tmp, 0);
        for (int j = 0; j < AES_BLOCK; j++) {
            p[(blocks - 2) * AES_BLOCK + j] = (byte) (tmp[j] ^ prev[j]);
        }
        return p;
    }

    // ------------------------------------------------------------------------------ RFC 4757

    private static byte[] rc4Decrypt(byte[] key, int usage, byte[] cipher) throws IntegrityException {
        if (cipher.length < 16 + 8) {
            throw new IntegrityException("ciphertext of " + cipher.length + " bytes is shorter than checksum and confounder");
        }
        byte[] k1 = hmac(new HMac(new MD5Digest()), key, rc4Usage(usage));
        byte[] checksum = Arrays.copyOf(cipher, 16);
        byte[] k3 = hmac(new HMac(new MD5Digest()), k1, checksum);
        byte[] plain = new byte[cipher.length - 16];
        RC4Engine rc4 = new RC4Engine();
        rc4.init(false, new KeyParameter(k3));
        rc4.processBytes(cipher, 16, plain.length, plain, 0);
        byte[] mac = hmac(new HMac(new MD5Digest()), k1, plain);
        Arrays.fill(k1, (byte) 0);
        Arrays.fill(k3, (byte) 0);
        if (!MessageDigest.isEqual(mac, checksum)) {
            Arrays.fill(plain, (byte) 0);
            throw new IntegrityException("the HMAC-MD5 checksum does not match");
        }
        byte[] out = Arrays.copyOfRange(plain, 8, plain.length);
        Arrays.fill(plain, (byte) 0);
        return out;
    }

    /** RFC 4757's message type for a key usage: 4 bytes little-endian; usage 9 (TGS-REP with a subkey) becomes 8. */
    static byte[] rc4Usage(int usage) {
        int t = usage == 9 ? 8 : usage;
        return new byte[] {(byte) t, (byte) (t >>> 8), (byte) (t >>> 16), (byte) (t >>> 24)};
    }

    private static byte[] hmac(HMac mac, byte[] key, byte[] data) {
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    /** For tests: the UTF-8 bytes of a string (RFC test vectors are text). */
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
