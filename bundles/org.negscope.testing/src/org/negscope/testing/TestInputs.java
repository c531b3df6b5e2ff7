package org.negscope.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where the tests' inputs are, for every test fragment (fragments cannot share classes, so this bundle holds what
 * they all need; it is built and tested with them but is no part of the product): the repository root, found by
 * walking up from the working directory (Tycho runs tests in the fragment's directory, the dev loop wherever); the
 * committed Samba captures in {@code releng/captures}; the third-party captures in the shared directory beside the
 * checkout, read in place and never copied (docs/architecture.md, "Test data").
 */
public final class TestInputs {
    private TestInputs() {}

    /** Password of the test account in the committed captures (a documented test value, releng/captures/README.md). */
    public static final String TEST_PASSWORD = "NegScope-Test-1";

    /** The first directory above the working directory that holds both {@code releng/} and {@code bundles/}. */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isDirectory(q.resolve("releng")) && Files.isDirectory(q.resolve("bundles"))) {
                return q;
            }
        }
        throw new IllegalStateException("no directory with releng/ and bundles/ above " + p);
    }

    /**
     * The committed captures, or the directory named by the system property {@code negscope.captures} (a regenerated
     * set, e.g. from the CI step that reruns releng/scripts/make-captures.sh into a temporary directory).
     */
    public static Path captures() {
        String override = System.getProperty("negscope.captures");
        return override != null && !override.isBlank() ? Path.of(override) : repoRoot().resolve("releng/captures");
    }

    /** A committed capture (or one of the {@link #captures()} override). */
    public static Path capture(String name) {
        return captures().resolve(name);
    }

    /** A third-party capture (docs/architecture.md, "Test data"); whether it exists is the caller's question. */
    public static Path external(String name) {
        return repoRoot().resolve("../shared/external-captures").resolve(name).normalize();
    }

    /** As {@link #external}, failing with the file's name when it is missing. */
    public static Path requireExternal(String name) {
        Path f = external(name);
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("external capture missing: " + f);
        }
        return f;
    }

    /**
     * A third-party Windows trace (ETL, .matp, NetMon, pktmon pcapng). Missing: fails naming the file when the
     * environment has {@code CI=true}; elsewhere {@code skip} is given that message (a test passes
     * {@code msg -> Assumptions.assumeTrue(false, msg)}, so that this bundle needs no test framework).
     */
    public static Path windows(String name, Consumer<String> skip) {
        Path f = repoRoot().resolve("../shared/external-captures-3").resolve(name).normalize();
        if (!Files.isRegularFile(f)) {
            String msg = "external capture missing: " + f;
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(msg);
            }
            skip.accept(msg);
        }
        return f;
    }

    /** A script of {@code releng/scripts}. */
    public static Path script(String name) {
        return repoRoot().resolve("releng/scripts").resolve(name);
    }

    /** A TCP port that was free a moment ago on 127.0.0.1 (servers a test starts listen on loopback only). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
