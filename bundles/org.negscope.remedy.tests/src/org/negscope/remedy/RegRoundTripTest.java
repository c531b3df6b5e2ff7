package org.negscope.remedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.Verdict;

/**
 * Imports each generated .reg apply and then its revert into a model of a machine's registry and checks that
 * the apply changes what it says and the revert brings back what Windows had: the same effective setting (the
 * stored value, or the built-in default when the value is absent).
 */
class RegRoundTripTest {
    static final String WKS = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\LanmanWorkstation\\Parameters";
    static final String SRV = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters";

    /** A clean install before Windows 11 24H2: what the keys hold (RequireSecureNegotiate is absent). */
    static RegFile.Registry cleanInstall() {
        return new RegFile.Registry()
                .set(WKS, "EnableSecuritySignature", 1).set(WKS, "RequireSecuritySignature", 0)
                .set(SRV, "enablesecuritysignature", 0).set(SRV, "requiresecuritysignature", 0);
    }

    /** The value Windows acts on: stored, or the built-in default of a pre-24H2 member machine when absent. */
    static long effective(RegFile.Registry r, String key, String name) {
        Long v = r.get(key, name);
        if (v != null) {
            return v;
        }
        return name.equalsIgnoreCase("RequireSecureNegotiate") ? 1 : 0;
    }

    private static void roundTrip(Remedy r, String applyName, RegFile.Registry before, long expectedAfterApply) {
        Script apply = r.script(applyName);
        Script revert = r.script(apply.counterpart());
        List<RegFile.Op> applyOps = RegFile.parse(apply.encoded());
        List<RegFile.Op> revertOps = RegFile.parse(revert.encoded());
        RegFile.Op op = applyOps.get(0);
        assertEquals(op.key().toLowerCase(), revertOps.get(0).key().toLowerCase(), "same key");
        assertEquals(op.name().toLowerCase(), revertOps.get(0).name().toLowerCase(), "same value");

        RegFile.Registry reg = before.copy();
        long was = effective(reg, op.key(), op.name());
        reg.importOps(applyOps);
        long now = effective(reg, op.key(), op.name());
        assertEquals(expectedAfterApply, now, applyName);
        assertNotEquals(was, now, applyName + " must change the setting it is about");
        reg.importOps(revertOps);
        assertEquals(was, effective(reg, op.key(), op.name()), apply.counterpart() + " restores the effective setting");
    }

    @Test
    void secureNegotiateOffAndBack() {
        Remedy r = RemedyAdvisor.advise(Reports.synthetic(Verdict.RESPONSE_MISMATCH, true, Reports.SIGNING_STRIPPED), Reports.win81());
        RegFile.Registry before = cleanInstall();
        roundTrip(r, "negscope-secure-negotiate-off-apply.reg", before, 0);
        // Exactly as before, not only effectively: the value did not exist and does not exist after the revert.
        RegFile.Registry reg = before.copy();
        reg.importOps(RegFile.parse(r.script("negscope-secure-negotiate-off-apply.reg").encoded()));
        assertTrue(reg.has(WKS, "RequireSecureNegotiate"));
        reg.importOps(RegFile.parse(r.script("negscope-secure-negotiate-off-revert.reg").encoded()));
        assertEquals(before.keys, reg.keys);
    }

    @Test
    void secureNegotiateReEnableAndBack() {
        Remedy r = RemedyAdvisor.advise(Reports.synthetic(Verdict.NOT_SENT, false), Reports.win8());
        RegFile.Registry workaroundInPlace = cleanInstall().set(WKS, "RequireSecureNegotiate", 0);
        roundTrip(r, "negscope-secure-negotiate-on-apply.reg", workaroundInPlace, 1);
    }

    @Test
    void clientSigningRequiredAndBack() {
        for (HostOs os : List.of(Reports.win7(), Reports.win81(), Reports.win10(), Reports.win11(), HostOs.unknown())) {
            Remedy r = RemedyAdvisor.advise(Reports.synthetic(Verdict.RESPONSE_MISMATCH, true), os);
            roundTrip(r, "negscope-client-signing-required-apply.reg", cleanInstall(), 1);
        }
    }

    @Test
    void serverSigningRequiredAndBack() {
        Remedy r = RemedyAdvisor.advise(Reports.synthetic(Verdict.SERVER_TERMINATED, true), Reports.win10(), Reports.server2022());
        roundTrip(r, "negscope-server-signing-required-apply.reg", cleanInstall(), 1);
        String revert = r.script("negscope-server-signing-required-revert.reg").content();
        assertTrue(revert.contains("domain controller"), "the .reg revert warns where deleting the value would be wrong");
    }

    @Test
    void everyGeneratedRegPairRoundTrips() {
        int pairs = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Remedy r : AllRemedies.all()) {
            for (Script s : r.scripts()) {
                if (s.kind() != Script.Kind.REG || s.purpose() != Script.Purpose.APPLY
                        || !seen.add(s.content() + r.script(s.counterpart()).content())) {
                    continue;
                }
                RegFile.Op op = RegFile.parse(s.encoded()).get(0);
                RegFile.Registry before = cleanInstall();
                if (op.delete()) {
                    before.set(op.key(), op.name(), 0); // a delete only means something if the value is there
                }
                roundTrip(r, s.fileName(), before, op.delete() ? 1 : op.dword());
                pairs++;
            }
        }
        assertTrue(pairs > 50, "pairs checked: " + pairs);
    }
}
