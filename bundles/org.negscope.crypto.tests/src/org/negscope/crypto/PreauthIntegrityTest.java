package org.negscope.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.negscope.crypto.TestData.hex;

import org.junit.jupiter.api.Test;

/** The per-message values are checked on Windows' exchange in {@link WindowsSmb311ExchangeTest}. */
class PreauthIntegrityTest {

    @Test
    void offsetAndLengthSelectTheMessage() {
        byte[] m = WindowsSmb311Exchange.NEGOTIATE_REQUEST;
        byte[] framed = new byte[m.length + 4];
        framed[3] = (byte) m.length; // a direct-TCP header in front, as in a stream buffer
        System.arraycopy(m, 0, framed, 4, m.length);
        assertEquals(WindowsSmb311Exchange.HASH_AFTER_NEGOTIATE_REQUEST.toLowerCase(),
                hex(new PreauthIntegrity().update(framed, 4, m.length).value()));
    }

    @Test
    void valueMustBe64Bytes() {
        assertEquals("a PreauthIntegrityHashValue is 64 bytes, got 32",
                assertThrows(IllegalArgumentException.class, () -> PreauthIntegrity.of(new byte[32])).getMessage());
    }

    @Test
    void toStringShowsTheValueWhichIsNotSecret() {
        assertEquals("PreauthIntegrityHashValue " + "00".repeat(64), new PreauthIntegrity().toString());
    }
}
