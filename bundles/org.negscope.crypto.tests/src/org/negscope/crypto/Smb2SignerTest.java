package org.negscope.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.negscope.crypto.TestData.hex;

import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class Smb2SignerTest {

    private static final Secret KEY_3_1_1 = Secret.fromHex(WindowsSmb311Exchange.SIGNING_KEY);

    /**
     * Frame 11 of suricata-verify-smb2-06-net_user.pcap: a real SMB 2.1 TREE_CONNECT request from
     * Windows, HMAC-SHA256 signed with a key nobody published. TShark 4.0.17 dissects its
     * Signature as 391f1123865c0b6c5631997d91e1d097 and Flags as 0x00000008.
     */
    private static byte[] windowsSmb21TreeConnect() throws IOException {
        return CapturedSmb2.read(TestData.externalCapture("suricata-verify-smb2-06-net_user.pcap")).stream()
                .filter(m -> m.frame() == 11).findFirst().orElseThrow().bytes();
    }

    @Test
    void signReproducesWindowsCmacSignature() {
        byte[] m = WindowsSmb311Exchange.SESSION_SETUP_RESPONSE_2.clone();
        byte[] original = Arrays.copyOfRange(m, 48, 64);
        Arrays.fill(m, 48, 64, (byte) 0x5a);
        Smb2Signer.sign(m, 0, m.length, KEY_3_1_1, SigningAlgorithm.AES_128_CMAC);
        assertArrayEquals(original, Arrays.copyOfRange(m, 48, 64));
        assertArrayEquals(WindowsSmb311Exchange.SESSION_SETUP_RESPONSE_2, m);
    }

    @Test
    void signSetsTheSignedFlagBeforeComputing() {
        byte[] m = WindowsSmb311Exchange.SESSION_SETUP_RESPONSE_2.clone();
        m[16] = 0x01; // response, SIGNED cleared
        Smb2Signer.sign(m, 0, m.length, KEY_3_1_1, SigningAlgorithm.AES_128_CMAC);
        assertEquals(0x09, m[16]);
        assertArrayEquals(WindowsSmb311Exchange.SESSION_SETUP_RESPONSE_2, m);
    }

    @Test
    void verifiesAMessageInsideALargerBuffer() {
        byte[] m = WindowsSmb311Exchange.SESSION_SETUP_RESPONSE_2;
        byte[] buf = new byte[m.length + 100];
        System.arraycopy(m, 0, buf, 60, m.length);
        SignatureCheck c = Smb2Signer.verify(buf, 60, m.length, KEY_3_1_1, SigningAlgorithm.AES_128_CMAC);
        assertEquals(SignatureCheck.Status.VALID, c.status(), c.toString());
        assertEquals(SignatureCheck.Status.INVALID,
                Smb2Signer.verify(buf, 60, m.length + 8, KEY_3_1_1, SigningAlgorithm.AES_128_CMAC).status(),
                "trailing bytes are part of what is signed");
    }

    @Test
    void signatureDependsOnTheAlgorithm() {
        byte[] m = WindowsSmb311Exchange.SESSION_SETUP_RESPONSE_2;
        for (SigningAlgorithm other : new SigningAlgorithm[] {SigningAlgorithm.HMAC_SHA256, SigningAlgorithm.AES_128_GMAC}) {
            SignatureCheck c = Smb2Signer.verify(m, 0, m.length, KEY_3_1_1, other);
            assertEquals(SignatureCheck.Status.INVALID, c.status(), other.name());
            assertEquals(other, c.algorithm());
        }
    }

    @Test
    void realSmb21MessageStructure() throws IOException {
        byte[] m = windowsSmb21TreeConnect();
        assertEquals(124 - 4, m.length);
        Secret someKey = Secret.fromHex("000102030405060708090a0b0c0d0e0f");
        SignatureCheck c = Smb2Signer.verify(m, 0, m.length, someKey, SigningAlgorithm.HMAC_SHA256);
        // Without the session key the check must fail, and must read the field TShark shows.
        assertEquals(SignatureCheck.Status.INVALID, c.status());
        assertEquals("391f1123865c0b6c5631997d91e1d097", c.foundHex());
        byte[] expected = c.expected();
        // The signature field is excluded from what is signed...
        byte[] other = m.clone();
        Arrays.fill(other, 48, 64, (byte) 0);
        assertArrayEquals(expected, Smb2Signer.expectedSignature(other, 0, other.length, someKey, SigningAlgorithm.HMAC_SHA256));
        // ...but every other byte is covered: header, body, and the last byte of the path.
        for (int pos : new int[] {0, 16, 40, 47, 64, m.length - 1}) {
            byte[] t = m.clone();
            t[pos] ^= 1;
            assertFalse(Arrays.equals(expected, Smb2Signer.expectedSignature(t, 0, t.length, someKey,
                    SigningAlgorithm.HMAC_SHA256)), "byte " + pos);
        }
        // And what sign() writes, verify() accepts.
        Smb2Signer.sign(other, 0, other.length, someKey, SigningAlgorithm.HMAC_SHA256);
        assertTrue(Smb2Signer.verify(other, 0, other.length, someKey, SigningAlgorithm.HMAC_SHA256).isValid());
    }

    @Test
    void hmacSha256IsTheFirst16BytesOfTheFullMac() throws IOException {
        // MS-SMB2 3.1.4.1: the 32-byte HMAC-SHA256 is truncated to its first 16 bytes.
        byte[] m = windowsSmb21TreeConnect();
        Secret key = Secret.fromHex("000102030405060708090a0b0c0d0e0f");
        org.bouncycastle.crypto.macs.HMac full = new org.bouncycastle.crypto.macs.HMac(
                new org.bouncycastle.crypto.digests.SHA256Digest());
        full.init(new org.bouncycastle.crypto.params.KeyParameter(key.copyBytes()));
        byte[] zeroed = m.clone();
        Arrays.fill(zeroed, 48, 64, (byte) 0);
        full.update(zeroed, 0, zeroed.length);
        byte[] mac = new byte[32];
        full.doFinal(mac, 0);
        assertArrayEquals(Arrays.copyOf(mac, 16), Smb2Signer.expectedSignature(m, 0, m.length, key, SigningAlgorithm.HMAC_SHA256));
    }

    @Test
    void gmacNonceIsMessageIdRoleAndCancelBits() {
        byte[] response = WindowsSmb311Exchange.SESSION_SETUP_RESPONSE_2; // MessageId 3, response
        assertEquals("030000000000000001000000", hex(Smb2Signer.gmacNonce(response, 0)));
        byte[] request = response.clone();
        request[16] = 0x08; // same MessageId, sent by the client
        assertEquals("030000000000000000000000", hex(Smb2Signer.gmacNonce(request, 0)));
        byte[] cancel = request.clone();
        cancel[12] = 0x0C; // CANCEL
        assertEquals("030000000000000002000000", hex(Smb2Signer.gmacNonce(cancel, 0)));
        // The role bit keeps a request and its response from sharing a nonce, and so a tag.
        assertFalse(Arrays.equals(Smb2Signer.expectedSignature(response, 0, response.length, KEY_3_1_1,
                SigningAlgorithm.AES_128_GMAC), Smb2Signer.expectedSignature(request, 0, request.length, KEY_3_1_1,
                SigningAlgorithm.AES_128_GMAC)));
    }

    @Test
    void gmacEqualsBouncyCastleGMacOverTheZeroedMessage() {
        // Cross-check against BouncyCastle's separate GMac class (same primitive, other API):
        // guards the AAD feeding (three pieces) and the 128-bit tag length.
        byte[] m = WindowsSmb311Exchange.SESSION_SETUP_RESPONSE_2;
        org.bouncycastle.crypto.macs.GMac g = new org.bouncycastle.crypto.macs.GMac(
                org.bouncycastle.crypto.modes.GCMBlockCipher.newInstance(org.bouncycastle.crypto.engines.AESEngine.newInstance()));
        g.init(new org.bouncycastle.crypto.params.ParametersWithIV(
                new org.bouncycastle.crypto.params.KeyParameter(KEY_3_1_1.copyBytes()), hex("030000000000000001000000")));
        byte[] zeroed = m.clone();
        Arrays.fill(zeroed, 48, 64, (byte) 0);
        g.update(zeroed, 0, zeroed.length);
        byte[] tag = new byte[16];
        g.doFinal(tag, 0);
        assertArrayEquals(tag, Smb2Signer.expectedSignature(m, 0, m.length, KEY_3_1_1, SigningAlgorithm.AES_128_GMAC));
    }

    @Test
    void algorithmFollowsDialectAndSigningContext() {
        assertEquals(SigningAlgorithm.HMAC_SHA256, SigningAlgorithm.forDialect(0x0202, -1));
        assertEquals(SigningAlgorithm.HMAC_SHA256, SigningAlgorithm.forDialect(0x0210, -1));
        assertEquals(SigningAlgorithm.AES_128_CMAC, SigningAlgorithm.forDialect(0x0300, -1));
        assertEquals(SigningAlgorithm.AES_128_CMAC, SigningAlgorithm.forDialect(0x0302, -1));
        assertEquals(SigningAlgorithm.AES_128_CMAC, SigningAlgorithm.forDialect(0x0311, -1));
        assertEquals(SigningAlgorithm.AES_128_GMAC, SigningAlgorithm.forDialect(0x0311, 2));
        assertEquals(SigningAlgorithm.AES_128_CMAC, SigningAlgorithm.forDialect(0x0311, 1));
        assertEquals("unknown SigningAlgorithmId 0x0007",
                assertThrows(IllegalArgumentException.class, () -> SigningAlgorithm.forDialect(0x0311, 7)).getMessage());
        assertNull(SigningAlgorithm.fromId(9));
    }

    @Test
    void unverifiableMessagesSayWhy() {
        byte[] m = WindowsSmb311Exchange.SESSION_SETUP_RESPONSE_2;
        assertEquals("message is 63 bytes, shorter than the 64-byte SMB2 header",
                Smb2Signer.verify(m, 0, 63, KEY_3_1_1, SigningAlgorithm.AES_128_CMAC).reason());
        assertEquals("no SMB2 ProtocolId (FE 'SMB') at offset 1",
                Smb2Signer.verify(m, 1, 64, KEY_3_1_1, SigningAlgorithm.AES_128_CMAC).reason());
        byte[] unsigned = m.clone();
        unsigned[16] = 0x01;
        SignatureCheck c = Smb2Signer.verify(unsigned, 0, unsigned.length, KEY_3_1_1, SigningAlgorithm.AES_128_CMAC);
        assertEquals(SignatureCheck.Status.UNVERIFIABLE, c.status());
        assertEquals("SMB2_FLAGS_SIGNED is not set: the message carries no signature", c.reason());
        assertEquals("message range 100+64 lies outside the 101-byte buffer",
                Smb2Signer.verify(m, 100, 64, KEY_3_1_1, SigningAlgorithm.AES_128_CMAC).reason());
    }
}
