package org.negscope.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.negscope.crypto.TestData.hex;

import org.junit.jupiter.api.Test;

/**
 * Key derivation against Microsoft's published vectors: Open Specifications blog "SMB 2 and SMB 3
 * security in Windows 10: the anatomy of signing and cryptographic keys" (2017), appendix "Key
 * derivation example for SMB 3.0 multichannel" and "... SMB 3.1.1 multichannel" (both channels);
 * and "Encryption in SMB 3.0: A protocol perspective" (2012) / "SMB 3.1.1 Encryption in Windows 10"
 * (2015) as carried by emc-isilon/pike pike/test/test_smb3_encryption_vector.py. The posts list
 * keys from the client's side (EncryptionKey = client→server).
 */
class SigningKeysTest {

    private static String signing(int dialect, String sessionKey, String preauth) {
        return hex(SigningKeys.signingKey(dialect, Secret.fromHex(sessionKey), preauth == null ? null : hex(preauth)).copyBytes());
    }

    private static String c2s(int dialect, Smb3Cipher c, String sessionKey, String preauth) {
        return hex(SigningKeys.clientToServerKey(dialect, c, Secret.fromHex(sessionKey), preauth == null ? null : hex(preauth))
                .copyBytes());
    }

    private static String s2c(int dialect, Smb3Cipher c, String sessionKey, String preauth) {
        return hex(SigningKeys.serverToClientKey(dialect, c, Secret.fromHex(sessionKey), preauth == null ? null : hex(preauth))
                .copyBytes());
    }

    @Test
    void smb30FirstChannel() {
        String sk = "7CD451825D0450D235424E44BA6E78CC";
        assertEquals("0b7e9c5cac36c0f6ea9ab275298cedce", signing(Dialects.SMB_3_0, sk, null));
        assertEquals("0b7e9c5cac36c0f6ea9ab275298cedce", signing(Dialects.SMB_3_0_2, sk, null), "3.0.2 derives like 3.0");
        assertEquals("fad27796665b313ebb578f388632b4f7", c2s(Dialects.SMB_3_0, Smb3Cipher.AES_128_CCM, sk, null));
        assertEquals("b0f0427f7ceb416d1d9dcc0cd4f99447", s2c(Dialects.SMB_3_0, Smb3Cipher.AES_128_CCM, sk, null));
    }

    @Test
    void smb30SecondChannelSigningKey() {
        assertEquals("ba1a17dbbfec349bca105563d598952f", signing(Dialects.SMB_3_0, "4E01A2B313BCF660CC250BEF021AEDE6", null));
    }

    @Test
    void smb311SecondChannelSigningKeyUsesItsOwnPreauthHash() {
        String preauth = "EA3BF912B11CBFEC5B1889E8209614218687F82FA5294521AD3063425E49E88A10BD022124CE2512"
                + "3BC9111F52D9566BA88BF46344E6063DC5E3FF0389026F6C";
        assertEquals("c962bca1a9dd1697b030644199705431", signing(Dialects.SMB_3_1_1, "84B9DBB730116A8FA6E9889555C265F9", preauth));
    }

    @Test
    void smb30EncryptionBlogKeys() {
        String sk = "B4546771B515F766A86735532DD6C4F0";
        assertEquals("261b72350558f2e9dcf613070383edbf", c2s(Dialects.SMB_3_0, Smb3Cipher.AES_128_CCM, sk, null));
        assertEquals("8fe2b57ec34d2db5b1a9727f526bbdb5", s2c(Dialects.SMB_3_0, Smb3Cipher.AES_128_CCM, sk, null));
    }

    @Test
    void smb311EncryptionBlogKeys() {
        String sk = "419FDDF34C1E001909D362AE7FB6AF79";
        String preauth = "B23F3CBFD69487D9832B79B1594A367CDD950909B774C3A4C412B4FCEA9EDDDBA7DB256BA2EA30E9"
                + "77F11F9B113247578E0E915C6D2A513B8F2FCA5707DC8770";
        assertEquals("a2f5e80e5d59103034f32e52f698e5ec", c2s(Dialects.SMB_3_1_1, Smb3Cipher.AES_128_GCM, sk, preauth));
        assertEquals("748c50868c90f302962a5c35f5f9a8bf", s2c(Dialects.SMB_3_1_1, Smb3Cipher.AES_128_GCM, sk, preauth));
    }

    @Test
    void smb2xSignsWithTheSessionKeyPaddedOrCutTo16Bytes() {
        assertEquals("00112233445566778899aabbccddeeff", signing(Dialects.SMB_2_1, "00112233445566778899AABBCCDDEEFF", null));
        assertEquals("00112233445566778899aabbccddeeff",
                signing(Dialects.SMB_2_0_2, "00112233445566778899AABBCCDDEEFF0102030405060708", null));
        assertEquals("00112233445566770000000000000000", signing(Dialects.SMB_2_1, "0011223344556677", null));
    }

    @Test
    void aes256KeysUseTheFullSessionKeyAndL256() {
        // MS-SMB2 3.2.5.3.1: for AES-256 the KDF input is Session.FullSessionKey and L = 256.
        // No published vector exists; check the two properties that distinguish it from 128.
        String full = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEE00";
        String preauth = "00".repeat(64);
        String k256 = c2s(Dialects.SMB_3_1_1, Smb3Cipher.AES_256_GCM, full, preauth);
        assertEquals(64, k256.length());
        String otherTail = c2s(Dialects.SMB_3_1_1, Smb3Cipher.AES_256_GCM, full.substring(0, 62) + "01", preauth);
        assertFalse(k256.equals(otherTail), "bytes past 16 of the session key must matter");
        assertFalse(k256.startsWith(c2s(Dialects.SMB_3_1_1, Smb3Cipher.AES_128_GCM, full, preauth)),
                "L is part of the KDF input, so the 256-bit key is not an extension of the 128-bit one");
    }

    @Test
    void unsupportedInputsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKeys.signingKey(0x0222, Secret.fromHex("00112233445566778899aabbccddeeff"), null));
        assertEquals("dialect 0x0222 has no signing key derivation (known: 2.0.2, 2.1, 3.0, 3.0.2, 3.1.1)", e.getMessage());
        IllegalArgumentException noHash = assertThrows(IllegalArgumentException.class,
                () -> SigningKeys.signingKey(Dialects.SMB_3_1_1, Secret.fromHex("00112233445566778899aabbccddeeff"), null));
        assertEquals("3.1.1 keys need the 64-byte PreauthIntegrityHashValue, got none", noHash.getMessage());
        IllegalArgumentException gcm30 = assertThrows(IllegalArgumentException.class,
                () -> SigningKeys.clientToServerKey(Dialects.SMB_3_0_2, Smb3Cipher.AES_128_GCM,
                        Secret.fromHex("00112233445566778899aabbccddeeff"), null));
        assertEquals("dialect 3.0.2 encrypts with AES-128-CCM only, not AES-128-GCM", gcm30.getMessage());
        IllegalArgumentException enc2 = assertThrows(IllegalArgumentException.class,
                () -> SigningKeys.clientToServerKey(Dialects.SMB_2_1, Smb3Cipher.AES_128_CCM,
                        Secret.fromHex("00112233445566778899aabbccddeeff"), null));
        assertEquals("dialect 2.1 has no encryption (known: 3.0, 3.0.2, 3.1.1)", enc2.getMessage());
    }
}
