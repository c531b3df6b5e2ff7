package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.capture.Progress;

/**
 * Two-point analysis on the committed real pairs: each {@code .client-side} / {@code .server-side} file is one
 * smbclient connection captured on both sides of NegotiateRewriteProxy (releng/captures/README.md), so the
 * addresses and ports differ as through a proxy. Expected values were read with tshark
 * ({@code -Y smb2.cmd==0 -T fields -e smb2.capabilities -e smb2.dialect_count -e smb2.dialect}): client side
 * NEGOTIATE request Capabilities 0x7f, dialects 0x0202,0x0210,0x0300,0x0302; smbd's NEGOTIATE response 0x4f; the
 * proxy's rewrites as its mode says. Offsets are MS-SMB2's: header 64 bytes, NEGOTIATE request DialectCount at
 * body +2, Capabilities at body +8, Dialects at body +36; NEGOTIATE response Capabilities at body +24.
 * Frame numbers come from EXPECTED.tsv (written with the captures).
 */
class TwoPointMatcherTest {

    static AnalysisResult analyze(String file) throws Exception {
        return CaptureAnalyzer.analyze(List.of(TestData.capture(file)), AnalysisOptions.none(), Progress.NONE, null);
    }

    static TestData.Expected expected(String file) {
        return TestData.expected().stream().filter(e -> e.file().equals(file)).findFirst().orElseThrow();
    }

    static ConnectionPair onlyPair(String mode) throws Exception {
        TwoPointResult r = TwoPointMatcher.match(analyze("samba-3.0.2-" + mode + ".client-side.pcap"),
                analyze("samba-3.0.2-" + mode + ".server-side.pcap"));
        assertEquals(1, r.pairs().size(), mode);
        assertTrue(r.unmatchedClientSide().isEmpty() && r.unmatchedServerSide().isEmpty(), mode);
        ConnectionPair p = r.pairs().get(0);
        // Matched across the proxy: different client ports and server ports, same ClientGuid.
        assertNotEquals(p.clientSide().client(), p.serverSide().client());
        assertNotEquals(p.clientSide().server(), p.serverSide().server());
        assertEquals(p.clientSide().clientGuid(), p.serverSide().clientGuid());
        // NTLM authentication is the same at both points: an exact match, whatever the path rewrote.
        assertEquals(TwoPointMatcher.EXACT, p.strength(), p.matchedBy());
        assertTrue(p.evidence().containsAll(List.of(TwoPointMatcher.BY_NTLM, TwoPointMatcher.BY_SESSION_ID,
                TwoPointMatcher.BY_CLIENT_GUID, TwoPointMatcher.BY_MESSAGE_IDS)), p.evidence().toString());
        assertTrue(p.matchedBy().startsWith("exact match: the NTLM server challenge"), p.matchedBy());
        assertTrue(p.matchedBy().contains("ClientGuid " + p.clientSide().clientGuid()), p.matchedBy());
        // The middlebox is named by the addresses each side saw.
        assertTrue(p.middlebox().contains(p.clientSide().server()) && p.middlebox().contains(p.serverSide().client()), p.middlebox());
        // What a signed VALIDATE carries passes any honest path unchanged: only NEGOTIATE was rewritten.
        assertTrue(p.changes().stream().noneMatch(c -> c.message().startsWith("VALIDATE")), p.changes().toString());
        return p;
    }

    @Test void strippedResponseCapabilityIsTheOneChange() throws Exception {
        ConnectionPair p = onlyPair("strip-resp-caps");
        TestData.Expected cs = expected("samba-3.0.2-strip-resp-caps.client-side.pcap");
        TestData.Expected ss = expected("samba-3.0.2-strip-resp-caps.server-side.pcap");
        // A response is sent by the server: "sent" is the server-side frame, "received" the client-side one.
        assertEquals(List.of(new ConnectionPair.Change("NEGOTIATE response", "Capabilities", "0x0000004f", "0x0000004b",
                ss.negResp(), cs.negResp(), 88, "LARGE_MTU cleared by the path")), p.changes());
        assertEquals(List.of(new ConnectionPair.ByteChange("NEGOTIATE response", 88, 0x4f, 0x4b, "Capabilities")), p.bytes());
        assertEquals(0, p.bytesOmitted());
        assertEquals(Verdict.RESPONSE_MISMATCH, p.clientSide().verdict());
        assertEquals(Verdict.VALIDATED, p.serverSide().verdict());
        assertTrue(p.summary().contains("NEGOTIATE response Capabilities 0x0000004f -> 0x0000004b"), p.summary());
        assertTrue(p.summary().contains("client side RESPONSE_MISMATCH") && p.summary().contains("server side VALIDATED"), p.summary());
    }

