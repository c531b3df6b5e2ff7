package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.negscope.capture.Endpoint;
import org.negscope.capture.Progress;
import org.negscope.capture.TcpConnection;
import org.negscope.smb2.NtlmVersion;

/**
 * The diagnosis details (docs/cli.md, the keys after the contract's) on real captures: peers' NTLMSSP Versions, account, VALIDATE error answers,
 * timeline, what a cut capture lacks, evidence, reconnects. Frame numbers and values of the external captures were
 * read with tshark ({@code -Y ntlmssp -T fields -e frame.number -e ntlmssp.version.major -e ntlmssp.version.minor
 * -e ntlmssp.version.build_number -e ntlmssp.auth.username -e ntlmssp.auth.domain -e ntlmssp.auth.hostname}, and
 * {@code frame.time_epoch} of SYN/RST frames); those of the Samba captures come from EXPECTED.tsv.
 */
class ConnectionDetailsTest {

    static List<ConnectionReport> analyze(Path file) throws Exception {
        return CaptureAnalyzer.analyze(List.of(file), AnalysisOptions.none(), Progress.NONE, null).connections();
    }

    static ConnectionReport samba(String name) throws Exception {
        List<ConnectionReport> cs = analyze(TestData.capture(name));
        assertEquals(1, cs.size(), name);
        return cs.get(0);
    }

    static ConnectionReport byClient(List<ConnectionReport> cs, String client) {
        return cs.stream().filter(c -> c.client().equals(client)).findFirst().orElseThrow(() -> new AssertionError(client));
    }

    static TestData.Expected expected(String file) {
        return TestData.expected().stream().filter(e -> e.file().equals(file)).findFirst().orElseThrow();
    }

    @Test void sambaPeersAndAccount() throws Exception {
        ConnectionReport c = samba("samba-3.0.2-clean.pcap");
        // tshark: NTLMSSP NEGOTIATE frame 8, CHALLENGE frame 9, AUTHENTICATE frame 10, all Version 6.1 build 0 (Samba).
        assertEquals(new NtlmVersion(6, 1, 0, NtlmVersion.NTLMSSP_REVISION_W2K3), c.clientVersion());
        assertEquals(10, c.clientVersionFrame(), "the AUTHENTICATE's Version wins over the NEGOTIATE's");
        assertEquals(new NtlmVersion(6, 1, 0, NtlmVersion.NTLMSSP_REVISION_W2K3), c.serverVersion());
        assertEquals(9, c.serverVersionFrame());
        assertEquals(new NtlmAccount("nsuser", "NEGSCOPE", "VM", false, 10), c.account());
        assertTrue(c.evidence().contains("NTLMSSP AUTHENTICATE (frame 10) names NEGSCOPE\\nsuser from workstation VM."), c.evidence().toString());
        assertNull(c.validateError());
        assertEquals(2, c.validateExchanges().size(), "smbclient validates after the IPC$ and the share's tree connect");
        assertEquals(c.validateRequest(), c.validateExchanges().get(0).request());
        assertNotNull(c.clientGuid());
        assertEquals(1, c.firstFrame());
        assertTrue(c.startTimeNanos() > 0 && c.endTimeNanos() >= c.startTimeNanos());
    }

    @Test void anonymousAccountIsRecognised() throws Exception {
        ConnectionReport c = samba("samba-3.0.2-anonymous.pcap");
        NtlmAccount a = c.account();
        assertTrue(a.anonymous());
        assertEquals("", a.user());
        assertEquals("VM", a.workstation()); // tshark: ntlmssp.auth.hostname VM, username NULL (empty)
        assertEquals(10, a.frame());
    }

