package org.negscope.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed broken-capture corpus is what releng/scripts/BrokenCaptures.java makes from the committed source
 * capture today: regenerated into a temporary directory, every file and EXPECTED.tsv must be byte-identical. Fails
 * when samba-3.0.2-clean.pcap was regenerated (or the generator changed) without running
 * releng/scripts/make-broken-captures.sh; it also proves the generator deterministic.
 */
class BrokenCorpusUpToDateTest {
    @TempDir Path out;

    @Test
    void regeneratingGivesTheCommittedBytes() throws Exception {
        Path root = Repo.root();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, root.resolve("releng/scripts/BrokenCaptures.java").toString(),
                Repo.capture("samba-3.0.2-clean.pcap").toString(), Repo.captures().resolve("EXPECTED.tsv").toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        List<String> committed = names(Repo.broken()), regenerated = names(out);
        committed.remove("README.md");
        assertEquals(committed, regenerated, "run releng/scripts/make-broken-captures.sh");
        for (String n : regenerated) {
            Path a = Repo.broken().resolve(n), b = out.resolve(n);
            if (Files.isDirectory(a)) continue;
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), n + " differs: run releng/scripts/make-broken-captures.sh");
        }
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(x -> x.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.toList());
        }
    }
}