    @Test void strippedRequestCapabilityExplainsTheServersDrop() throws Exception {
        ConnectionPair p = onlyPair("strip-req-caps");
        TestData.Expected cs = expected("samba-3.0.2-strip-req-caps.client-side.pcap");
        TestData.Expected ss = expected("samba-3.0.2-strip-req-caps.server-side.pcap");
        // A request is sent by the client: "sent" is the client-side frame.
        assertEquals(List.of(new ConnectionPair.Change("NEGOTIATE request", "Capabilities", "0x0000007f", "0x0000007b",
                cs.negReq(), ss.negReq(), 72, "LARGE_MTU cleared by the path")), p.changes());
        assertEquals(List.of(new ConnectionPair.ByteChange("NEGOTIATE request", 72, 0x7f, 0x7b, "Capabilities")), p.bytes());
        assertEquals(Verdict.SERVER_TERMINATED, p.clientSide().verdict());
        assertEquals(Verdict.REQUEST_MISMATCH, p.serverSide().verdict());
    }

    @Test void removedDialectChangesCountListAndLength() throws Exception {
        ConnectionPair p = onlyPair("req-dialects");
        TestData.Expected cs = expected("samba-3.0.2-req-dialects.client-side.pcap");
        TestData.Expected ss = expected("samba-3.0.2-req-dialects.server-side.pcap");
        assertEquals(List.of(
                new ConnectionPair.Change("NEGOTIATE request", "DialectCount", "4", "3", cs.negReq(), ss.negReq(), 66, ""),
                new ConnectionPair.Change("NEGOTIATE request", "Dialects", "[2.0.2, 2.1, 3.0, 3.0.2]", "[2.1, 3.0, 3.0.2]",
                        cs.negReq(), ss.negReq(), 100, "2.0.2 removed by the path"),
                new ConnectionPair.Change("NEGOTIATE request", "(length)", "108", "106", cs.negReq(), ss.negReq(), -1,
                        "the message is 2 bytes shorter after the path")), p.changes());
        // Byte view: DialectCount, then the dialect array shifted by one entry (02 02 10 02 00 03 02 03 -> 10 02 00 03 02 03).
        assertEquals(new ConnectionPair.ByteChange("NEGOTIATE request", 66, 4, 3, "DialectCount"), p.bytes().get(0));
        assertEquals(new ConnectionPair.ByteChange("NEGOTIATE request", 100, 0x02, 0x10, "Dialect[0]"), p.bytes().get(1));
        assertTrue(p.bytes().stream().allMatch(b -> b.offset() == 66 || b.offset() >= 100 && b.offset() < 106), p.bytes().toString());
        assertEquals(Verdict.VALIDATED, p.clientSide().verdict());
        assertEquals(Verdict.REQUEST_MISMATCH, p.serverSide().verdict());
    }

