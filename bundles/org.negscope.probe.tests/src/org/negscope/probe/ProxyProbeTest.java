package org.negscope.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.TerminatedBy;
import org.negscope.analysis.Verdict;
import org.negscope.smb2.Capabilities;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.SecurityMode;

/**
 * The probe through a rewriting "WAN accelerator" ({@link RewritingProxy}) in front of real Samba: each test
 * alters one NEGOTIATE field and checks that the probe names it and Samba's reaction (it drops the connection
 * on a request mismatch; a response mismatch is the client's to catch).
 */
class ProxyProbeTest extends WithSamba {
    private static ProbeResult through(RewritingProxy.Rule rule, int param, int... dialects) throws Exception {
        return through(false, rule, param, dialects);
    }

    private static ProbeResult through(boolean resetOnFailure, RewritingProxy.Rule rule, int param, int... dialects)
            throws Exception {
        try (RewritingProxy proxy = new RewritingProxy(samba.port, rule, param)) {
            ProbeOptions o = samba.options().port(proxy.port()).dialects(dialects).resetOnFailure(resetOnFailure).build();
            try {
                ProbeResult r = Probe.run(o, null);
                if (rule != RewritingProxy.Rule.NONE) {
                    assertFalse(proxy.log().isEmpty(), "the proxy altered nothing: the test proves nothing");
                }
                return r;
            } finally {
                o.clearSecrets();
            }
        }
    }

    private static void assertServerTerminated(ProbeResult r) {
        assertNull(r.failure(), r::error);
        assertTrue(r.validateSent());
        assertNull(r.validateResponse(), "Samba does not answer a VALIDATE that contradicts the NEGOTIATE it received");
        assertEquals(Verdict.SERVER_TERMINATED, r.verdict(), r.summary());
        assertTrue(r.fatal());
        assertEquals(TerminatedBy.SERVER, r.terminatedBy());
        assertEquals(SignatureStatus.NONE, r.signature());
        assertEquals("MS-SMB2 3.3.5.15.12", r.spec());
        assertTrue(r.differences().isEmpty(), "the probe sent matching values; only the path changed them");
        assertTrue(r.summary().contains("different NEGOTIATE request"), r.summary());
        // The transcript shows the server's FIN or RST right after the VALIDATE request.
        List<WireEvent> ev = r.transcript().events();
        assertTrue(ev.stream().anyMatch(e -> !e.fromClient()
                && (e.type() == WireEvent.Type.FIN || e.type() == WireEvent.Type.RST)), ev::toString);
        assertTrue(r.toConnectionReport().frames().termination() > r.toConnectionReport().frames().validateRequest());
    }

    private static Difference only(ProbeResult r) {
        assertEquals(1, r.differences().size(), r.differences()::toString);
        return r.differences().get(0);
    }

    @Test
    void unchangedPathValidates() throws Exception {
        ProbeResult r = through(RewritingProxy.Rule.NONE, 0, Dialect.SMB_3_0_2);
        assertEquals(Verdict.VALIDATED, r.verdict(), r.summary());
        assertEquals(SignatureStatus.VALID, r.signature());
    }

    @Test
    void requestCapabilityBitClearedMakesSambaDrop() throws Exception {
        assertServerTerminated(through(RewritingProxy.Rule.REQ_CLEAR_CAPS, Capabilities.LARGE_MTU, Dialect.SMB_3_0_2));
    }

    @Test
    void requestSecurityModeChangedMakesSambaDrop() throws Exception {
        assertServerTerminated(through(RewritingProxy.Rule.REQ_CLEAR_SECMODE, SecurityMode.SIGNING_ENABLED,
                Dialect.SMB_3_0_2));
    }

    @Test
    void requestHighestDialectRemovedIsADowngradeSambaDrops() throws Exception {
        // The classic downgrade VALIDATE exists for: the path hides 3.0.2, the server settles for 3.0.
        ProbeResult r = through(RewritingProxy.Rule.REQ_DROP_DIALECT, Dialect.SMB_3_0_2, Dialect.SMB_3_0,
                Dialect.SMB_3_0_2);
        assertEquals(Dialect.SMB_3_0, r.dialect());
        assertServerTerminated(r);
    }