    @Test void windowsPeersFromTheExternalCapture() throws Exception {
        List<ConnectionReport> cs = analyze(TestData.external("msod-fasod-ex1-win10-ws2019-workgroup.pcapng"));
        ConnectionReport c = byClient(cs, "192.168.1.101:49686");
        assertEquals(10, c.clientVersion().major());
        assertEquals(19041, c.clientVersion().build());
        assertEquals(15, c.clientVersionFrame());
        assertEquals(19041, c.serverVersion().build());
        assertEquals(14, c.serverVersionFrame());
        assertEquals(new NtlmAccount("Administrator", "DESKTOP-OJ9BIN2", "WIN-0PUB9M0F051", false, 15), c.account());

        ConnectionReport mac = analyze(TestData.external("suricata-verify-smb2-delete.pcap")).get(0);
        assertEquals("6.1.7600", mac.clientVersion().toString());
        assertEquals(21, mac.clientVersionFrame());
        assertEquals(15063, mac.serverVersion().build());
        assertEquals("GUEST", mac.account().user());

        ConnectionReport kerberosLess = analyze(TestData.external("zeek-smb3.pcap")).get(0);
        assertNull(kerberosLess.clientVersion(), "tshark: the client's NTLMSSP messages carry no Version");
        assertEquals(14393, kerberosLess.serverVersion().build());
        assertEquals(4, kerberosLess.serverVersionFrame());
    }

    @Test void errorAnswersSayWhetherClientsAcceptThem() throws Exception {
        ConnectionReport ns = samba("samba-3.0.2-validate-not-supported.pcap");
        TestData.Expected e = expected("samba-3.0.2-validate-not-supported.pcap");
        ValidateError err = ns.validateError();
        assertEquals("STATUS_NOT_SUPPORTED", err.statusName());
        assertTrue(err.signed() && err.notImplemented() && err.clientsAccept());
        assertEquals(e.valResp(), err.frame());
        assertFalse(ns.fatal());
        assertTrue(ns.evidence().stream().anyMatch(s -> s.startsWith("VALIDATE answered with STATUS_NOT_SUPPORTED, signed")));

        ConnectionReport ad = samba("samba-3.0.2-validate-access-denied.pcap");
        ValidateError denied = ad.validateError();
        assertEquals("STATUS_ACCESS_DENIED", denied.statusName());
        assertTrue(denied.signed());
        assertFalse(denied.notImplemented() || denied.clientsAccept());
        assertTrue(ad.fatal());
    }

    @Test void timelineOfARealConnection() throws Exception {
        String file = "samba-3.0.2-strip-resp-caps.client-side.pcap";
        TestData.Expected e = expected(file);
        ConnectionReport c = samba(file);
        List<TimelineEvent> t = c.timelineEvents();
        assertEquals(c.timelineTotal(), t.size(), "a short connection is kept whole");
        for (int i = 0; i < t.size(); i++) {
            assertEquals(i, t.get(i).index());
        }
        TimelineEvent syn = t.get(0);
        assertEquals(TimelineEvent.Kind.TCP_SYN, syn.kind());
        assertEquals(1, syn.frame());
        assertEquals(0, syn.offsetNanos());
        assertTrue(syn.fromClient());
        TimelineEvent neg = event(t, e.negReq());
        assertEquals("NEGOTIATE", neg.command());
        assertEquals(TimelineEvent.Kind.SMB2_REQUEST, neg.kind());
        assertEquals(0, neg.messageId());
        TimelineEvent negResp = event(t, e.negResp());
        assertEquals("STATUS_SUCCESS", negResp.status());
        assertTrue(negResp.text().contains("dialect 3.0.2"), negResp.text());
        TimelineEvent vreq = event(t, e.valReq());
        assertEquals("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO request (MessageId " + vreq.messageId() + ", signed)", vreq.text());
        TimelineEvent vresp = event(t, e.valResp());
        assertEquals(vreq.messageId(), vresp.messageId());
        assertFalse(vresp.fromClient());
        TimelineEvent fin = event(t, e.termination());
        assertEquals(TimelineEvent.Kind.TCP_FIN, fin.kind());
        assertTrue(fin.fromClient(), "EXPECTED.tsv: terminated by the client");
        assertTrue(fin.offsetNanos() > vresp.offsetNanos());
        // SMB2 messages of the timeline are exactly those tshark lists: one request and one response per MessageId.
        long requests = t.stream().filter(x -> x.kind() == TimelineEvent.Kind.SMB2_REQUEST).count();
        long responses = t.stream().filter(x -> x.kind() == TimelineEvent.Kind.SMB2_RESPONSE).count();
        assertEquals(requests, responses);
        assertEquals(requests, t.stream().filter(x -> x.messageId() >= 0).map(TimelineEvent::messageId).distinct().count());
    }

