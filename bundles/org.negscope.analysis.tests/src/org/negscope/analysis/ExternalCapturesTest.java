package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.capture.CaptureException;
import org.negscope.capture.Progress;
import org.negscope.smb2.NegotiateRequest;

/**
 * Third-party captures (../shared/external-captures, read in place). None holds a cleartext VALIDATE, so
 * they pin the other verdicts. Every expected frame number, dialect and FIN/RST below was read with
 * tshark 4.0 from the same files (e.g. {@code tshark -r F -Y 'smb2.cmd==0'} and
 * {@code -Y 'tcp.flags.fin==1 || tcp.flags.reset==1'}).
 */
class ExternalCapturesTest {

    static AnalysisResult analyze(String name) throws CaptureException {
        return CaptureAnalyzer.analyze(List.of(TestData.external(name)), AnalysisOptions.none(), Progress.NONE, null);
    }

    static void assertConnection(ConnectionReport c, Verdict verdict, String dialect, long negReq, long negResp,
                                 TerminatedBy by, long termination) {
        String what = c.client() + " -> " + c.server() + ": " + c.summary();
        assertEquals(verdict, c.verdict(), what);
        assertEquals(dialect, c.dialect(), what);
        assertEquals(negReq, c.frames().negotiateRequest(), what);
        assertEquals(negResp, c.frames().negotiateResponse(), what);
        assertEquals(0, c.frames().validateRequest(), what);
        assertEquals(0, c.frames().validateResponse(), what);
        assertEquals(by, c.terminatedBy(), what);
        assertEquals(termination, c.frames().termination(), what);
        assertEquals(SignatureStatus.NONE, c.signature(), what);
        assertTrue(c.differences().isEmpty(), what);
        assertFalse(c.fatal(), what);
    }

    /** Windows 10 -> Server 2019, workgroup: a connection cut into by the capture start, then three 3.1.1 ones (one over IPv6). */
    @Test void msodWorkgroup() throws Exception {
        AnalysisResult r = analyze("msod-fasod-ex1-win10-ws2019-workgroup.pcapng");
        assertEquals("pcapng", r.captures().get(0).format());
        assertEquals(394, r.captures().get(0).frames());
        List<ConnectionReport> c = r.connections();
        assertEquals(4, c.size());
        // Frames 1-4 are TREE_DISCONNECT / LOGOFF of a connection negotiated before the capture began; RST in frame 5.
        assertConnection(c.get(0), Verdict.INCOMPLETE, null, 0, 0, TerminatedBy.CLIENT, 5);
        assertTrue(c.get(0).summary().contains("starts after the NEGOTIATE exchange (first SMB frame 1)"), c.get(0).summary());
        assertConnection(c.get(1), Verdict.NOT_APPLICABLE, "3.1.1", 11, 12, TerminatedBy.CLIENT, 177);
        // Multi-protocol SMB1 NEGOTIATE (frame 90) answered with 0x02FF (91), then the SMB2 NEGOTIATE 92/93 counts.
        assertConnection(c.get(2), Verdict.NOT_APPLICABLE, "3.1.1", 92, 93, TerminatedBy.NONE, 0);
        assertEquals("[fe80::b00c:699:2acb:8e78]:49687", c.get(2).client());
        assertEquals("[fe80::d071:f785:d0bb:1f0e]:445", c.get(2).server());
        assertConnection(c.get(3), Verdict.NOT_APPLICABLE, "3.1.1", 183, 184, TerminatedBy.CLIENT, 381);
        assertTrue(c.get(1).summary().contains("preauthentication integrity"), c.get(1).summary());
        assertEquals("MS-SMB2 3.3.5.15.12", c.get(1).spec());
    }

    /** Domain-joined (Kerberos): seven 3.1.1 connections, three of them negotiating at once with crossed answers. */
    @Test void msodDomain() throws Exception {
        List<ConnectionReport> c = analyze("msod-fasod-ex2-win10-ws2019-domain.pcapng").connections();
        assertEquals(7, c.size());
        long[][] neg = {{6, 7}, {44, 45}, {60, 61}, {101, 102}, {277, 282}, {278, 281}, {279, 280}};
        for (int i = 0; i < neg.length; i++) {
            TerminatedBy by = i == 0 || i == 1 ? TerminatedBy.CLIENT : TerminatedBy.NONE;
            long term = i == 0 ? 32 : i == 1 ? 91 : 0;
            assertConnection(c.get(i), Verdict.NOT_APPLICABLE, "3.1.1", neg[i][0], neg[i][1], by, term);
        }
        assertEquals("192.168.0.101:61340", c.get(4).client());
    }

