package org.negscope.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.smb2.Capabilities;
import org.negscope.smb2.Dialect;

/** Which variations the search tries (no server needed; the Samba runs are in ProxyProbeTest). */
class ProbeVariationsTest {
    private static ProbeOptions base() {
        return ProbeOptions.builder("h").user("u").password("p".toCharArray())
                .dialects(Dialect.SMB_3_0, Dialect.SMB_3_0_2, Dialect.SMB_3_1_1)
                .capabilities(Capabilities.DFS | Capabilities.LARGE_MTU).build();
    }

    @Test
    void validateVariantsChangeExactlyOneFieldOfTheValidateOnly() {
        ProbeOptions b = base();
        List<ProbeVariations.Variant> vs = ProbeVariations.validateVariants(b);
        assertTrue(vs.stream().allMatch(ProbeVariations.Variant::validateOnly));
        for (ProbeVariations.Variant v : vs) {
            // The NEGOTIATE offer stays the baseline's.
            assertEquals(b.capabilities(), v.options().capabilities(), v.label());
            assertArrayEquals(b.dialects(), v.options().dialects(), v.label());
            assertEquals(b.clientGuid(), v.options().clientGuid(), v.label());
            ProbeOptions.ValidateOverride o = v.options().validateOverride();
            int changed = (o.capabilities() != null ? 1 : 0) + (o.guid() != null ? 1 : 0) + (o.securityMode() != null ? 1 : 0)
                    + (o.dialects() != null ? 1 : 0);
            assertEquals(1, changed, v.label());
            assertTrue(v.options().hasCredentials(), "each variation carries its own copy of the credentials");
        }
        List<String> labels = vs.stream().map(ProbeVariations.Variant::label).toList();
        assertTrue(labels.containsAll(List.of("VALIDATE with DFS cleared", "VALIDATE with LARGE_MTU cleared",
                "VALIDATE with LEASING set", "VALIDATE with SecurityMode 0x0000", "VALIDATE without dialect 3.0.2",
                "VALIDATE with a zero ClientGuid")), labels::toString);
        b.clearSecrets();
    }

    @Test
    void offerVariantsNeverOffer311Alone() {
        List<String> labels = ProbeVariations.offerVariants(base()).stream().map(ProbeVariations.Variant::label).toList();
        assertTrue(labels.contains("offers only dialect 3.0"));
        assertTrue(labels.contains("does not offer dialect 3.1.1"));
        assertTrue(labels.contains("does not offer LARGE_MTU"));
        assertTrue(labels.stream().noneMatch(l -> l.equals("offers only dialect 3.1.1")), labels::toString);
    }

    @Test
    void singleDialectOffersAreGrouped() {
        assertEquals(List.of("offers a single dialect (2.1 or 3.0)", "does not offer dialect 3.0.2"),
                ProbeVariations.group(List.of("offers only dialect 2.1", "offers only dialect 3.0",
                        "does not offer dialect 3.0.2")));
        assertEquals(List.of("offers only dialect 2.1"), ProbeVariations.group(List.of("offers only dialect 2.1")));
    }
}
