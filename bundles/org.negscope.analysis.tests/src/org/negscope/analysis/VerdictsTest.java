package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The verdict headlines every front end shows: one per verdict, distinct, and saying who drops the connection. */
class VerdictsTest {
    @Test void everyVerdictHasItsOwnHeadline() {
        Set<String> seen = new HashSet<>();
        for (Verdict v : Verdict.values()) {
            String h = Verdicts.headline(v);
            assertTrue(h.endsWith("."), v + ": " + h);
            assertTrue(seen.add(h), "two verdicts share the headline " + h);
        }
        assertEquals(Verdict.values().length, seen.size());
        assertTrue(Verdicts.headline(Verdict.REQUEST_MISMATCH).contains("the server drops the connection"));
        assertTrue(Verdicts.headline(Verdict.RESPONSE_MISMATCH).contains("the client drops the connection"));
    }

    @Test void everySignatureStatusIsExplained() {
        for (SignatureStatus s : SignatureStatus.values()) {
            assertTrue(Verdicts.signature(s).startsWith(s.name() + " ("), Verdicts.signature(s));
        }
    }
}
