package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.negscope.capture.Progress;

/**
 * The two-point matrix on real pairs (releng/captures, made by make-captures.sh): every field the rewriting proxy can
 * change (request: Capabilities, SecurityMode, ClientGuid, Dialects; response: Capabilities, SecurityMode, ServerGuid,
 * Dialect), with a port change (NAT: the proxy answers on a new port and reaches smbd from a new one) and without one
 * (the same port numbers at both points, other addresses). The proxy terminates TCP in every case (new sequence
 * numbers). Each pair must match exactly (NTLM challenge and response, SessionId), name its evidence, and list the
 * rewritten field — the ClientGuid too, which then no longer serves as evidence.
 */
class TwoPointMatrixTest {

    record Cell(String base, String message, String field, boolean samePorts) {
        @Override public String toString() { return message + " " + field + (samePorts ? ", same ports" : ", NAT (new ports)"); }
    }

    static Stream<Cell> cells() {
        String[][] table = {
            {"samba-3.0.2-strip-req-caps", "NEGOTIATE request", "Capabilities"},
            {"samba-3.0.2-req-secmode", "NEGOTIATE request", "SecurityMode"},
            {"samba-3.0.2-req-guid", "NEGOTIATE request", "ClientGuid"},
            {"samba-3.0.2-req-dialects", "NEGOTIATE request", "Dialects"},
            {"samba-3.0.2-strip-resp-caps", "NEGOTIATE response", "Capabilities"},
            {"samba-3.0.2-probe-resp-secmode", "NEGOTIATE response", "SecurityMode"},
            {"samba-3.0.2-probe-resp-guid", "NEGOTIATE response", "ServerGuid"},
            {"samba-3.0-resp-dialect", "NEGOTIATE response", "DialectRevision"},
        };
        List<Cell> out = new ArrayList<>();
        for (String[] t : table) {
            out.add(new Cell(t[0], t[1], t[2], false));
            out.add(new Cell(t[0] + "-same-ports", t[1], t[2], true));
        }
        return out.stream();
    }

    static AnalysisResult analyze(String file) throws Exception {
        return CaptureAnalyzer.analyze(List.of(TestData.capture(file)), AnalysisOptions.none(), Progress.NONE, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void rewrittenFieldIsMatchedAndNamed(Cell cell) throws Exception {
        TwoPointResult r = TwoPointMatcher.match(analyze(cell.base() + ".client-side.pcap"), analyze(cell.base() + ".server-side.pcap"));
        assertEquals(1, r.pairs().size(), cell.base());
        assertTrue(r.unmatchedClientSide().isEmpty() && r.unmatchedServerSide().isEmpty(), cell.base());
        ConnectionPair p = r.pairs().get(0);
        String what = cell + ": " + p.matchedBy() + " / " + p.changes();
        assertEquals(TwoPointMatcher.EXACT, p.strength(), what);
        assertTrue(p.evidence().contains(TwoPointMatcher.BY_NTLM) && p.evidence().contains(TwoPointMatcher.BY_SESSION_ID), what);
        assertEquals(!cell.field().equals("ClientGuid"), p.evidence().contains(TwoPointMatcher.BY_CLIENT_GUID), what);
        assertTrue(p.changes().stream().anyMatch(c -> c.message().equals(cell.message()) && c.field().equals(cell.field())), what);
        // nothing else in NEGOTIATE changed than that field (the dialect list also changes its count and length)
        assertTrue(p.changes().stream().filter(c -> c.message().startsWith("NEGOTIATE"))
                .allMatch(c -> c.field().equals(cell.field()) || cell.field().equals("Dialects")), what);
        String cport = port(p.clientSide().client()), sport = port(p.serverSide().client());
        if (cell.samePorts()) {
            assertEquals(cport, sport, "the proxy kept the client's source port: " + what);
            assertEquals(port(p.clientSide().server()), port(p.serverSide().server()), what);
            assertNotEquals(host(p.clientSide().server()), host(p.serverSide().server()), what);
        } else {
            assertNotEquals(cport, sport, what);
            assertNotEquals(port(p.clientSide().server()), port(p.serverSide().server()), what);
        }
        assertTrue(p.middlebox().contains("proxy, WAN accelerator or NAT"), p.middlebox());
    }

    private static String port(String endpoint) { return endpoint.substring(endpoint.lastIndexOf(':') + 1); }
    private static String host(String endpoint) { return endpoint.substring(0, endpoint.lastIndexOf(':')); }
}
