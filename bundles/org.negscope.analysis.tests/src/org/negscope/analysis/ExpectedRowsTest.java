package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every committed capture under releng/captures (recursively) has a row in the EXPECTED.tsv of its own directory, and
 * every row names a file that is there: a capture added without its expected facts, or a row left behind by a removed
 * capture, fails here. A subdirectory with its own EXPECTED.tsv is a set of captures (broken/, kerberos/); any other
 * entry, a directory included (broken/a-directory.pcap), is a capture; README.md files are not.
 */
class ExpectedRowsTest {

    @Test void everyCommittedCaptureHasAnExpectedRow() throws IOException {
        Path root = TestData.repoRoot().resolve("releng/captures");
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        check(root, root, problems, checked);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(checked[0] >= 30, "only " + checked[0] + " captures found under " + root);
    }

    private static void check(Path root, Path dir, List<String> problems, int[] checked) throws IOException {
        Path tsv = dir.resolve("EXPECTED.tsv");
        Set<String> rows = new HashSet<>();
        if (Files.isRegularFile(tsv)) {
            for (String line : Files.readAllLines(tsv)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t", -1)[0]);
                }
            }
        }
        Set<String> present = new HashSet<>();
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        }
        for (Path e : entries) {
            String name = e.getFileName().toString();
            if (Files.isDirectory(e) && Files.exists(e.resolve("EXPECTED.tsv"))) {
                check(root, e, problems, checked);
                continue;
            }
            if (name.equals("EXPECTED.tsv") || name.endsWith(".md")) {
                continue;
            }
            present.add(name);
            checked[0]++;
            if (!Files.isRegularFile(tsv)) {
                problems.add(root.relativize(e) + ": no EXPECTED.tsv in " + root.relativize(dir).toString().replace("\\", "/") + "/");
            } else if (!rows.contains(name)) {
                problems.add(root.relativize(e) + ": no row in " + root.relativize(tsv));
            }
        }
        for (String r : rows) {
            if (!present.contains(r)) {
                problems.add(root.relativize(tsv) + ": row for " + r + ", which is not in " + (dir.equals(root) ? "releng/captures" : root.relativize(dir)));
            }
        }
    }
}