    @Test
    void requestLowestDialectRemovedGoesUnnoticedBySamba() throws Exception {
        // Samba 4.17 checks only that the VALIDATE's dialects lead to the dialect it chose (the pre-3.1.1 rule
        // of MS-SMB2 3.3.5.15.12), not that the lists are equal: removing 2.1 changes nothing it checks.
        ProbeResult r = through(RewritingProxy.Rule.REQ_DROP_DIALECT, Dialect.SMB_2_1, Dialect.SMB_2_1,
                Dialect.SMB_3_0, Dialect.SMB_3_0_2);
        assertEquals(Verdict.VALIDATED, r.verdict(), r.summary());
        assertEquals(Dialect.SMB_3_0_2, r.dialect());
    }

    @Test
    void requestClientGuidChangedMakesSambaDrop() throws Exception {
        assertServerTerminated(through(RewritingProxy.Rule.REQ_GUID, 0, Dialect.SMB_3_0));
    }

    @Test
    void responseCapabilityBitClearedIsResponseMismatchNamingTheBit() throws Exception {
        ProbeResult r = through(RewritingProxy.Rule.RESP_CLEAR_CAPS, Capabilities.LARGE_MTU, Dialect.SMB_3_0_2);
        assertEquals(Verdict.RESPONSE_MISMATCH, r.verdict(), r.summary());
        assertTrue(r.fatal());
        assertEquals(TerminatedBy.CLIENT, r.terminatedBy());
        assertEquals(SignatureStatus.VALID, r.signature(), "Samba's VALIDATE response itself is intact");
        Difference d = only(r);
        assertEquals("response", d.side());
        assertEquals("Capabilities", d.field());
        int real = Integer.decode(d.validate());
        assertEquals(real & ~Capabilities.LARGE_MTU, (int) (long) Long.decode(d.negotiate()));
        assertTrue((real & Capabilities.LARGE_MTU) != 0);
        assertTrue(r.summary().contains("LARGE_MTU differs"), r.summary());
        // What the probe received really was altered: its decoded NEGOTIATE response lacks the bit.
        assertEquals(0, NegotiateResponse.decode(r.negotiateResponse()).capabilities() & Capabilities.LARGE_MTU);
    }

    @Test
    void resetOnFailureAbortsWithRstLikeWindows() throws Exception {
        ProbeResult r = through(true, RewritingProxy.Rule.RESP_CLEAR_CAPS, Capabilities.LARGE_MTU, Dialect.SMB_3_0_2);
        assertEquals(Verdict.RESPONSE_MISMATCH, r.verdict(), r.summary());
        assertEquals(TerminatedBy.CLIENT, r.terminatedBy());
        List<WireEvent> ev = r.transcript().events();
        WireEvent last = ev.get(ev.size() - 1);
        assertEquals(WireEvent.Type.RST, last.type(), ev::toString);
        assertTrue(last.fromClient());
        assertTrue(ev.stream().noneMatch(e -> e.type() == WireEvent.Type.FIN && e.fromClient()), "no FIN before the RST");
        ConnectionReport c = r.toConnectionReport();
        assertEquals(c.frames().validateResponse() + 1, c.frames().termination(), "the RST follows the VALIDATE response");
    }

    @Test
    void responseSecurityModeChangedIsResponseMismatch() throws Exception {
        ProbeResult r = through(RewritingProxy.Rule.RESP_XOR_SECMODE, SecurityMode.SIGNING_REQUIRED, Dialect.SMB_3_0);
        assertEquals(Verdict.RESPONSE_MISMATCH, r.verdict(), r.summary());
        Difference d = only(r);
        assertEquals("SecurityMode", d.field());
        assertEquals("0x0003", d.negotiate());
        assertEquals("0x0001", d.validate());
        assertTrue(r.summary().contains("SIGNING_REQUIRED differs"), r.summary());
    }

    @Test
    void responseServerGuidChangedIsResponseMismatch() throws Exception {
        ProbeResult r = through(RewritingProxy.Rule.RESP_GUID, 0, Dialect.SMB_3_0_2);
        assertEquals(Verdict.RESPONSE_MISMATCH, r.verdict(), r.summary());
        Difference d = only(r);
        assertEquals("Guid", d.field());
        assertFalse(d.negotiate().equals(d.validate()));
        assertEquals(d.negotiate().substring(0, 34), d.validate().substring(0, 34));
    }

