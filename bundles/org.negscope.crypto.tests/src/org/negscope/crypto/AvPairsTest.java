package org.negscope.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.negscope.crypto.TestData.hex;

import org.junit.jupiter.api.Test;

class AvPairsTest {

    /**
     * TargetInfo of the CHALLENGE in Microsoft's SMB 3.1.1 key example (Open Specifications blog
     * "SMB 2 and SMB 3 security in Windows 10: the anatomy of signing and cryptographic keys",
     * appendix): four names "SUT311", MsvAvTimestamp, EOL.
     */
    static final byte[] WINDOWS_TARGET_INFO = hex("02000C0053005500540033003100310001000C00530055005400330031003100"
            + "04000C0053005500540033003100310003000C00530055005400330031003100"
            + "07000800A1A1F5ADCBAED00100000000");

    @Test
    void readsValuesAndTheTimestamp() {
        assertArrayEquals(hex("530055005400330031003100"), AvPairs.value(WINDOWS_TARGET_INFO, AvPairs.MSV_AV_NB_DOMAIN_NAME));
        assertEquals(0x01D0AECBADF5A1A1L, AvPairs.timestamp(WINDOWS_TARGET_INFO));
        assertNull(AvPairs.value(WINDOWS_TARGET_INFO, AvPairs.MSV_AV_FLAGS));
        assertEquals(-1, AvPairs.timestamp(NtlmTest.TARGET_INFO));
    }

    @Test
    void addsMsvAvFlagsBeforeTheEnd() {
        byte[] out = AvPairs.forAuthenticate(WINDOWS_TARGET_INFO, AvPairs.FLAG_MIC_PRESENT);
        assertEquals(WINDOWS_TARGET_INFO.length + 8, out.length);
        assertArrayEquals(hex("0600040002000000"), java.util.Arrays.copyOfRange(out, out.length - 12, out.length - 4));
        assertArrayEquals(hex("02000000"), AvPairs.value(out, AvPairs.MSV_AV_FLAGS));
        // An existing MsvAvFlags is OR-ed, not duplicated.
        byte[] again = AvPairs.forAuthenticate(hex("0600040001000000 00000000"), AvPairs.FLAG_MIC_PRESENT);
        assertArrayEquals(hex("0600040003000000 00000000"), again);
    }

    @Test
    void malformedListsNameTheOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AvPairs.value(hex("02000c00 4400"), AvPairs.MSV_AV_FLAGS));
        assertEquals("AV_PAIR 0x2 at offset 0 has AvLen 12 but only 2 bytes follow", e.getMessage());
        IllegalArgumentException noEol = assertThrows(IllegalArgumentException.class,
                () -> AvPairs.forAuthenticate(hex("01000200 4100"), 0));
        assertEquals("AV_PAIR list has no MsvAvEOL (ends at offset 6)", noEol.getMessage());
    }
}
