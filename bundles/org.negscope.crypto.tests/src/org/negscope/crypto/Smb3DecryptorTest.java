package org.negscope.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.negscope.crypto.TestData.hex;

import org.junit.jupiter.api.Test;

/**
 * Decryption against Microsoft's published encryption examples — Open Specifications blog
 * "Encryption in SMB 3.0: A protocol perspective" (2012, AES-128-CCM) and "SMB 3.1.1 Encryption in
 * Windows 10" (2015, AES-128-GCM) — in the form emc-isilon/pike carries them
 * (pike/test/test_smb3_encryption_vector.py): a WRITE request the client encrypted and the WRITE
 * response the server encrypted, each with the session key the posts give.
 */
class Smb3DecryptorTest {

    static final String SK_30 = "B4546771B515F766A86735532DD6C4F0";
    static final String SK_311 = "419FDDF34C1E001909D362AE7FB6AF79";
    static final String PREAUTH_311 = "B23F3CBFD69487D9832B79B1594A367CDD950909B774C3A4C412B4FCEA9EDDDBA7DB256BA2EA30E9"
            + "77F11F9B113247578E0E915C6D2A513B8F2FCA5707DC8770";

    static final byte[] WRITE_REQUEST_30 = hex(
            "FD534D4281A286535415445DAE393921E44FA42E66E69A111892584FB5ED524A"
            + "744DA3EE87000000000001001100001400E4080025C8FEE16605A437832D1CD5"
            + "2DA9F4645333482A175FE5384563F45FCDAFAEF38BC62BA4D5C62897996625A4"
            + "4C29BE5658DE2E6117585779E7B59FFD971278D08580D7FA899E410E910EABF5"
            + "AA1DB43050B33B49182637759AC15D84BFCDF5B6B238993C0F4CF4D6012023F6"
            + "C627297075D84B7803912D0A9639634453595EF3E33FFE4E7AC2AB");
    static final String WRITE_REQUEST_30_PLAIN =
            "FE534D4240000100000000000900400008000000000000000400000000000000"
            + "FFFE0000010000001100001400E4080000000000000000000000000000000000"
            + "3100700017000000000000000000000015010000390000020100000039020000"
            + "00000000000000007000000000000000536D623320656E6372797074696F6E20"
            + "74657374696E67";

    static final byte[] WRITE_RESPONSE_30 = hex(
            "FD534D42A6015530A18F6D9AFFE22AFAE8E66484860000000000000011000014"
            + "00E4080050000000000001001100001400E40800DBF46435C5F14169293CE079"
            + "E344479BF670227E49873F458672C3098DAC467DD5809F369D67409166515787"
            + "1483E01F7BECD02064EAC3E235F913668BBC2F097980D4B378F1993EFF6E60D1"
            + "77309E5B");
    static final String WRITE_RESPONSE_30_PLAIN =
            "FE534D4240000100000000000900210009000000000000000400000000000000"
            + "FFFE0000010000001100001400E4080000000000000000000000000000000000"
            + "11000000170000000000000000000000";

    static final byte[] WRITE_REQUEST_311 = hex(
            "FD534D42BD73D97D2BC9001BCAFAC0FDFF5FEEBCC7D6822D269CAF48904C664C0000000087000000"
            + "0000010025000000001000006ECDD2A7AFC7B47763057A041B8FD4DAFFE990B70C9E09D36C084E02"
            + "D14EF247F8BDE38ACF6256F8B1D3B56F77FBDEB312FEA5E92CBCC1ED8FB2EBBFAA75E49A4A394BB4"
            + "4576545567C24D4C014D47C9FBDFDAFD2C4F9B72F8D256452620A299F48E29E53D6B61D1C13A19E9"
            + "1AF013F00D17E3ABC2FC3D36C8C1B6B93973253852DBD442E46EE8");
    static final String WRITE_REQUEST_311_PLAIN =
            "FE534D4240000100000000000900010008000000000000000500000000000000FFFE000001000000"
            + "25000000001000000000000000000000000000000000000031007000170000000000000000000000"
            + "0600000004000000010000000400000000000000000000007000000000000000536D623320656E63"
            + "72797074696F6E2074657374696E67";

    static final byte[] WRITE_RESPONSE_311 = hex(
            "FD534D42ACBE1CB7ED343ADF1725EF144D90D4B0E06831DD2E8EB7B4000000000000000050000000"
            + "00000100250000000010000026BBBF949983A6C1C796559D0F2C510CB651D1F7B6AC8DED32A2A0B8"
            + "F2D793A815C6F6B848D69767A215841A42D400AE6DDB5F0B44173A014973321FDD7950DA6179159B"
            + "82E03C9E18A050FF0EA1C967");
    static final String WRITE_RESPONSE_311_PLAIN =
            "FE534D4240000100000000000900010001000000000000000500000000000000FFFE000001000000"
            + "25000000001000000000000000000000000000000000000011000000170000000000000000000000";

    private static Secret c2s30() {
        return SigningKeys.clientToServerKey(Dialects.SMB_3_0, Smb3Cipher.AES_128_CCM, Secret.fromHex(SK_30), null);
    }

    private static Secret s2c30() {
        return SigningKeys.serverToClientKey(Dialects.SMB_3_0, Smb3Cipher.AES_128_CCM, Secret.fromHex(SK_30), null);
    }

