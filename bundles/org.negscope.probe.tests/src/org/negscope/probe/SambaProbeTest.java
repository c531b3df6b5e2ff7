package org.negscope.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.TerminatedBy;
import org.negscope.analysis.Verdict;
import org.negscope.crypto.Ntlm;
import org.negscope.crypto.Secret;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.IoctlResponse;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.ValidateNegotiateInfoResponse;

/** The probe against a real Samba smbd on loopback, started by the test. */
class SambaProbeTest extends WithSamba {
    static ProbeResult probe(ProbeOptions.Builder b) {
        ProbeOptions o = b.build();
        try {
            return Probe.run(o, null);
        } finally {
            o.clearSecrets();
        }
    }

    private static void assertValidated(ProbeResult r, int dialect, String algorithm) {
        assertNull(r.failure(), () -> "failure: " + r.error());
        assertEquals(Verdict.VALIDATED, r.verdict(), r.summary());
        assertFalse(r.fatal());
        assertEquals(SignatureStatus.VALID, r.signature(), r.signatureDetail());
        assertTrue(r.signatureDetail().contains(algorithm), r.signatureDetail());
        assertEquals(dialect, r.dialect());
        assertTrue(r.differences().isEmpty(), r.differences()::toString);
        assertTrue(r.validateSent());
        assertEquals(NtStatus.SUCCESS, r.validateStatus());
        // The response the probe judged is what Samba sent: decode it independently and compare with the NEGOTIATE response.
        ValidateNegotiateInfoResponse v = ValidateNegotiateInfoResponse.decode(IoctlResponse.decode(r.validateResponse()).output());
        NegotiateResponse n = NegotiateResponse.decode(r.negotiateResponse());
        assertEquals(n.serverGuid(), v.guid());
        assertEquals(n.capabilities(), v.capabilities());
        assertEquals(dialect, v.dialect());
        assertTrue(r.validateResponse().header().isSigned());
        List<String> names = r.steps().stream().map(ProbeStep::name).toList();
        assertEquals(List.of("TCP connect", "NEGOTIATE", "SESSION_SETUP (NTLMSSP NEGOTIATE)",
                "SESSION_SETUP (NTLMSSP AUTHENTICATE)", "TREE_CONNECT \\\\127.0.0.1\\IPC$",
                "IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO", "LOGOFF", "TCP close"), names);
        assertTrue(r.steps().stream().allMatch(ProbeStep::ok), r.steps()::toString);
        ProbeStep validate = r.steps().get(5);
        assertTrue(validate.bytesSent() > 64 + 56 && validate.bytesReceived() > 64 + 48, validate::toString);
    }

    @Test
    void smb302ValidatesWithValidCmacSignature() {
        ProbeResult r = probe(samba.options().dialects(Dialect.SMB_3_0_2));
        assertValidated(r, Dialect.SMB_3_0_2, "AES-128-CMAC");
    }

    @Test
    void smb30ValidatesWithValidCmacSignature() {
        ProbeResult r = probe(samba.options().dialects(Dialect.SMB_3_0));
        assertValidated(r, Dialect.SMB_3_0, "AES-128-CMAC");
    }

    @Test
    void windows81OfferNegotiates302AndValidates() {
        ProbeResult r = probe(samba.options()); // default: 2.0.2, 2.1, 3.0, 3.0.2
        assertValidated(r, Dialect.SMB_3_0_2, "AES-128-CMAC");
    }

    @Test
    void smb311IsNotApplicableButPreauthSignatureVerifies() {
        ProbeResult r = probe(samba.options().dialects(Dialect.SMB_3_0_2, Dialect.SMB_3_1_1));
        assertNull(r.failure(), r::error);
        assertEquals(Dialect.SMB_3_1_1, r.dialect());
        assertEquals(Verdict.NOT_APPLICABLE, r.verdict());
        assertFalse(r.validateSent());
        assertNull(r.validateRequest());
        assertTrue(r.summary().contains("3.1.1"), r.summary());
        // The signing key comes from the preauth integrity hash: a VALID final SESSION_SETUP signature proves
        // the probe hashed the same bytes Samba did.
        assertTrue(r.sessionSignature().contains("VALID"), r.sessionSignature());
        assertFalse(r.sessionSignature().contains("INVALID"), r.sessionSignature());
        assertEquals("SKIPPED", r.steps().stream().filter(s -> s.name().startsWith("IOCTL")).findFirst().orElseThrow().status());
    }

