package org.negscope.remedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Verdict;

/** One test per OS family (on a fatal, middlebox-caused verdict), then one per verdict family. */
class RemedyAdvisorTest {
    private static final ConnectionReport MISMATCH =
            Reports.synthetic(Verdict.RESPONSE_MISMATCH, true, Reports.SIGNING_STRIPPED, Reports.CAPS_MASKED);

    private static boolean mentionsSecureNegotiateScript(Remedy r) {
        return r.scripts().stream().anyMatch(s -> s.content().contains("'RequireSecureNegotiate'")
                || s.content().contains("\"RequireSecureNegotiate\"="));
    }

    private static List<String> ids(Remedy r) {
        return r.recommendations().stream().map(Recommendation::id).toList();
    }

    @Nested
    class PerOsFamily {
        private void assertWorkaroundOffered(HostOs os) {
            Remedy r = RemedyAdvisor.advise(MISMATCH, os);
            assertEquals("fix-path", r.recommendations().get(0).id(), "middlebox advice comes first");
            Recommendation w = r.recommendation("disable-secure-negotiate");
            assertNotNull(w, ids(r).toString());
            assertTrue(w.risk().startsWith("Weakens security"), w.risk());
            assertEquals(List.of("negscope-secure-negotiate-off-apply.ps1", "negscope-secure-negotiate-off-revert.ps1",
                    "negscope-secure-negotiate-off-apply.reg", "negscope-secure-negotiate-off-revert.reg"), w.scriptFiles());
            String ps = r.script("negscope-secure-negotiate-off-apply.ps1").content();
            assertTrue(ps.contains("$KeyPath    = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\LanmanWorkstation\\Parameters'"), ps);
            assertTrue(ps.contains("New-ItemProperty -LiteralPath $KeyPath -Name $ValueName -PropertyType DWord -Value 0 -Force"));
            assertTrue(r.script("negscope-secure-negotiate-off-apply.reg").content()
                    .contains("\"RequireSecureNegotiate\"=dword:00000000\r\n"));
            assertTrue(r.script("negscope-secure-negotiate-off-revert.reg").content().contains("\"RequireSecureNegotiate\"=-\r\n"));
            assertTrue(ids(r).indexOf("disable-secure-negotiate") < ids(r).indexOf("require-signing"),
                    "the workaround's security note points at the signing advice that follows it");
        }

        @Test void windows8_2012() { assertWorkaroundOffered(Reports.win8()); }

        @Test void windows81_2012R2() { assertWorkaroundOffered(Reports.win81()); }

        @Test void windows81ChosenByTheUser() { assertWorkaroundOffered(HostOs.chosen(WindowsVersion.WINDOWS_81_2012R2)); }

        private void assertCannotDisable(HostOs os) {
            Remedy r = RemedyAdvisor.advise(MISMATCH, os);
            assertEquals("fix-path", r.recommendations().get(0).id());
            Recommendation c = r.recommendation("cannot-disable");
            assertNotNull(c, ids(r).toString());
            assertTrue(c.why().contains("TCP connection is aborted during Validate Negotiate"), "cites the seed article");
            assertTrue(c.why().contains("cannot be disabled on Windows 10, Windows Server 2016 or later"), c.why());
            assertNull(r.recommendation("disable-secure-negotiate"));
            assertFalse(mentionsSecureNegotiateScript(r), "no RequireSecureNegotiate script where Windows ignores it");
        }

        @Test void windows10() { assertCannotDisable(Reports.win10()); }

        @Test void server2016() { assertCannotDisable(Reports.server2016()); }

        @Test void server2019() { assertCannotDisable(Reports.server2019()); }

        @Test void server2022() { assertCannotDisable(Reports.server2022()); }

        @Test void windows11() {
            assertCannotDisable(Reports.win11());
            Remedy r = RemedyAdvisor.advise(MISMATCH, Reports.win11());
            assertNotNull(r.script("negscope-client-signing-required-apply.reg"), "pre-24H2 clients get the .reg pair too");
        }

        @Test void windows11_24H2_or_Server2025() {
            HostOs os = Reports.win11_24h2();
            assertCannotDisable(os);
            Remedy r = RemedyAdvisor.advise(MISMATCH, os);
            String why = r.recommendation("require-signing").why();
            assertTrue(why.contains("already requires signing on outbound SMB by default"), why);
            assertTrue(why.contains("cannot tell a client release from a server release"), why);
            assertNotNull(r.script("negscope-client-signing-required-apply.ps1"));
            assertNull(r.script("negscope-client-signing-required-apply.reg"),
                    "no client .reg pair: its revert (delete) could undo the built-in requirement");
        }

        @Test void windows11_25H2() { assertCannotDisable(Reports.win11_25h2()); }