    @Test
    void unsignedValidateResponseIsResponseUnsigned() throws Exception {
        ProbeResult r = through(RewritingProxy.Rule.UNSIGN_VALIDATE_RESP, 0, Dialect.SMB_3_0_2);
        assertEquals(Verdict.RESPONSE_UNSIGNED, r.verdict(), r.summary());
        assertEquals(SignatureStatus.UNSIGNED, r.signature());
        assertTrue(r.fatal());
    }

    @Test
    void corruptedValidateSignatureIsSignatureInvalid() throws Exception {
        ProbeResult r = through(RewritingProxy.Rule.CORRUPT_VALIDATE_SIG, 0, Dialect.SMB_3_0_2);
        assertEquals(Verdict.SIGNATURE_INVALID, r.verdict(), r.summary());
        assertEquals(SignatureStatus.INVALID, r.signature());
        assertTrue(r.signatureDetail().contains("expected"), r.signatureDetail());
    }

    @Test
    void smb311RequestRewriteIsCaughtByPreauthIntegrity() throws Exception {
        // No VALIDATE on 3.1.1: the session key depends on the NEGOTIATE bytes, so the signed SESSION_SETUP
        // response fails to verify when the path altered the request.
        ProbeResult r = through(RewritingProxy.Rule.REQ_CLEAR_CAPS, Capabilities.LARGE_MTU, Dialect.SMB_3_0_2,
                Dialect.SMB_3_1_1);
        assertEquals(Dialect.SMB_3_1_1, r.dialect());
        assertEquals(Verdict.SIGNATURE_INVALID, r.verdict(), r.summary());
        assertEquals("MS-SMB2 3.2.5.3.1", r.spec());
        assertFalse(r.validateSent());
    }

    @Test
    void variationsNameTheStrippedCapabilityAndTheOfferThatPasses() throws Exception {
        try (RewritingProxy proxy = new RewritingProxy(samba.port, RewritingProxy.Rule.REQ_CLEAR_CAPS, Capabilities.LARGE_MTU)) {
            ProbeOptions o = samba.options().port(proxy.port()).dialects(Dialect.SMB_3_0, Dialect.SMB_3_0_2).build();
            ProbeVariations.Report rep;
            try {
                rep = ProbeVariations.run(o, null, null);
            } finally {
                o.clearSecrets();
            }
            assertEquals(Verdict.SERVER_TERMINATED, rep.baseline().verdict());
            ProbeVariations.Outcome accepted = rep.outcomes().stream().filter(x -> x.variant().validateOnly() && x.passed())
                    .findFirst().orElseThrow(() -> new AssertionError(rep.outcomes().toString()));
            assertEquals("Capabilities", accepted.variant().field());
            assertEquals("VALIDATE with LARGE_MTU cleared", accepted.variant().label());
            String finding = rep.findings().get(0);
            assertTrue(finding.startsWith("Capabilities: the server received 0x0000007b where the probe sent 0x0000007f"),
                    finding);
            assertTrue(finding.contains("LARGE_MTU cleared on the way"), finding);
            // Offers: only the one without LARGE_MTU gets through.
            List<String> passing = rep.outcomes().stream().filter(x -> !x.variant().validateOnly() && x.passed())
                    .map(x -> x.variant().label()).toList();
            assertEquals(List.of("does not offer LARGE_MTU"), passing);
            assertTrue(rep.conclusion().contains("does not offer LARGE_MTU"), rep.conclusion());
        }
    }

    @Test
    void variationsNameTheSecurityModeTheServerSaw() throws Exception {
        try (RewritingProxy proxy = new RewritingProxy(samba.port, RewritingProxy.Rule.REQ_CLEAR_SECMODE,
                SecurityMode.SIGNING_ENABLED)) {
            ProbeOptions o = samba.options().port(proxy.port()).dialects(Dialect.SMB_3_0_2).build();
            ProbeVariations.Report rep;
            try {
                rep = ProbeVariations.run(o, null, null);
            } finally {
                o.clearSecrets();
            }
            assertEquals(Verdict.SERVER_TERMINATED, rep.baseline().verdict());
            assertTrue(rep.findings().get(0).startsWith("SecurityMode: the server received 0x0000 where the probe sent "
                    + "0x0001"), rep.findings()::toString);
        }
    }