    static TimelineEvent event(List<TimelineEvent> t, long frame) {
        return t.stream().filter(x -> x.frame() == frame).findFirst().orElseThrow(() -> new AssertionError("no event in frame " + frame));
    }

    @Test void progressiveReportsEndWithTheTimeline() throws Exception {
        List<ConnectionReport> updates = new ArrayList<>();
        CaptureAnalyzer.analyze(List.of(TestData.capture("samba-3.0.2-clean.pcap")), AnalysisOptions.none(), Progress.NONE,
                new AnalysisListener() {
                    @Override public void connectionUpdated(ConnectionReport r) { updates.add(r); }
                });
        assertTrue(updates.size() >= 2);
        assertTrue(updates.get(0).timelineEvents().isEmpty(), "intermediate reports stay cheap");
        assertFalse(updates.get(updates.size() - 1).timelineEvents().isEmpty(), "the final one carries the timeline");
    }

    /** Synthetic: a recorder fed far more events than it keeps. */
    @Test void timelineIsBoundedAroundValidateAndEnd() {
        TimelineRecorder r = new TimelineRecorder();
        for (int i = 0; i < 5000; i++) {
            r.add(i + 1, i * 1000L, i % 2 == 0, TimelineEvent.Kind.SMB2_REQUEST, 8 /* READ */, 0, i, 0, 0);
            if (i == 3000) {
                r.markValidate();
            }
        }
        List<TimelineEvent> ev = r.events(0);
        assertEquals(5000, r.count());
        List<Long> idx = ev.stream().map(TimelineEvent::index).toList();
        assertEquals(TimelineRecorder.HEAD + 2 * TimelineRecorder.CONTEXT + 1 + TimelineRecorder.TAIL, ev.size(), idx.toString());
        for (long i = 0; i < TimelineRecorder.HEAD; i++) {
            assertTrue(idx.contains(i));
        }
        for (long i = 3000 - TimelineRecorder.CONTEXT; i <= 3000 + TimelineRecorder.CONTEXT; i++) {
            assertTrue(idx.contains(i), "context of the VALIDATE at 3000: " + i);
        }
        for (long i = 5000 - TimelineRecorder.TAIL; i < 5000; i++) {
            assertTrue(idx.contains(i), "the end: " + i);
        }
        assertEquals(3001, ev.stream().filter(x -> x.index() == 3000).findFirst().orElseThrow().frame());
        for (int i = 1; i < ev.size(); i++) {
            assertTrue(ev.get(i).index() > ev.get(i - 1).index(), "in order, no duplicates");
        }
    }

    /** Synthetic: two VALIDATE messages close together share their context; nothing is kept twice. */
    @Test void timelineContextsOfNeighbouringValidatesMerge() {
        TimelineRecorder r = new TimelineRecorder();
        for (int i = 0; i < 1000; i++) {
            r.add(i + 1, i, true, TimelineEvent.Kind.SMB2_REQUEST, 8, 0, i, 0, 0);
            if (i == 500 || i == 503) {
                r.markValidate();
            }
        }
        List<Long> idx = r.events(0).stream().map(TimelineEvent::index).toList();
        List<Long> middle = idx.stream().filter(i -> i >= TimelineRecorder.HEAD && i < 1000 - TimelineRecorder.TAIL).toList();
        List<Long> expected = new ArrayList<>();
        for (long i = 500 - TimelineRecorder.CONTEXT; i <= 503 + TimelineRecorder.CONTEXT; i++) {
            expected.add(i);
        }
        assertEquals(expected, middle);
        assertEquals(idx.stream().distinct().count(), idx.size());
    }

