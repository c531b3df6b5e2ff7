package org.negscope.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TestInputsTest {

    @Test
    void theRepositoryRootHoldsTheCommittedCaptures() {
        Path root = TestInputs.repoRoot();
        assertTrue(Files.isRegularFile(root.resolve("bundles/org.negscope.testing/META-INF/MANIFEST.MF")), root.toString());
        assertTrue(Files.isRegularFile(TestInputs.capture("EXPECTED.tsv")), "releng/captures/EXPECTED.tsv");
        assertTrue(Files.isRegularFile(TestInputs.capture("samba-3.0.2-strip-resp-caps.pcap")), "the bundled sample");
        assertTrue(Files.isRegularFile(TestInputs.script("make-captures.sh")), "releng/scripts/make-captures.sh");
    }

    @Test
    void theCapturesDirectoryCanBeOverridden() {
        String before = System.getProperty("negscope.captures");
        try {
            System.setProperty("negscope.captures", "/elsewhere");
            assertEquals(Path.of("/elsewhere/x.pcap"), TestInputs.capture("x.pcap"));
        } finally {
            if (before == null) {
                System.clearProperty("negscope.captures");
            } else {
                System.setProperty("negscope.captures", before);
            }
        }
    }

    @Test
    void externalCapturesLieBesideTheCheckout() {
        Path f = TestInputs.external("no-such-capture.pcap");
        assertEquals(TestInputs.repoRoot().resolveSibling("shared").resolve("external-captures/no-such-capture.pcap"), f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestInputs.requireExternal("no-such-capture.pcap"));
        assertTrue(e.getMessage().contains("no-such-capture.pcap"), e.getMessage());
    }

    @Test
    void aMissingWindowsTraceFailsUnderCiAndIsSkippedElsewhere() {
        String name = "no-such-trace.etl";
        List<String> skipped = new ArrayList<>();
        if ("true".equals(System.getenv("CI"))) {
            AssertionError e = assertThrows(AssertionError.class, () -> TestInputs.windows(name, skipped::add));
            assertTrue(e.getMessage().contains(name), e.getMessage());
            assertEquals(List.of(), skipped);
        } else {
            TestInputs.windows(name, skipped::add);
            assertEquals(1, skipped.size(), "skipped once");
            assertTrue(skipped.get(0).contains(name), skipped.get(0));
        }
    }

    @Test
    void aPresentWindowsTraceIsNotSkipped() {
        List<String> skipped = new ArrayList<>();
        Path f = TestInputs.windows("etl-no-packets/sonde-test.etl", skipped::add); // a trace the capture tests read
        Assumptions.assumeTrue(skipped.isEmpty(), () -> skipped.get(0));
        assertTrue(Files.isRegularFile(f), f.toString());
    }

    @Test
    void aFreePortCanBeBoundOnLoopback() throws Exception {
        int port = TestInputs.freePort();
        assertTrue(port > 0 && port < 65536, "port " + port);
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
            assertEquals(port, s.getLocalPort());
        }
    }
}