    @Test
    void smb311ValidateForcedIsAnsweredOrDropped() {
        // MS-SMB2 3.3.5.15.12 has the server drop the connection; Samba 4.17 answers instead (signed with the
        // 3.1.1 AES-GMAC key, which checks the probe's preauth hash and GMAC signing once more).
        ProbeResult r = probe(samba.options().dialects(Dialect.SMB_3_1_1).validateOn311(true));
        assertTrue(r.validateSent());
        if (r.validateResponse() != null) {
            assertEquals(Verdict.VALIDATED, r.verdict(), r.summary());
            assertEquals(SignatureStatus.VALID, r.signature(), r.signatureDetail());
            assertTrue(r.signatureDetail().contains("AES-128-GMAC"), r.signatureDetail());
            assertTrue(r.summary().contains("this server answered"), r.summary());
        } else {
            assertEquals(TerminatedBy.SERVER, r.terminatedBy());
            assertEquals(Verdict.NOT_APPLICABLE, r.verdict(), r.summary());
        }
    }

    @Test
    void smb21ValidatesWithHmacSha256() {
        ProbeResult r = probe(samba.options().dialects(Dialect.SMB_2_1));
        assertValidated(r, Dialect.SMB_2_1, "HMAC-SHA256");
        assertTrue(r.summary().contains("3.0 and 3.0.2 only"), r.summary());
    }

    @Test
    void smb202ValidatesWithHmacSha256() {
        ProbeResult r = probe(samba.options().dialects(Dialect.SMB_2_0_2));
        assertValidated(r, Dialect.SMB_2_0_2, "HMAC-SHA256");
    }

    @Test
    void ntHashWorksLikeThePassword() {
        byte[] hash;
        try (Secret pw = Secret.password(SambaServer.PASSWORD.toCharArray()); Secret h = Ntlm.ntowfv1(pw)) {
            hash = h.copyBytes();
        }
        ProbeResult r = probe(ProbeOptions.builder("127.0.0.1").port(samba.port).user(SambaServer.USER)
                .domain(SambaServer.DOMAIN).ntHash(hash).dialects(Dialect.SMB_3_0_2));
        assertValidated(r, Dialect.SMB_3_0_2, "AES-128-CMAC");
    }

    @Test
    void wrongPasswordIsAnAuthFailureNamingTheStatus() {
        ProbeResult r = probe(samba.options().password("not-the-password".toCharArray()).dialects(Dialect.SMB_3_0_2));
        assertEquals(ProbeFailure.AUTH_FAILED, r.failure());
        assertEquals(NtStatus.LOGON_FAILURE, r.failureStatus());
        assertTrue(r.error().contains("STATUS_LOGON_FAILURE"), r.error());
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertFalse(r.validateSent());
        assertEquals("STATUS_LOGON_FAILURE", r.steps().get(r.steps().size() - 1).status());
        assertFalse(r.error().contains("not-the-password"));
    }

    @Test
    void guestSessionIsNotApplicable() {
        // "map to guest = bad user": an unknown account gets a guest session, which cannot sign.
        ProbeResult r = probe(ProbeOptions.builder("127.0.0.1").port(samba.port).logon(ProbeOptions.Logon.GUEST)
                .user("no-such-user").dialects(Dialect.SMB_3_0_2));
        assertNull(r.failure(), r::error);
        assertEquals(org.negscope.smb2.SessionSetupResponse.IS_GUEST, r.sessionFlags() & org.negscope.smb2.SessionSetupResponse.IS_GUEST);
        assertEquals(Verdict.NOT_APPLICABLE, r.verdict());
        assertTrue(r.summary().contains("guest"), r.summary());
        assertFalse(r.validateSent());
    }

    @Test
    void anonymousSessionIsNotApplicable() {
        ProbeResult r = probe(ProbeOptions.builder("127.0.0.1").port(samba.port).logon(ProbeOptions.Logon.ANONYMOUS)
                .dialects(Dialect.SMB_3_0_2));
        assertNull(r.failure(), r::error);
        assertFalse(r.validateSent());
        assertEquals(Verdict.NOT_APPLICABLE, r.verdict());
        assertTrue(r.summary().contains("anonymous"), r.summary());
        // Samba sets neither IS_NULL nor IS_GUEST for an NTLMSSP anonymous logon; the probe says so.
        String auth = r.steps().stream().filter(s -> s.name().contains("AUTHENTICATE")).findFirst().orElseThrow().detail();
        assertTrue(auth.contains("anonymous"), auth);
    }