    @Test void cutCapturesSayWhatIsMissing() throws Exception {
        ConnectionReport late = samba("samba-3.0.2-cut-start-after-negotiate.pcap");
        assertEquals(Verdict.INCOMPLETE, late.verdict());
        assertTrue(late.missing().get(0).startsWith("the NEGOTIATE request and response (the capture starts after them"), late.missing().toString());

        ConnectionReport early = samba("samba-3.0.2-cut-after-negotiate.pcap");
        assertEquals(Verdict.INCOMPLETE, early.verdict());
        TestData.Expected e = expected("samba-3.0.2-cut-after-negotiate.pcap");
        assertEquals(List.of("SESSION_SETUP, the TREE_CONNECT and the VALIDATE exchange (the capture ends at frame " + e.negResp() + ")"),
                early.missing());

        ConnectionReport noAnswer = samba("samba-3.0.2-cut-after-validate-request.pcap");
        TestData.Expected v = expected("samba-3.0.2-cut-after-validate-request.pcap");
        assertEquals(List.of("the VALIDATE response (the capture ends at frame " + v.valReq() + ")"), noAnswer.missing());
        assertTrue(noAnswer.evidence().contains("The capture shows no FIN or RST: the connection was still open at its last frame ("
                + v.valReq() + ")."), noAnswer.evidence().toString());
    }

    /** NOT_SENT names the VALIDATE that should have followed the tree connect, between two frames of the timeline. */
    @Test void notSentSaysWhereTheValidateIsMissing() throws Exception {
        ConnectionReport c = samba("samba-3.0.2-probe-no-validate.pcap");
        assertEquals(Verdict.NOT_SENT, c.verdict());
        Matcher m = Pattern.compile("the client's FSCTL_VALIDATE_NEGOTIATE_INFO request, due after the TREE_CONNECT response \\(frame (\\d+)\\)"
                + " and before its (\\w+) request \\(frame (\\d+)\\)").matcher(c.missing().get(0));
        assertTrue(m.matches(), c.missing().toString());
        TimelineEvent tc = event(c.timelineEvents(), Long.parseLong(m.group(1)));
        assertEquals("TREE_CONNECT", tc.command());
        assertEquals(TimelineEvent.Kind.SMB2_RESPONSE, tc.kind());
        TimelineEvent next = event(c.timelineEvents(), Long.parseLong(m.group(3)));
        assertEquals(m.group(2), next.command());
        assertEquals(TimelineEvent.Kind.SMB2_REQUEST, next.kind());
        assertEquals("LOGOFF", next.command(), "the probe logs off instead of validating (releng/captures/README.md)");
    }

    @Test void fatalEvidenceNamesTheRuleAndTheClose() throws Exception {
        String file = "samba-3.0.2-strip-resp-caps.pcap";
        TestData.Expected e = expected(file);
        ConnectionReport c = samba(file);
        List<String> ev = c.evidence();
        assertTrue(ev.get(0).startsWith("MS-SMB2 3.2.5.14.12 (client)"), ev.toString());
        assertTrue(ev.stream().anyMatch(s -> s.startsWith("The client closed the connection with FIN in frame " + e.termination() + ", ")
                && s.contains("after the VALIDATE response (frame " + e.valResp() + ")")), ev.toString());
        assertTrue(ev.get(ev.size() - 1).equals("The capture has no other connection between these hosts."), ev.toString());
        assertEquals(List.of("credentials (password, NT hash or session key) to verify the VALIDATE response's signature"), c.missing());
    }

