package org.negscope.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/**
 * The Kerberos primitives against the published test vectors: n-fold (RFC 3961 A.1), AES string-to-key (RFC 3962
 * B: PBKDF2 here in the test, then DK(tkey, "kerberos") — the DK code path the decryption uses) and CBC with
 * ciphertext stealing (RFC 3962 B, key "chicken teriyaki"). The end-to-end proof is KerberosApExchangeTest on real
 * tickets.
 */
class KerberosCryptoTest {

    private static String nfold(String in, int bits) {
        return TestData.hex(KerberosCrypto.nfold(in.getBytes(StandardCharsets.US_ASCII), bits));
    }

    @Test
    void nfoldMatchesRfc3961() {
        assertEquals("be072631276b1955", nfold("012345", 64));
        assertEquals("78a07b6caf85fa", nfold("password", 56));
        assertEquals("bb6ed30870b7f0e0", nfold("Rough Consensus, and Running Code", 64));
        assertEquals("59e4a8ca7c0385c3c37b3f6d2000247cb6e6bd5b3e", nfold("password", 168));
        assertEquals("db3b0d8f0b061e603282b308a50841229ad798fab9540c1b", nfold("MASSACHVSETTS INSTITVTE OF TECHNOLOGY", 192));
        assertEquals("6b65726265726f737b9b5b2b93132b93", nfold("kerberos", 128));
        assertEquals("8372c236344e5f1550cd0747e15d62ca7a5a3bcea4", nfold("kerberos", 168));
    }

    /** RFC 3962 B: key = DK(PBKDF2-HMAC-SHA1(password, salt, iterations), "kerberos"). */
    private static String stringToKey(String password, String salt, int iterations, int bytes) {
        PKCS5S2ParametersGenerator g = new PKCS5S2ParametersGenerator(new SHA1Digest());
        g.init(password.getBytes(StandardCharsets.UTF_8), salt.getBytes(StandardCharsets.UTF_8), iterations);
        byte[] tkey = ((KeyParameter) g.generateDerivedParameters(bytes * 8)).getKey();
        return TestData.hex(KerberosCrypto.dk(tkey, "kerberos".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void derivedKeysMatchRfc3962StringToKey() {
        assertEquals("42263c6e89f4fc28b8df68ee09799f15", stringToKey("password", "ATHENA.MIT.EDUraeburn", 1, 16));
        assertEquals("fe697b52bc0d3ce14432ba036a92e65bbb52280990a2fa27883998d72af30161",
                stringToKey("password", "ATHENA.MIT.EDUraeburn", 1, 32));
        assertEquals("c651bf29e2300ac27fa469d693bdda13", stringToKey("password", "ATHENA.MIT.EDUraeburn", 2, 16));
        assertEquals("a2e16d16b36069c135d5e9d2e25f896102685618b95914b467c67622225824ff",
                stringToKey("password", "ATHENA.MIT.EDUraeburn", 2, 32));
    }

    private static final byte[] CHICKEN = "chicken teriyaki".getBytes(StandardCharsets.US_ASCII);
    private static final String INPUT = "I would like the General Gau's Chicken, please, and wonton soup.";

    private static void cts(int length, String output) throws Exception {
        byte[] c = TestData.hex(output);
        byte[] p = KerberosCrypto.ctsDecrypt(CHICKEN, c, 0, c.length);
        assertEquals(INPUT.substring(0, length), new String(p, StandardCharsets.US_ASCII), length + "-byte vector");
    }

    @Test
    void ciphertextStealingMatchesRfc3962() throws Exception {
        cts(17, "c6353568f2bf8cb4d8a580362da7ff7f97");
        cts(31, "fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5");
        cts(32, "39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584");
        cts(47, "97687268d6ecccc0c07b25e25ecfe584b3fffd940c16a18c1b5549d2f838029e39312523a78662d5be7fcbcc98ebf5");
        cts(48, "97687268d6ecccc0c07b25e25ecfe5849dad8bbb96c4cdc03bc103e1a194bbd839312523a78662d5be7fcbcc98ebf5a8");
        cts(64, "97687268d6ecccc0c07b25e25ecfe58439312523a78662d5be7fcbcc98ebf5a84807efe836ee89a526730dbc2f7bc840"
                + "9dad8bbb96c4cdc03bc103e1a194bbd8");
    }

    @Test
    void oneBlockIsPlainAes() throws Exception {
        BlockCipher aes = AESEngine.newInstance();
        aes.init(true, new KeyParameter(CHICKEN));
        byte[] p = INPUT.substring(0, 16).getBytes(StandardCharsets.US_ASCII);
        byte[] c = new byte[16];
        aes.processBlock(p, 0, c, 0);
        assertArrayEquals(p, KerberosCrypto.ctsDecrypt(CHICKEN, c, 0, 16));
    }

    @Test
    void wrongKeyAndDamageFailTheIntegrityCheck() {
        Secret k = Secret.bytes(new byte[32]);
        byte[] junk = new byte[60];
        Arrays.fill(junk, (byte) 7);
        assertThrows(KerberosCrypto.IntegrityException.class, () -> KerberosCrypto.decrypt(18, k, 2, junk));
        assertThrows(KerberosCrypto.IntegrityException.class, () -> KerberosCrypto.decrypt(17, Secret.bytes(new byte[16]), 2, junk));
        assertThrows(KerberosCrypto.IntegrityException.class, () -> KerberosCrypto.decrypt(23, Secret.bytes(new byte[16]), 2, junk));
        assertThrows(KerberosCrypto.IntegrityException.class, () -> KerberosCrypto.decrypt(18, k, 2, new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> KerberosCrypto.decrypt(18, Secret.bytes(new byte[16]), 2, junk));
        assertThrows(IllegalArgumentException.class, () -> KerberosCrypto.decrypt(20, k, 2, junk));
    }

    @Test
    void rc4UsageIsLittleEndianWithNineAsEight() {
        assertEquals("02000000", TestData.hex(KerberosCrypto.rc4Usage(2)));
        assertEquals("0b000000", TestData.hex(KerberosCrypto.rc4Usage(11)));
        assertEquals("08000000", TestData.hex(KerberosCrypto.rc4Usage(9)));
    }
}