    /**
     * Synthetic (no loopback lab has two clocks): three connections of one Windows client (one ClientGuid) seen on
     * the server side through a NAT whose capture clock runs an hour ahead, listed in another order. The typical
     * offset is removed before the time order decides.
     */
    @Test void clockOffsetBetweenCapturesIsRemoved() {
        java.util.UUID guid = java.util.UUID.fromString("72e780ba-8aac-11ea-923b-00155d51715a");
        long s = 1_000_000_000L;
        List<ConnectionReport> client = new java.util.ArrayList<>();
        List<ConnectionReport> server = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            client.add(synthetic("10.0.0.2:" + (50000 + i), "10.9.9.9:445", guid, i * 10 * s));
        }
        for (int i : new int[] {2, 0, 1}) {
            server.add(synthetic("192.168.7.1:" + (60000 + i), "192.168.7.9:445", guid, 3600 * s + i * 10 * s + s / 10));
        }
        TwoPointResult r = TwoPointMatcher.match(client, server);
        assertEquals(3, r.pairs().size());
        for (ConnectionPair p : r.pairs()) {
            String c = p.clientSide().client();
            String sv = p.serverSide().client();
            assertEquals(c.substring(c.length() - 1), sv.substring(sv.length() - 1), c + " pairs with " + sv);
            assertTrue(p.matchedBy().endsWith("(typical offset between the captures 3600.1 s)"), p.matchedBy());
        }
    }

    /** A hand-made report with only what matching reads: ClientGuid, start time, no messages. */
    static ConnectionReport synthetic(String client, String server, java.util.UUID guid, long start) {
        ConnectionReport.Details d = new ConnectionReport.Details(1, start, 10, start + 1, guid, null, 0, null, 0, null, null,
                List.of(), List.of(), 0, List.of(), List.of(), Reconnect.NONE);
        return new ConnectionReport(0, client, server, "3.0.2", Verdict.VALIDATED, false, "synthetic", List.of(),
                SignatureStatus.UNVERIFIED, TerminatedBy.NONE, new ConnectionReport.Frames(0, 0, 0, 0, 0), "MS-SMB2 3.2.5.14.12",
                null, null, null, null, d);
    }

    /** Negative: two unrelated connections with the same message sequence but their own ClientGuids. */
    @Test void unrelatedCapturesDoNotMatch() throws Exception {
        TwoPointResult r = TwoPointMatcher.match(analyze("samba-3.0.2-clean.pcap"), analyze("samba-3.0.2-strip-resp-caps.server-side.pcap"));
        assertTrue(r.pairs().isEmpty(), r.pairs().toString());
        assertEquals(1, r.unmatchedClientSide().size());
        assertEquals(1, r.unmatchedServerSide().size());
        assertFalse(r.anyChange());
        TwoPointResult r2 = TwoPointMatcher.match(analyze("samba-3.0.2-proxy-none.pcap"), analyze("samba-3.0.2-req-dialects.server-side.pcap"));
        assertTrue(r2.pairs().isEmpty());
    }

    /** The two sides of different proxied connections do not pair up either, although both are proxied. */
    @Test void crossedPairsDoNotMatch() throws Exception {
        TwoPointResult r = TwoPointMatcher.match(analyze("samba-3.0.2-strip-resp-caps.client-side.pcap"),
                analyze("samba-3.0.2-strip-req-caps.server-side.pcap"));
        assertTrue(r.pairs().isEmpty());
    }

    /** A capture compared with itself: everything matches and nothing changed (no header noise is reported). */
    @Test void aCaptureAgainstItselfChangesNothing() throws Exception {
        AnalysisResult a = analyze("samba-3.0.2-validate-not-supported.pcap");
        TwoPointResult r = TwoPointMatcher.match(a, a);
        assertEquals(1, r.pairs().size());
        assertFalse(r.anyChange(), r.pairs().get(0).changes().toString());
        assertTrue(r.pairs().get(0).bytes().isEmpty());
        assertTrue(r.pairs().get(0).summary().startsWith("Nothing changed between the capture points"), r.pairs().get(0).summary());
    }

    /**
     * Windows uses one ClientGuid for all its connections (real capture: Windows 10 2004 to a domain controller,
     * four connections share 3e88b207-...): the MessageIds and the time order must still pair each with itself.
     */
    @Test void sharedClientGuidIsResolvedByTimeOrder() throws Exception {
        AnalysisResult a = CaptureAnalyzer.analyze(List.of(TestData.external("msod-fasod-ex2-win10-ws2019-domain.pcapng")),
                AnalysisOptions.none(), Progress.NONE, null);
        long shared = a.connections().stream().filter(c -> c.clientGuid() != null
                && c.clientGuid().toString().equals("3e88b207-8a3d-11ea-8424-98e59bd0178d")).count();
        assertEquals(4, shared, "tshark: smb2.client_guid of tcp.stream 3, 4, 5, 6");
        TwoPointResult r = TwoPointMatcher.match(a, a);
        long withGuid = a.connections().stream().filter(c -> c.clientGuid() != null).count();
        // every connection with a ClientGuid pairs (others may too: SessionId, Kerberos AP-REQ)
        assertTrue(r.pairs().size() >= withGuid, r.pairs().size() + " pairs, " + withGuid + " with a ClientGuid");
        for (ConnectionPair p : r.pairs()) {
            assertEquals(p.clientSide().client(), p.serverSide().client(), "each connection pairs with itself");
            assertFalse(p.changed());
        }
    }
}
