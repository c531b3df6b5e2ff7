package org.negscope.remedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostOsTest {

    @ParameterizedTest(name = "{0}.{1} build {2} -> {3}")
    @CsvSource({
            "5, 1, 2600, WINDOWS_XP_2003, Windows XP",
            "6, 0, 6002, WINDOWS_VISTA_2008, Vista",
            "6, 1, 7601, WINDOWS_7_2008R2, Windows 7",
            "6, 2, 9200, WINDOWS_8_2012, Windows 8",
            "6, 3, 9600, WINDOWS_81_2012R2, Windows 8.1",
            "10, 0, 10240, WINDOWS_10, Windows 10 1507",
            "10, 0, 14393, WINDOWS_10_1607_SERVER_2016, Server 2016",
            "10, 0, 17763, WINDOWS_10_1809_SERVER_2019, Server 2019",
            "10, 0, 19045, WINDOWS_10, Windows 10 22H2",
            "10, 0, 20348, WINDOWS_SERVER_2022, Windows Server 2022",
            "10, 0, 22000, WINDOWS_11, Windows 11 21H2",
            "10, 0, 22631, WINDOWS_11, Windows 11 23H2",
            "10, 0, 26100, WINDOWS_11_24H2_SERVER_2025, Windows 11 24H2 or Windows Server 2025",
            "10, 0, 26200, WINDOWS_11_25H2_OR_LATER, Windows 11 25H2",
            "10, 0, 27000, WINDOWS_11_25H2_OR_LATER, build 27000",
            "6, 1, 0, NON_WINDOWS, Samba",
            "10, 0, 0, UNKNOWN, unknown",
            "7, 0, 1234, UNKNOWN, unknown",
    })
    void infersTheReleaseFromTheNtlmsspVersion(int major, int minor, int build, WindowsVersion expected, String product) {
        HostOs os = HostOs.fromNtlmssp(major, minor, build);
        assertEquals(expected, os.version());
        assertTrue(os.product().contains(product), os.product());
        assertEquals(HostOs.Source.NTLMSSP, os.source());
        assertTrue(os.describe().contains("build " + build), os.describe());
    }

    @Test
    void build26100SaysClientAndServerCannotBeToldApart() {
        HostOs os = HostOs.fromNtlmssp(10, 0, 26100);
        assertTrue(os.note().contains("cannot tell a client release from a server release"), os.note());
        assertTrue(os.version().requiresClientSigningByDefault());
        assertNull(os.version().requiresServerSigningByDefault(), "inbound default differs between Win11 24H2 and Server 2025");
    }

    @Test
    void acceptsTheDecodedNtlmVersion() {
        assertEquals(WindowsVersion.WINDOWS_81_2012R2, HostOs.fromNtlmssp(new org.negscope.smb2.NtlmVersion(6, 3, 9600, 15)).version());
        assertEquals(WindowsVersion.UNKNOWN, HostOs.fromNtlmssp(null).version());
    }

    @Test
    void sambaBuildZeroIsNotWindows7() {
        HostOs os = HostOs.fromNtlmssp(6, 1, 0);
        assertEquals(WindowsVersion.NON_WINDOWS, os.version());
        assertTrue(os.note().contains("Samba"), os.note());
    }

    @Test
    void onlyWindows8To81HonourRequireSecureNegotiate() {
        EnumSet<WindowsVersion> honouring = EnumSet.noneOf(WindowsVersion.class);
        for (WindowsVersion v : WindowsVersion.values()) {
            if (v.honoursRequireSecureNegotiate()) {
                honouring.add(v);
            }
        }
        assertEquals(EnumSet.of(WindowsVersion.WINDOWS_8_2012, WindowsVersion.WINDOWS_81_2012R2), honouring);
    }

    @Test
    void windows7AndOlderDoNotValidate() {
        for (WindowsVersion v : new WindowsVersion[] {WindowsVersion.WINDOWS_XP_2003, WindowsVersion.WINDOWS_VISTA_2008,
                WindowsVersion.WINDOWS_7_2008R2}) {
            assertFalse(v.validatesNegotiate(), v.name());
            assertFalse(v.hasSmbCmdlets(), v.name());
        }
        assertEquals("2.1", WindowsVersion.WINDOWS_7_2008R2.maxDialect());
    }

    @Test
    void chosenAndUnknownSayWhereTheKnowledgeComesFrom() {
        HostOs chosen = HostOs.chosen(WindowsVersion.WINDOWS_SERVER_2022);
        assertEquals(HostOs.Source.USER, chosen.source());
        assertTrue(chosen.describe().endsWith("(chosen)"), chosen.describe());
        assertEquals(WindowsVersion.UNKNOWN, HostOs.unknown().version());
        assertEquals(HostOs.Source.NONE, HostOs.unknown().source());
        for (WindowsVersion v : WindowsVersion.choosable()) {
            assertTrue(v != WindowsVersion.UNKNOWN);
        }
        assertEquals(WindowsVersion.values().length - 1, WindowsVersion.choosable().length);
    }
}