    @Test
    void userWithoutPasswordIsNamed() {
        ProbeResult r = probe(ProbeOptions.builder("127.0.0.1").port(samba.port).user(SambaServer.USER)
                .dialects(Dialect.SMB_3_0_2));
        assertEquals(ProbeFailure.NO_CREDENTIALS, r.failure(), r::toString);
        assertTrue(r.error().contains("no password or NT hash given for user 'nsuser'"), r.error());
    }

    @Test
    void noValidateModelsRequireSecureNegotiateOffAndTheAnalysisSaysNotSent() throws Exception {
        ProbeResult r = probe(samba.options().dialects(Dialect.SMB_3_0_2).skipValidate(true));
        assertNull(r.failure(), () -> "failure: " + r.error());
        assertEquals(Verdict.NOT_SENT, r.verdict(), r.summary());
        assertFalse(r.fatal());
        assertFalse(r.validateSent());
        assertNull(r.validateRequest());
        assertEquals(SignatureStatus.NONE, r.signature());
        List<String> status = r.steps().stream().map(s -> s.name() + "=" + s.status()).toList();
        assertTrue(status.contains("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO=SKIPPED"), status::toString);
        assertTrue(status.contains("LOGOFF=STATUS_SUCCESS"), "the session goes on after the tree connect: " + status);
        // The capture analysis judges the saved exchange the same way (docs/protocol.md NOT_SENT).
        Path f = tmp.resolve("probe-no-validate.pcapng");
        PcapngWriter.write(r.transcript(), f);
        org.negscope.analysis.AnalysisResult a = org.negscope.analysis.CaptureAnalyzer.analyze(List.of(f),
                org.negscope.analysis.AnalysisOptions.none(), org.negscope.capture.Progress.NONE, null);
        assertEquals(1, a.connections().size());
        assertEquals(Verdict.NOT_SENT, a.connections().get(0).verdict(), a.connections().get(0).summary());
        // On 2.1 no Windows client validates: not applicable rather than "not sent".
        ProbeResult r21 = probe(samba.options().dialects(Dialect.SMB_2_1).skipValidate(true));
        assertEquals(Verdict.NOT_APPLICABLE, r21.verdict(), r21.summary());
        assertFalse(r21.validateSent());
    }

    @Test
    void savedPcapngOpensInTsharkWithValidateFieldsDissected() throws Exception {
        ProbeResult r = probe(samba.options().dialects(Dialect.SMB_3_0_2, Dialect.SMB_3_0));
        assertEquals(Verdict.VALIDATED, r.verdict(), r.summary());
        Path f = tmp.resolve("probe-302.pcapng");
        PcapngWriter.write(r.transcript(), f);
        ConnectionReport c = r.toConnectionReport();
        Tshark.Result t = Tshark.fields(f, samba.port, "smb2.ioctl.function == 0x00140204",
                "frame.number", "smb2.flags.response", "smb2.ioctl.function", "smb2.client_guid", "smb2.server_guid",
                "smb2.capabilities", "smb2.sec_mode", "smb2.dialect");
        assertEquals(2, t.rows().size(), t::toString);
        List<String> req = t.rows().get(0);
        List<String> resp = t.rows().get(1);
        // Frame numbers in the report are those of the saved file.
        assertEquals(Long.toString(c.frames().validateRequest()), req.get(0));
        assertEquals(Long.toString(c.frames().validateResponse()), resp.get(0));
        assertEquals("0", req.get(1));
        assertEquals("1", resp.get(1));
        assertEquals("0x00140204", req.get(2));
        assertEquals(samba.options().build().capabilities(), Integer.decode(req.get(5)));
        assertTrue(req.get(7).contains("0x0302") && req.get(7).contains("0x0300"), req::toString);
        NegotiateResponse n = NegotiateResponse.decode(r.negotiateResponse());
        assertEquals(n.serverGuid().toString(), resp.get(4));
        assertEquals(n.capabilities(), Integer.decode(resp.get(5)));
        assertEquals("0x0302", resp.get(7));
        // Every synthesised IP and TCP checksum is right and Wireshark sees no TCP anomaly.
        Tshark.Result bad = Tshark.fields(f, samba.port,
                "ip.checksum.status == 0 || tcp.checksum.status == 0 || tcp.analysis.flags", "frame.number");
        assertTrue(bad.rows().isEmpty(), bad::toString);
        Tshark.Result good = Tshark.fields(f, samba.port, "tcp.checksum.status == 1", "frame.number");
        assertEquals(PcapngWriter.frameCount(r.transcript()), good.rows().size());
    }

