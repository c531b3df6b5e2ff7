package org.negscope.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.negscope.testing.TestInputs;

/**
 * The analysis tests' inputs: where they are ({@link TestInputs}, shared by every test fragment) and the rows of the
 * committed captures' EXPECTED.tsv.
 */
final class TestData {
    private TestData() {}

    /** Password of the test account in the committed captures (documented test value, releng/captures/README.md). */
    static final String TEST_PASSWORD = TestInputs.TEST_PASSWORD;

    static Path repoRoot() { return TestInputs.repoRoot(); }

    /** The committed captures, or the regenerated set the system property {@code negscope.captures} names. */
    static Path captures() { return TestInputs.captures(); }

    static Path capture(String name) { return captures().resolve(name); }

    /** A third-party Windows trace (missing: fails under CI=true, else skips). */
    static Path windows(String name) { return TestInputs.windows(name, msg -> Assumptions.assumeTrue(false, msg)); }

    static Path external(String name) { return TestInputs.external(name); }

    /** One row of EXPECTED.tsv, written by releng/scripts/make-captures.sh. */
    record Expected(String file, String verdict, String verdictWithoutPassword, boolean fatal, List<String> differences,
                    String signature, String dialect, long negReq, long negResp, long valReq, long valResp,
                    long termination, String terminatedBy) {}

    static List<Expected> expected() {
        return expected(captures().resolve("EXPECTED.tsv"));
    }

    /** The rows of an EXPECTED.tsv (the Samba set's, or another set's with the same columns). */
    static List<Expected> expected(Path tsv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = null;
        List<Expected> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                header = List.of(line.substring(1).trim().split("\t"));
                continue;
            }
            String[] f = line.split("\t", -1);
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < f.length && header != null && i < header.size(); i++) {
                m.put(header.get(i), f[i]);
            }
            String diffs = m.getOrDefault("differences", "-");
            out.add(new Expected(m.get("file"), m.get("verdict"), m.get("verdictWithoutPassword"),
                    Boolean.parseBoolean(m.get("fatal")),
                    diffs.equals("-") || diffs.isEmpty() ? List.of() : List.of(diffs.split(",")),
                    m.get("signature"), m.get("dialect"), num(m.get("negReq")), num(m.get("negResp")),
                    num(m.get("valReq")), num(m.get("valResp")), num(m.get("termination")), m.get("terminatedBy")));
        }
        return out;
    }

    private static long num(String s) { return s == null || s.isEmpty() ? 0 : Long.parseLong(s.trim()); }
}
