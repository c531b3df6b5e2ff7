package org.negscope.remedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Verdict;
import org.negscope.capture.Progress;
import org.negscope.smb2.NtlmVersion;
import org.negscope.testing.TestInputs;

/**
 * {@link RemedyAdvisor#advise(ConnectionReport)}: the client OS comes from the capture's NTLMSSP Version without
 * the user choosing it. Real captures: Samba (Version 6.1 build 0) and Windows 10 2004 (10.0 build 19041, read
 * with tshark {@code -e ntlmssp.version.build_number}).
 */
class CaptureOsTest {

    static Path repoRoot() {
        return TestInputs.repoRoot();
    }

    static List<ConnectionReport> analyze(Path p) throws Exception {
        return CaptureAnalyzer.analyze(List.of(p), AnalysisOptions.none(), Progress.NONE, null).connections();
    }

    @Test void sambaClientIsRecognisedFromTheCapture() throws Exception {
        ConnectionReport r = analyze(repoRoot().resolve("releng/captures/samba-3.0.2-strip-resp-caps.pcap")).get(0);
        assertEquals(Verdict.RESPONSE_MISMATCH, r.verdict());
        Remedy m = RemedyAdvisor.advise(r);
        assertEquals(WindowsVersion.NON_WINDOWS, m.client().version());
        assertEquals(HostOs.Source.NTLMSSP, m.client().source());
        assertEquals("probably Samba", m.client().product());
        assertEquals(WindowsVersion.NON_WINDOWS, m.server().version(), "the server's CHALLENGE says 6.1 build 0 too");
        assertEquals("fix-path", m.recommendations().get(0).id());
        assertNull(m.recommendation("disable-secure-negotiate"), "RequireSecureNegotiate is a Windows switch");
    }

    @Test void windows10ClientIsRecognisedFromTheCapture() throws Exception {
        List<ConnectionReport> cs = analyze(repoRoot().resolve("../shared/external-captures/msod-fasod-ex1-win10-ws2019-workgroup.pcapng").normalize());
        ConnectionReport r = cs.stream().filter(c -> c.client().equals("192.168.1.101:49686")).findFirst().orElseThrow();
        assertEquals(WindowsVersion.WINDOWS_10, RemedyAdvisor.clientOs(r).version());
        assertEquals("Windows 10 2004", RemedyAdvisor.clientOs(r).product());
        assertEquals(Verdict.NOT_APPLICABLE, r.verdict());
        assertEquals(WindowsVersion.WINDOWS_10, RemedyAdvisor.advise(r).client().version());
    }

    /**
     * The same real failing connection as if a Windows 8.1 client had made it (its NTLMSSP Version replaced: the
     * loopback lab has no Windows): the workaround is offered because the capture says 6.3.
     */
    @Test void windows81VersionInTheReportEnablesTheWorkaround() throws Exception {
        ConnectionReport real = analyze(repoRoot().resolve("releng/captures/samba-3.0.2-strip-resp-caps.pcap")).get(0);
        ConnectionReport.Details d = real.details();
        ConnectionReport win81 = real.withDetails(new ConnectionReport.Details(d.firstFrame(), d.startTimeNanos(), d.lastFrame(),
                d.endTimeNanos(), d.clientGuid(), new NtlmVersion(6, 3, 9600, 15), d.clientVersionFrame(), d.serverVersion(),
                d.serverVersionFrame(), d.account(), d.validateError(), d.validateExchanges(), d.timeline(), d.timelineTotal(),
                d.missing(), d.evidence(), d.reconnect()));
        Remedy m = RemedyAdvisor.advise(win81);
        assertEquals(WindowsVersion.WINDOWS_81_2012R2, m.client().version());
        assertNotNull(m.recommendation("disable-secure-negotiate"));
        assertTrue(m.recommendation("disable-secure-negotiate").risk().startsWith("Weakens security"));
    }
}