    /**
     * SMB 2.1 Windows traffic from a client that offered only 2.0.2 and 2.1: it does not implement SMB 3, so no VALIDATE
     * is due (NOT_APPLICABLE, docs/protocol.md "Verdict rules"); the summary names what it offered.
     */
    @Test void smb21WithoutValidateIsNotApplicable() throws Exception {
        List<ConnectionReport> c = analyze("suricata-verify-smb2-06-net_user.pcap").connections();
        assertEquals(1, c.size());
        assertConnection(c.get(0), Verdict.NOT_APPLICABLE, "2.1", 6, 7, TerminatedBy.NONE, 0);
        assertTrue(c.get(0).summary().contains("offered only 2.0.2, 2.1 (NEGOTIATE request frame 6)"), c.get(0).summary());
        assertTrue(c.get(0).summary().contains("does not implement SMB 3"), c.get(0).summary());
    }

    /** macOS smbclient -> Server 2019 on 3.0.2 as guest: VALIDATE correctly absent. */
    @Test void guestOn302IsNotApplicable() throws Exception {
        AnalysisResult r = analyze("suricata-verify-smb2-delete.pcap");
        List<ConnectionReport> c = r.connections();
        // Connection 49281 (frames 1-10) carries no payload at all: not SMB, not reported.
        assertEquals(2, c.size());
        assertConnection(c.get(0), Verdict.NOT_APPLICABLE, "3.0.2", 15, 16, TerminatedBy.CLIENT, 129);
        assertTrue(c.get(0).summary().contains("guest session (SESSION_SETUP response frame 22)"), c.get(0).summary());
        // 54927: only a Lease Break notification (frame 79) and its retransmissions.
        assertConnection(c.get(1), Verdict.INCOMPLETE, null, 0, 0, TerminatedBy.UNKNOWN, 0);
        assertEquals("192.168.1.12:54927", c.get(1).client());
    }

    @Test void zeroByteErrorIoctl311() throws Exception {
        List<ConnectionReport> c = analyze("zeek-smb2-zero-byte-error-ioctl.pcapng").connections();
        assertEquals(1, c.size());
        assertConnection(c.get(0), Verdict.NOT_APPLICABLE, "3.1.1", 20, 22, TerminatedBy.NONE, 0);
    }

    @Test void deleteOnClose311() throws Exception {
        List<ConnectionReport> c = analyze("zeek-smb2.delete-on-close-perms-delete-existing.pcap").connections();
        assertEquals(1, c.size());
        assertConnection(c.get(0), Verdict.NOT_APPLICABLE, "3.1.1", 4, 6, TerminatedBy.CLIENT, 104);
    }

    /** 3.0 to an encrypted share: the tree connect (frame 8) is clear, everything from frame 9 is TRANSFORM. */
    @Test void encrypted30() throws Exception {
        List<ConnectionReport> c = analyze("zeek-smb3.pcap").connections();
        assertEquals(1, c.size());
        assertConnection(c.get(0), Verdict.ENCRYPTED, "3.0", 1, 2, TerminatedBy.NONE, 0);
        assertTrue(c.get(0).summary().contains("encrypted from frame 9 on"), c.get(0).summary());
        assertEquals("MS-SMB2 3.2.5.14.12", c.get(0).spec());
    }

    @Test void encrypted311IsNotApplicable() throws Exception {
        List<ConnectionReport> c = analyze("zeek-smb311.pcap").connections();
        assertEquals(1, c.size());
        assertConnection(c.get(0), Verdict.NOT_APPLICABLE, "3.1.1", 1, 2, TerminatedBy.NONE, 0);
    }

    /** Eight offered dialects including pre-release 0x0222, 0x0224, 0x0310; the server picks 3.1.1 and the capture ends. */
    @Test void negotiateContextsWithUnknownDialects() throws Exception {
        List<ConnectionReport> c = analyze("zeek-smb3_negotiate_context.pcap").connections();
        assertEquals(1, c.size());
        assertConnection(c.get(0), Verdict.NOT_APPLICABLE, "3.1.1", 12, 13, TerminatedBy.NONE, 0);
        int[] offered = NegotiateRequest.decode(c.get(0).negotiateRequest()).dialects();
        assertEquals("[2.0.2, 2.1, 0x0222, 0x0224, 3.0, 3.0.2, 0x0310, 3.1.1]", FieldFormat.dialects(offered));
    }

    /** All files at once: capture indexes follow the input order. */
    @Test void severalFilesKeepTheirIndexes() throws Exception {
        Path a = TestData.external("zeek-smb3.pcap");
        Path b = TestData.external("zeek-smb311.pcap");
        AnalysisResult r = CaptureAnalyzer.analyze(List.of(a, b), AnalysisOptions.none(), Progress.NONE, null);
        assertEquals(2, r.captures().size());
        assertEquals(0, r.connections().get(0).capture());
        assertEquals(1, r.connections().get(1).capture());
        assertEquals(b.toString(), r.captures().get(1).path());
        assertFalse(r.anyFatal());
    }
}