    @Test
    void commandLinePrintsVerdictAndNeverThePassword() throws Exception {
        Path pw = tmp.resolve("cli-password");
        Files.writeString(pw, SambaServer.PASSWORD + "\n");
        Path save = tmp.resolve("cli.pcapng");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ProbeCommand.run(new String[] {"127.0.0.1:" + samba.port, "--user", SambaServer.USER, "--domain",
                SambaServer.DOMAIN, "--password-file", pw.toString(), "--dialects", "3.0.2,3.0", "--save", save.toString(),
                "--hex"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, text + err);
        assertTrue(text.contains("Verdict:    VALIDATED"), text);
        assertTrue(text.contains("Signature:  VALID"), text);
        assertTrue(text.contains("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO"), text);
        assertTrue(Files.size(save) > 1000);
        assertFalse(text.contains(SambaServer.PASSWORD) || err.toString(StandardCharsets.UTF_8).contains(SambaServer.PASSWORD));

        out.reset();
        rc = ProbeCommand.run(new String[] {"127.0.0.1:" + samba.port, "--user", SambaServer.USER, "--domain",
                SambaServer.DOMAIN, "--password-file", pw.toString(), "--dialects", "3.0", "--json"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String json = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, json);
        assertTrue(json.startsWith("{\"captures\":[{"), json);
        assertTrue(json.contains("\"verdict\":\"VALIDATED\""), json);
        assertTrue(json.contains("\"signature\":\"VALID\""), json);
        assertTrue(json.contains("\"dialect\":\"3.0\""), json);
        assertTrue(json.contains("\"validateRequest\":\"fe534d42"), json);
        assertFalse(json.contains(SambaServer.PASSWORD));
        assertEquals(1, json.lines().count());
    }

    @Test
    void commandLineWrongPasswordExitsThreeWithStatus() throws Exception {
        Path pw = tmp.resolve("wrong-password");
        Files.writeString(pw, "wrong\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = ProbeCommand.run(new String[] {"127.0.0.1:" + samba.port, "--user", SambaServer.USER, "--password-file",
                pw.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(3, rc);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("STATUS_LOGON_FAILURE"), out::toString);
    }

    @Test
    void signingMandatoryServerRefusesGuestCleanly() throws Exception {
        try (SambaServer strict = SambaServer.start(tmp.resolve("smbd-strict"), "server signing = mandatory")) {
            ProbeResult r = probe(ProbeOptions.builder("127.0.0.1").port(strict.port).logon(ProbeOptions.Logon.GUEST)
                    .dialects(Dialect.SMB_3_0_2));
            assertEquals(ProbeFailure.SIGNING_REQUIRED_NO_CREDENTIALS, r.failure(), r::toString);
            assertTrue(r.error().contains("requires signing"), r.error());
            ProbeResult noPassword = probe(ProbeOptions.builder("127.0.0.1").port(strict.port).user(SambaServer.USER)
                    .dialects(Dialect.SMB_3_0_2));
            assertEquals(ProbeFailure.SIGNING_REQUIRED_NO_CREDENTIALS, noPassword.failure(), noPassword::toString);
            // With credentials the same server validates.
            ProbeResult ok = probe(ProbeOptions.builder("127.0.0.1").port(strict.port).user(SambaServer.USER)
                    .domain(SambaServer.DOMAIN).password(SambaServer.PASSWORD.toCharArray()).dialects(Dialect.SMB_3_0_2));
            assertEquals(Verdict.VALIDATED, ok.verdict(), ok.summary());
            assertNotNull(ok.negotiateResponse());
        }
    }
}