    /** Real Windows 10 capture: the client's connection was reset, it came back 24.3 s later on 3.1.1. */
    @Test void reconnectAfterReset() throws Exception {
        List<ConnectionReport> cs = analyze(TestData.external("msod-fasod-ex1-win10-ws2019-workgroup.pcapng"));
        ConnectionReport first = byClient(cs, "192.168.1.101:49686");
        Reconnect r = first.reconnect();
        assertEquals(3, r.sameHosts(), "tcp.stream 0, 1 and 3 go from 192.168.1.101 to 192.168.1.1:445");
        assertEquals(2, r.position());
        assertTrue(r.reconnected());
        assertEquals("192.168.1.101:49688", r.nextClient());
        assertEquals(180, r.nextFirstFrame());
        assertEquals("3.1.1", r.nextDialect());
        assertEquals(Verdict.NOT_APPLICABLE, r.nextVerdict());
        // frame 177 (RST) at 1588494672.528651, frame 180 (SYN) at 1588494696.847400
        assertEquals(24_318_749_000L, r.delayNanos());
        assertFalse(r.isStorm(), "24 s later is a reconnect, not a storm");
        assertTrue(first.evidence().get(first.evidence().size() - 1).startsWith("The client reconnected 24.3 s after this connection ended"
                + " (frame 180, 192.168.1.101:49688, dialect 3.1.1, NOT_APPLICABLE)."), first.evidence().toString());
        ConnectionReport last = byClient(cs, "192.168.1.101:49688");
        assertFalse(last.reconnect().reconnected());
        assertEquals(3, last.reconnect().position());
        ConnectionReport v6 = cs.stream().filter(c -> c.client().startsWith("[")).findFirst().orElseThrow();
        assertEquals(Reconnect.NONE, v6.reconnect(), "IPv6 connection: other hosts");
    }

    /** Real: a Windows client opens parallel connections to its domain controller (same ClientGuid, overlapping). */
    @Test void parallelConnectionsAreCountedAsConcurrent() throws Exception {
        List<ConnectionReport> cs = analyze(TestData.external("msod-fasod-ex2-win10-ws2019-domain.pcapng"));
        List<ConnectionReport> dc = cs.stream().filter(c -> c.server().equals("192.168.0.2:445")).toList();
        assertEquals(6, dc.size());
        ConnectionReport c61340 = byClient(cs, "192.168.0.101:61340");
        assertEquals(6, c61340.reconnect().sameHosts());
        assertTrue(c61340.reconnect().concurrent() >= 2, "61341 and 61342 start within 2 ms of it");
        assertFalse(c61340.reconnect().reconnected());
    }

    /** Synthetic: four connections from one client, each started 1 s after the previous one was reset. */
    @Test void reconnectStorm() {
        List<ConnectionState> states = new ArrayList<>();
        List<ConnectionReport> reports = new ArrayList<>();
        long s = 1_000_000_000L;
        for (int i = 0; i < 4; i++) {
            long start = i * 3 * s;
            TcpConnection tcp = new TcpConnection(i, new Endpoint(new byte[] {10, 0, 0, 2}, 50000 + i),
                    new Endpoint(new byte[] {10, 0, 0, 9}, 445), 10L * i + 1, start, true);
            ConnectionState st = new ConnectionState(0, tcp);
            st.smb2Seen = true;
            st.closes.add(new TcpClose(true, true, 10L * i + 9, start + 2 * s));
            st.lastFrame = 10L * i + 9;
            st.lastTimeNanos = start + 2 * s;
            states.add(st);
            reports.add(Diagnosis.diagnose(st, true));
        }
        List<ConnectionReport> out = Reconnects.attach(states, reports);
        for (int i = 0; i < 4; i++) {
            Reconnect r = out.get(i).reconnect();
            assertEquals(4, r.storm());
            assertTrue(r.isStorm());
            assertEquals(i + 1, r.position());
            assertEquals(i < 3, r.reconnected());
            if (i < 3) {
                assertEquals(s, r.delayNanos());
                assertEquals("10.0.0.2:" + (50001 + i), r.nextClient());
            }
            assertTrue(r.text("10.0.0.2").contains("Reconnect storm: 4 connections in a row"), r.text("10.0.0.2"));
        }
    }
}