    @Test
    void variationsNameTheRemovedDialect() throws Exception {
        try (RewritingProxy proxy = new RewritingProxy(samba.port, RewritingProxy.Rule.REQ_DROP_DIALECT, Dialect.SMB_3_0_2)) {
            ProbeOptions o = samba.options().port(proxy.port())
                    .dialects(Dialect.SMB_2_0_2, Dialect.SMB_2_1, Dialect.SMB_3_0, Dialect.SMB_3_0_2).build();
            ProbeVariations.Report rep;
            try {
                rep = ProbeVariations.run(o, null, null);
            } finally {
                o.clearSecrets();
            }
            assertEquals(Verdict.SERVER_TERMINATED, rep.baseline().verdict());
            assertEquals(Dialect.SMB_3_0, rep.baseline().dialect());
            assertEquals("Dialects: the server accepted a VALIDATE listing [2.0.2, 2.1, 3.0] where the probe offered "
                    + "[2.0.2, 2.1, 3.0, 3.0.2]: the path removed 3.0.2 from the NEGOTIATE request.", rep.findings().get(0));
            // Offering 3.0.2 alone gets through (the proxy removes a dialect only from a list of several).
            assertTrue(rep.outcomes().stream().anyMatch(x -> x.passed() && x.variant().label().equals("offers only dialect 3.0.2")),
                    rep.outcomes()::toString);
        }
    }

    @Test
    void variationsOnAnIntactPathStopAfterTheBaseline() throws Exception {
        try (RewritingProxy proxy = new RewritingProxy(samba.port, RewritingProxy.Rule.NONE, 0)) {
            ProbeOptions o = samba.options().port(proxy.port()).dialects(Dialect.SMB_3_0_2).build();
            ProbeVariations.Report rep = ProbeVariations.run(o, null, null);
            o.clearSecrets();
            assertEquals(Verdict.VALIDATED, rep.baseline().verdict());
            assertTrue(rep.outcomes().isEmpty());
        }
    }

    /**
     * The saved pcapng of a probe run, read back by NegScope's own capture analysis with the account's
     * password, gives the verdict, dialect, signature, differences and frame numbers the probe reported.
     */
    @Test
    void savedPcapngsGiveTheSameVerdictInNegScopesAnalysis() throws Exception {
        Object[][] cases = {
                {RewritingProxy.Rule.NONE, 0, Verdict.VALIDATED},
                {RewritingProxy.Rule.REQ_CLEAR_CAPS, Capabilities.LARGE_MTU, Verdict.SERVER_TERMINATED},
                {RewritingProxy.Rule.RESP_CLEAR_CAPS, Capabilities.LEASING, Verdict.RESPONSE_MISMATCH},
                {RewritingProxy.Rule.CORRUPT_VALIDATE_SIG, 0, Verdict.SIGNATURE_INVALID},
        };
        for (Object[] c : cases) {
            RewritingProxy.Rule rule = (RewritingProxy.Rule) c[0];
            ProbeResult r = through(rule, (Integer) c[1], Dialect.SMB_3_0_2);
            assertEquals(c[2], r.verdict(), rule + ": " + r.summary());
            Path f = tmp.resolve("probe-" + rule + ".pcapng");
            PcapngWriter.write(r.transcript(), f);
            AnalysisOptions creds = AnalysisOptions.withPassword(SambaServer.PASSWORD.toCharArray(), null, null);
            AnalysisResult a;
            try {
                a = CaptureAnalyzer.analyze(List.of(f), creds, null, null);
            } finally {
                creds.destroy();
            }
            assertEquals(1, a.connections().size(), rule + ": " + a.connections());
            assertTrue(a.captures().get(0).warnings().isEmpty(), rule + ": " + a.captures().get(0).warnings());
            ConnectionReport got = a.connections().get(0);
            ConnectionReport want = r.toConnectionReport();
            assertEquals(want.verdict(), got.verdict(), rule + ": " + got.summary());
            assertEquals(want.dialect(), got.dialect(), rule.toString());
            assertEquals(want.signature(), got.signature(), rule.toString());
            assertEquals(want.differences(), got.differences(), rule.toString());
            assertEquals(want.terminatedBy(), got.terminatedBy(), rule.toString());
            assertEquals(want.frames(), got.frames(), rule.toString());
            assertEquals(want.client(), got.client(), rule.toString());
            assertEquals(want.server(), got.server(), rule.toString());
        }
    }
}
