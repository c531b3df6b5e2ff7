package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.negscope.capture.Progress;

/**
 * Message Analyzer packages from Microsoft's protocol documentation (../shared/external-captures-3/matp, read in
 * place): the only real Windows VALIDATE exchanges we have. Facts (frame numbers, signatures, status) were read with
 * tshark from the packets of the package (NDIS 1001 records in time order): a Windows 8 client (AZODCLIENT,
 * 192.168.0.12, NTLMSSP 6.2 build 9200) and a Windows Server 2016 (192.168.0.2), SMB 3.0, three signed VALIDATE
 * exchanges (frames 32/33, 38/39 and 46/47 in Example 2; 32/33, 38/39, 55/56 in Example 3), all STATUS_SUCCESS; the
 * capture starts after that connection's NEGOTIATE.
 */
class MessageAnalyzerTest {

    static AnalysisResult analyze(String name) throws Exception {
        return CaptureAnalyzer.analyze(List.of(TestData.windows("matp/" + name)), AnalysisOptions.none(), Progress.NONE, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MS-AZOD_Example2_Win2016_X64_Win7_X64_Domain.matp", "MS-AZOD_Example3_Win2016_X64_Win10_X64_Domain.matp"})
    void validateSeenNegotiateNotCaptured(String file) throws Exception {
        AnalysisResult r = analyze(file);
        assertEquals("matp", r.captures().get(0).format());
        ConnectionReport c = r.connections().stream()
                .filter(x -> x.client().startsWith("192.168.0.12:") && x.frames().validateRequest() > 0).findFirst().orElseThrow();
        String what = c.client() + " -> " + c.server() + ": " + c.summary();
        assertEquals("192.168.0.2:445", c.server(), what);
        assertEquals(32, c.frames().validateRequest(), what);
        assertEquals(33, c.frames().validateResponse(), what);
        assertEquals(0, c.frames().negotiateRequest(), what);
        assertEquals(0, c.frames().negotiateResponse(), what);
        assertEquals(3, c.validateExchanges().size(), "three VALIDATE exchanges: " + what);
        // nothing to compare with: not a failure, not a pass; the signature cannot be checked without credentials
        assertEquals(Verdict.INCOMPLETE, c.verdict(), what);
        assertFalse(c.fatal(), what);
        assertEquals(SignatureStatus.UNVERIFIED, c.signature(), what);
        assertTrue(c.summary().contains("starts after NEGOTIATE"), what);
        assertTrue(c.missing().stream().anyMatch(m -> m.contains("NEGOTIATE request and response")), c.missing().toString());
    }

    /** The same capture as the NetMon .cap of that name: tshark finds 282 SMB2 packets in one connection, SMB 3.1.1. */
    @Test
    void gpodPackageHasTheCapsConnection() throws Exception {
        AnalysisResult r = analyze("MS-GPOD_Example2_Win2016_X64_Win10_X64.matp");
        assertEquals(751, r.captures().get(0).frames());
        assertEquals(1, r.connections().size());
        ConnectionReport c = r.connections().get(0);
        assertEquals("3.1.1", c.dialect(), c.summary());
        assertEquals(Verdict.NOT_APPLICABLE, c.verdict(), c.summary());
    }
}
