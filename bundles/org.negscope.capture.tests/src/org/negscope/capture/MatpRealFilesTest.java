package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real Message Analyzer packages (Microsoft's protocol-documentation captures, ../shared/external-captures-3/matp,
 * read in place). Expected TCP facts: the NetMon .cap of the same GPOD capture read by tshark (282 SMB2 packets in
 * one connection to port 445); the AZOD files hold the SMB 3.0 sessions described in docs/formats.md.
 */
class MatpRealFilesTest {

    @ParameterizedTest
    @CsvSource({"MS-AZOD_Example2_Win2016_X64_Win7_X64_Domain.matp, 63",
            "MS-AZOD_Example3_Win2016_X64_Win10_X64_Domain.matp, 126",
            "MS-GPOD_Example2_Win2016_X64_Win10_X64.matp, 751",
            "MS-FASOD_Example1_Win2016_X64_Win10_X64_Workgroup.matp, 535"})
    void packetsOfRealPackages(String file, long packets) throws Exception {
        Recorder r = Recorder.read(TestData.windows("matp/" + file));
        assertEquals("matp", r.summary.format());
        long smbConnections = r.connections.stream().filter(c -> c.server().port() == 445).count();
        System.out.println(file + ": " + r.summary.frames() + " frames, " + r.connections.size() + " TCP connections, "
                + smbConnections + " to port 445, warnings " + r.summary.warnings());
        assertEquals(packets, r.summary.frames(), "NDIS packets");
        assertEquals(List.of(), r.contractViolations);
        assertTrue(smbConnections > 0);
    }
}