        private void assertDoesNotValidate(HostOs os, String maxDialect) {
            Remedy r = RemedyAdvisor.advise(MISMATCH, os);
            Recommendation c = r.recommendation("client-does-not-validate");
            assertNotNull(c, ids(r).toString());
            assertTrue(c.why().contains("at most " + maxDialect), c.why());
            assertFalse(mentionsSecureNegotiateScript(r));
            assertNull(r.script("negscope-client-signing-required-apply.ps1"), "no SmbShare cmdlets before Windows 8");
            assertNotNull(r.script("negscope-client-signing-required-apply.reg"));
        }

        @Test void windows7_2008R2() { assertDoesNotValidate(Reports.win7(), "2.1"); }

        @Test void vista_2008() { assertDoesNotValidate(Reports.vista(), "2.0.2"); }

        @Test void nonWindows() {
            Remedy r = RemedyAdvisor.advise(MISMATCH, Reports.samba());
            Recommendation c = r.recommendation("non-windows-client");
            assertNotNull(c, ids(r).toString());
            assertTrue(c.why().contains("smbclient"), c.why());
            assertTrue(c.why().contains("Linux kernel cifs"), c.why());
            assertTrue(c.why().contains("validate_neg_off=yes"), c.why());
            assertTrue(r.scripts().stream().noneMatch(s -> "client".equals(s.target())), "no registry advice for a non-Windows client");
            assertTrue(r.recommendation("require-signing").why().contains("client signing = required"));
        }

        @Test void unknown() {
            Remedy r = RemedyAdvisor.advise(MISMATCH, HostOs.unknown());
            Recommendation c = r.recommendation("os-unknown");
            assertNotNull(c, ids(r).toString());
            assertTrue(c.why().contains("choose the client OS"), c.why());
            assertFalse(mentionsSecureNegotiateScript(r), "no weakening script without knowing the OS honours it");
            assertNotNull(r.script("negscope-client-signing-required-apply.ps1"));
            assertNotNull(r.script("negscope-client-signing-required-apply.reg"));
        }

        @Test void sambaServerGetsSambaAdviceInsteadOfServerScripts() {
            Remedy r = RemedyAdvisor.advise(MISMATCH, Reports.win10(), Reports.samba());
            assertTrue(r.scripts().stream().noneMatch(s -> "server".equals(s.target())));
            assertTrue(r.recommendation("require-signing").why().contains("server signing = mandatory"));
        }
    }

    @Nested
    class PerVerdict {
        @Test void responseMismatchNamesTheChangedFieldsAndValues() {
            Remedy r = RemedyAdvisor.advise(MISMATCH, Reports.win10());
            assertTrue(r.headline().contains("(SecurityMode, Capabilities)"), r.headline());
            String why = r.recommendation("fix-path").why();
            assertTrue(why.contains("SIGNING_REQUIRED was removed from the NEGOTIATE on the way: a signing downgrade"), why);
            assertTrue(why.contains("MULTI_CHANNEL, ENCRYPTION were removed"), why);
            assertTrue(why.contains("(frame 13)") && why.contains("(frame 5)"), why);
            assertTrue(why.contains("3.2.5.14.12"), why);
            VendorQuestions vq = r.vendorQuestions().get(0);
            assertTrue(vq.audience().startsWith("WAN accelerator"));
            assertTrue(vq.questions().stream().anyMatch(q -> q.contains("bypass") && q.contains("10.0.0.9:445")));
            assertTrue(vq.questions().stream().anyMatch(q -> q.contains("SecurityMode") && q.contains("0x0001 (SIGNING_ENABLED)")
                    && q.contains("0x0003 (SIGNING_ENABLED, SIGNING_REQUIRED)")));
            assertTrue(vq.questions().stream().anyMatch(q -> q.contains("firmware versions")));
        }

        @Test void requestMismatchExplainsTheServerSideCheckAndAsksForBothCaptures() {
            Remedy r = RemedyAdvisor.advise(Reports.synthetic(Verdict.REQUEST_MISMATCH, true, Reports.DIALECTS_CUT), Reports.win81());
            String why = r.recommendation("fix-path").why();
            assertTrue(why.contains("3.3.5.15.12"), why);
            assertTrue(why.contains("Dialects 3.0, 3.0.2 were removed from the NEGOTIATE request (a dialect downgrade)"), why);
            assertNotNull(r.recommendation("capture-both-sides"));
            assertNotNull(r.recommendation("disable-secure-negotiate"));
        }

        @Test void serverTerminatedSaysCaptureTheOtherSide() {
            Remedy r = RemedyAdvisor.advise(Reports.synthetic(Verdict.SERVER_TERMINATED, true), Reports.win10());
            assertTrue(r.headline().contains("Capture on the server side"), r.headline());
            assertEquals(List.of("fix-path", "capture-both-sides", "cannot-disable", "require-signing"), ids(r));
            assertTrue(r.vendorQuestions().get(0).questions().stream().anyMatch(q -> q.contains("modify the SMB2 NEGOTIATE")));
        }

