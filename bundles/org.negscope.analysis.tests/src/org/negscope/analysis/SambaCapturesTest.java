package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.negscope.capture.Progress;

/**
 * The committed real captures (Samba smbd + smbclient on loopback, some through the NegotiateRewriteProxy
 * standing in for a WAN optimiser), checked against releng/captures/EXPECTED.tsv: verdict, fatal,
 * differing fields, signature status, dialect, every frame number and who ended the connection. Frame
 * numbers in EXPECTED.tsv were read back with tshark by the script that made the captures.
 */
class SambaCapturesTest {

    static Stream<TestData.Expected> rows() {
        return TestData.expected().stream();
    }

    static ConnectionReport only(String file, AnalysisOptions options) throws Exception {
        AnalysisResult r = CaptureAnalyzer.analyze(List.of(TestData.capture(file)), options, Progress.NONE, null);
        assertEquals(1, r.captures().size());
        assertEquals(1, r.connections().size(), file + ": one smbclient connection expected, got " + r.connections().size());
        return r.connections().get(0);
    }

    static List<String> sideFields(ConnectionReport c) {
        return c.differences().stream().map(d -> d.side() + ":" + d.field()).toList();
    }

    @Test void expectedTableIsThere() {
        assertTrue(TestData.expected().size() >= 10, "releng/captures/EXPECTED.tsv lists the Samba cases");
    }

    /** What a user without the password gets: signatures UNVERIFIED, a bad one undetectable. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void withoutPassword(TestData.Expected e) throws Exception {
        ConnectionReport c = only(e.file(), AnalysisOptions.none());
        String what = e.file() + ": " + c.summary();
        assertEquals(e.verdictWithoutPassword(), c.verdict().name(), what);
        if (e.verdictWithoutPassword().equals(e.verdict())) {
            assertEquals(e.fatal(), c.fatal(), what);
        } else {
            assertFalse(c.fatal(), what);
        }
        assertEquals(e.differences(), sideFields(c), what);
        boolean hidden = e.verdictWithoutPassword().equals("ENCRYPTED"); // the VALIDATE is inside SMB3 encryption
        String sig = hidden ? "NONE" : switch (e.signature()) {
            case "VALID", "INVALID" -> "UNVERIFIED";
            default -> e.signature();
        };
        assertEquals(sig, c.signature().name(), what);
        assertFrames(e, c, false);
    }

    /** With the documented test password the signatures are proven: VALID, or INVALID where the proxy broke them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void withPassword(TestData.Expected e) throws Exception {
        ConnectionReport c = only(e.file(), AnalysisOptions.withPassword(TestData.TEST_PASSWORD.toCharArray(), null, null));
        String what = e.file() + ": " + c.summary();
        assertEquals(e.verdict(), c.verdict().name(), what);
        assertEquals(e.fatal(), c.fatal(), what);
        assertEquals(e.differences(), sideFields(c), what);
        assertEquals(e.signature(), c.signature().name(), what);
        assertFrames(e, c, e.verdictWithoutPassword().equals("ENCRYPTED"));
        assertFalse(c.summary().contains(TestData.TEST_PASSWORD));
    }

    /**
     * {@code decrypted}: the VALIDATE was found inside SMB3 encryption, where the tshark run that wrote
     * EXPECTED.tsv cannot see it (it lists 0/0): then it must lie between NEGOTIATE and the end.
     */
    static void assertFrames(TestData.Expected e, ConnectionReport c, boolean decrypted) {
        String what = e.file() + ": " + c.summary();
        // "-": the capture does not show the dialect (it starts after NEGOTIATE); the report then has none.
        assertEquals(e.dialect().equals("-") ? null : e.dialect(), c.dialect(), what);
        ConnectionReport.Frames f = c.frames();
        assertEquals(e.negReq(), f.negotiateRequest(), what);
        assertEquals(e.negResp(), f.negotiateResponse(), what);
        if (decrypted) {
            assertTrue(f.negotiateResponse() < f.validateRequest() && f.validateRequest() < f.validateResponse()
                    && f.validateResponse() < e.termination(), what + " " + f);
        } else {
            assertEquals(e.valReq(), f.validateRequest(), what);
            assertEquals(e.valResp(), f.validateResponse(), what);
        }
        assertEquals(e.termination(), f.termination(), what);
        assertEquals(e.terminatedBy(), c.terminatedBy().json(), what);
        if (c.fatal()) {
            // A fatal summary says who dropped the connection (docs/protocol.md: the direction tells who killed it).
            assertTrue(c.summary().contains("the " + e.terminatedBy() + " "), what);
        }
    }
}
