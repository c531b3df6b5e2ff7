package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.negscope.capture.Progress;

/**
 * The verdict rules on real third-party captures (../shared/external-captures-2, read in place, never copied): the
 * 2.x rule decided by what the client offered, a VALIDATE analysed whatever the dialect, one-direction captures, TCP
 * keep-alive before a mid-stream capture, and the wording that must agree with the facts. Frame numbers were read with
 * tshark 4.0 from the same files ({@code -Y 'smb2.cmd==0'}, {@code -Y 'smb.cmd==0x72'}, {@code -Y 'smb2.cmd==2'}).
 * A missing file fails the test when {@code CI=true}, else skips it with its name.
 */
class ExternalCaptures2Test {

    static AnalysisResult analyze(String name) throws Exception {
        Path p = TestData.repoRoot().resolve("../shared/external-captures-2").resolve(name).normalize();
        if (!Files.isRegularFile(p)) {
            String msg = "third-party capture missing: " + p;
            if ("true".equals(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.assumeTrue(false, msg);
        }
        return CaptureAnalyzer.analyze(List.of(p), AnalysisOptions.none(), Progress.NONE, null);
    }

    static ConnectionReport connection(AnalysisResult r, String client) {
        return r.connections().stream().filter(c -> c.client().equals(client)).findFirst()
                .orElseThrow(() -> new AssertionError("no connection from " + client));
    }

    /** impacket offered 2.0.2, 2.1, 3.0 (frame 92), got 2.1, logged on as administrator, tree connected, no VALIDATE. */
    @Test void clientThatOfferedSmb3AndSkippedValidateOn21IsNotSent() throws Exception {
        AnalysisResult r = analyze("elcabezzonn-impacket_psexec.pcap");
        ConnectionReport c = connection(r, "192.168.1.161:59120");
        assertEquals(Verdict.NOT_SENT, c.verdict(), c.summary());
        assertEquals("2.1", c.dialect());
        assertFalse(c.fatal());
        assertEquals(92, c.frames().negotiateRequest());
        assertTrue(c.summary().contains("offered 2.0.2, 2.1, 3.0 (NEGOTIATE request frame 92), so it implements SMB 3"), c.summary());
        assertTrue(c.summary().contains("Linux cifs"), c.summary()); // the per-client notes stay
        // The same host's later connections offered only 2.1: a 2.x-only client, nothing was due.
        ConnectionReport only21 = connection(r, "192.168.1.161:59122");
        assertEquals(Verdict.NOT_APPLICABLE, only21.verdict());
        assertTrue(only21.summary().contains("offered only 2.1 (NEGOTIATE request frame 207)"), only21.summary());
        assertTrue(only21.summary().contains("does not implement SMB 3 (e.g. Windows 7"), only21.summary());
    }

    /** Vista / Server 2008: SMB1 multi-protocol NEGOTIATE only ("SMB 2.002" is its only SMB2 dialect), answered 2.0.2. */
    @Test void smb1OnlyOfferDecidesFromItsDialectStrings() throws Exception {
        ConnectionReport c = analyze("zeek-smb2.pcap").connections().get(0);
        assertEquals(Verdict.NOT_APPLICABLE, c.verdict(), c.summary());
        assertEquals("2.0.2", c.dialect());
        assertTrue(c.summary().contains("offered only \"SMB 2.002\"") && c.summary().contains("(frame 4)"), c.summary());
    }

    /**
     * Windows 10 offered 2.0.2..3.1.1, got 2.1 from Windows 7 and validated: signed FILE_CLOSED (frames 40/41) is
     * "not implemented", not fatal; the session then ended with TREE_DISCONNECT (104) and LOGOFF (106) and the RST
     * (108) is not blamed on the answer. Kerberos: the credentials hint asks for a session key or keytab.
     */
    @Test void validateOn21IsAnalysedAndTheNormalEndIsNotBlamed() throws Exception {
        AnalysisResult r = analyze("zeek-krb-kerberos_tso.pcapng");
        ConnectionReport c = connection(r, "172.16.0.211:49811");
        assertEquals(Verdict.SERVER_REFUSED, c.verdict());
        assertFalse(c.fatal());
        assertEquals("2.1", c.dialect());
        assertEquals(40, c.frames().validateRequest());
        assertEquals(41, c.frames().validateResponse());
        assertEquals(108, c.frames().termination());
        assertEquals(TerminatedBy.CLIENT, c.terminatedBy());
        assertTrue(c.summary().contains("TREE_DISCONNECT frame 104, LOGOFF frame 106"), c.summary());
        assertTrue(c.summary().contains("not a reaction to the VALIDATE answer"), c.summary());
        assertFalse(c.summary().contains("here the client reset it"), c.summary());
        assertTrue(c.missing().stream().anyMatch(m -> m.contains("session key or a keytab")), c.missing().toString());
        assertTrue(c.missing().stream().noneMatch(m -> m.contains("password, NT hash")), c.missing().toString());
    }

    /** 83 client frames, none from the server: say so and what to collect, not "the capture ends before the answer". */
    @Test void clientOnlyCaptureSaysOneDirection() throws Exception {
        ConnectionReport c = analyze("sv-bug-8629-async-oneside.pcap").connections().get(0);
        assertEquals(Verdict.INCOMPLETE, c.verdict());
        assertTrue(c.summary().contains("only the client's side"), c.summary());
        assertTrue(c.summary().contains("asymmetric routing"), c.summary());
        assertTrue(c.summary().contains("Capture both directions"), c.summary());
        assertTrue(c.missing().get(0).contains("everything the server sent"), c.missing().toString());
        assertFalse(c.summary().contains("ends before the NEGOTIATE response"), c.summary());
    }

    /** Frame 6 is a 1-byte keep-alive opening the client's direction; the SMB stream starts in frame 91, no warning. */
    @Test void keepAliveBeforeMidStreamCaptureDoesNotBreakFraming() throws Exception {
        AnalysisResult r = analyze("msod-fasod-ex1-1903-workgroup.pcapng");
        assertTrue(r.captures().get(0).warnings().stream().noneMatch(w -> w.message().contains("NBSS message type")),
                r.captures().get(0).warnings().toString());
        ConnectionReport c = connection(r, "192.168.0.3:49670");
        assertEquals(Verdict.INCOMPLETE, c.verdict());
        assertTrue(c.summary().contains("first SMB frame 91"), c.summary());
    }

    /** No FIN/RST of the first connection is captured: the reconnect text must not say it "ended". */
    @Test void reconnectWordingAgreesWithNoTermination() throws Exception {
        ConnectionReport c = analyze("sv-dcerpc-bind-no-frag-flag.pcap").connections().get(0);
        assertEquals(TerminatedBy.NONE, c.terminatedBy());
        String text = c.reconnect().text("10.10.0.100");
        assertFalse(text.contains("after this connection ended"), text);
        assertTrue(text.contains("shows no FIN or RST"), text);
    }
}