    private static Secret c2s311() {
        return SigningKeys.clientToServerKey(Dialects.SMB_3_1_1, Smb3Cipher.AES_128_GCM, Secret.fromHex(SK_311), hex(PREAUTH_311));
    }

    private static Secret s2c311() {
        return SigningKeys.serverToClientKey(Dialects.SMB_3_1_1, Smb3Cipher.AES_128_GCM, Secret.fromHex(SK_311), hex(PREAUTH_311));
    }

    private static void assertPlain(String expected, Decrypted d) {
        assertTrue(d.ok(), d.problem());
        assertNull(d.problem());
        assertEquals(expected.toLowerCase(), hex(d.plaintext()));
    }

    @Test
    void smb30CcmBothDirections() {
        assertPlain(WRITE_REQUEST_30_PLAIN, Smb3Decryptor.decrypt(WRITE_REQUEST_30, 0, WRITE_REQUEST_30.length, c2s30(),
                Smb3Cipher.AES_128_CCM));
        assertPlain(WRITE_RESPONSE_30_PLAIN, Smb3Decryptor.decrypt(WRITE_RESPONSE_30, 0, WRITE_RESPONSE_30.length, s2c30(),
                Smb3Cipher.AES_128_CCM));
    }

    @Test
    void smb311GcmBothDirections() {
        assertPlain(WRITE_REQUEST_311_PLAIN, Smb3Decryptor.decrypt(WRITE_REQUEST_311, 0, WRITE_REQUEST_311.length, c2s311(),
                Smb3Cipher.AES_128_GCM));
        assertPlain(WRITE_RESPONSE_311_PLAIN, Smb3Decryptor.decrypt(WRITE_RESPONSE_311, 0, WRITE_RESPONSE_311.length,
                s2c311(), Smb3Cipher.AES_128_GCM));
    }

    @Test
    void messageInsideALargerBuffer() {
        byte[] buf = new byte[WRITE_RESPONSE_311.length + 10];
        System.arraycopy(WRITE_RESPONSE_311, 0, buf, 7, WRITE_RESPONSE_311.length);
        assertPlain(WRITE_RESPONSE_311_PLAIN, Smb3Decryptor.decrypt(buf, 7, WRITE_RESPONSE_311.length, s2c311(),
                Smb3Cipher.AES_128_GCM));
    }

    @Test
    void wrongDirectionKeyFailsAuthentication() {
        Decrypted d = Smb3Decryptor.decrypt(WRITE_REQUEST_30, 0, WRITE_REQUEST_30.length, s2c30(), Smb3Cipher.AES_128_CCM);
        assertFalse(d.ok());
        assertEquals("AES-128-CCM authentication failed: wrong key or key direction, wrong cipher, or a modified message",
                d.problem());
    }

    @Test
    void anyModifiedByteFailsAuthentication() {
        // Ciphertext, tag (Signature) and associated data (Nonce..SessionId) are all protected.
        for (int pos : new int[] {WRITE_RESPONSE_311.length - 1, 4, 20, 44}) {
            byte[] m = WRITE_RESPONSE_311.clone();
            m[pos] ^= 0x40;
            Decrypted d = Smb3Decryptor.decrypt(m, 0, m.length, s2c311(), Smb3Cipher.AES_128_GCM);
            assertFalse(d.ok(), "byte " + pos);
        }
    }

    @Test
    void malformedTransformsAreNamedNotThrown() {
        Decrypted shortOne = Smb3Decryptor.decrypt(WRITE_RESPONSE_30, 0, 40, s2c30(), Smb3Cipher.AES_128_CCM);
        assertEquals("message is 40 bytes, shorter than the 52-byte TRANSFORM_HEADER", shortOne.problem());

        Decrypted truncated = Smb3Decryptor.decrypt(WRITE_RESPONSE_30, 0, WRITE_RESPONSE_30.length - 1, s2c30(),
                Smb3Cipher.AES_128_CCM);
        assertEquals("OriginalMessageSize 80 exceeds the 79 bytes present after the TRANSFORM_HEADER (truncated?)",
                truncated.problem());

        Decrypted notTransform = Smb3Decryptor.decrypt(hex(WRITE_RESPONSE_30_PLAIN), 0, 80, s2c30(), Smb3Cipher.AES_128_CCM);
        assertEquals("no TRANSFORM_HEADER ProtocolId (FD 'SMB') at offset 0", notTransform.problem());

        Decrypted wrongKeySize = Smb3Decryptor.decrypt(WRITE_RESPONSE_30, 0, WRITE_RESPONSE_30.length, s2c30(),
                Smb3Cipher.AES_256_CCM);
        assertEquals("AES-256-CCM needs a 32-byte key, this one is 16 bytes", wrongKeySize.problem());

        byte[] flags = WRITE_RESPONSE_30.clone();
        flags[42] = 2;
        assertEquals("TRANSFORM_HEADER Flags/EncryptionAlgorithm at offset 42 is 0x0002, expected 0x0001",
                Smb3Decryptor.decrypt(flags, 0, flags.length, s2c30(), Smb3Cipher.AES_128_CCM).problem());

        assertEquals("message range 0+999 lies outside the 132-byte buffer",
                Smb3Decryptor.decrypt(WRITE_RESPONSE_30, 0, 999, s2c30(), Smb3Cipher.AES_128_CCM).problem());
    }
}