        @Test void unsignedResponseAlsoAsksTheServerVendor() {
            Remedy r = RemedyAdvisor.advise(Reports.synthetic(Verdict.RESPONSE_UNSIGNED, true), Reports.win10());
            assertEquals(2, r.vendorQuestions().size());
            assertTrue(r.vendorQuestions().get(1).questions().stream().anyMatch(q -> q.contains("is not signed")));
        }

        @Test void signatureInvalidWarnsAboutWrongCredentials() {
            Remedy r = RemedyAdvisor.advise(Reports.synthetic(Verdict.SIGNATURE_INVALID, true), Reports.win10());
            assertTrue(r.recommendation("fix-path").why().contains("credentials given to NegScope are wrong"));
        }

        @Test void notSentOnWindows81OffersReEnablingWithRevert() {
            Remedy r = RemedyAdvisor.advise(Reports.synthetic(Verdict.NOT_SENT, false), Reports.win81());
            Recommendation re = r.recommendation("reenable-secure-negotiate");
            assertNotNull(re, ids(r).toString());
            assertTrue(re.title().startsWith("Validation is already off on this client (RequireSecureNegotiate=0?)"), re.title());
            assertTrue(re.title().contains("consider re-enabling it after fixing the path"));
            assertTrue(r.script("negscope-secure-negotiate-on-apply.ps1").content()
                    .contains("    Remove-ItemProperty -LiteralPath $KeyPath -Name $ValueName"));
            assertTrue(r.script("negscope-secure-negotiate-on-apply.reg").content().contains("\"RequireSecureNegotiate\"=-"));
            assertTrue(r.script("negscope-secure-negotiate-on-revert.reg").content().contains("\"RequireSecureNegotiate\"=dword:00000000"));
            assertNull(r.recommendation("disable-secure-negotiate"));
        }

        @Test void notSentOnWindows10IsUnexpected() {
            Remedy r = RemedyAdvisor.advise(Reports.synthetic(Verdict.NOT_SENT, false), Reports.win10());
            assertNotNull(r.recommendation("unexpected-skip"), ids(r).toString());
            assertFalse(mentionsSecureNegotiateScript(r));
        }

        @Test void nothingToFixForValidatedNotApplicableAndEncrypted() {
            for (Verdict v : List.of(Verdict.VALIDATED, Verdict.NOT_APPLICABLE, Verdict.ENCRYPTED)) {
                for (HostOs os : Reports.allFamilies()) {
                    Remedy r = RemedyAdvisor.advise(Reports.synthetic(v, false), os);
                    assertEquals(List.of("nothing-to-fix"), ids(r), v + " " + os.describe());
                    assertTrue(r.scripts().isEmpty(), v + " " + os.describe());
                    assertTrue(r.vendorQuestions().isEmpty());
                    assertTrue(r.headline().contains("Nothing to fix for validate negotiate"), r.headline());
                }
            }
        }

        @Test void serverRefusedDependsOnTheStatus() {
            Remedy denied = RemedyAdvisor.advise(Reports.synthetic(Verdict.SERVER_REFUSED, true), Reports.win81());
            assertTrue(denied.headline().contains("STATUS_ACCESS_DENIED"), denied.headline());
            assertNotNull(denied.recommendation("disable-secure-negotiate"), "fatal: the workaround is on the table");
            Remedy notImpl = RemedyAdvisor.advise(Reports.synthetic(Verdict.SERVER_REFUSED, false), Reports.win81());
            assertTrue(notImpl.headline().contains("does not implement"), notImpl.headline());
            assertNull(notImpl.recommendation("disable-secure-negotiate"), "nothing breaks: no weakening advice");
            assertEquals(List.of("server-update", "require-signing"), ids(notImpl));
        }

        @Test void incompleteAsksForANewCapture() {
            Remedy r = RemedyAdvisor.advise(Reports.synthetic(Verdict.INCOMPLETE, false), Reports.win10());
            assertEquals(List.of("capture-again"), ids(r));
            assertTrue(r.scripts().isEmpty());
        }

        @Test void everyVerdictGetsAHeadlineAndAtLeastOneRecommendation() {
            for (Verdict v : Verdict.values()) {
                for (boolean fatal : new boolean[] {false, true}) {
                    Remedy r = RemedyAdvisor.advise(Reports.synthetic(v, fatal), HostOs.unknown());
                    assertFalse(r.headline().isBlank(), v.name());
                    assertFalse(r.recommendations().isEmpty(), v.name());
                    assertEquals(v, r.verdict());
                }
            }
        }
    }
}
