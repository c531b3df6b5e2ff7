package org.negscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory (releng/bench/README.md): plain {@code negscope analyze} (text or {@code --json}) judges ended connections as it reads and keeps their
 * reports packed, so that its memory does not grow with the capture. Asking for a report file ({@code --text F}) keeps
 * every full report instead. Both ways must print exactly the same bytes and exit the same way, on every committed
 * capture, broken one and third-party one.
 */
class CompactOutputTest {

    @Test void compactAndFullAnalysesPrintTheSameBytes(@TempDir Path tmp) throws Exception {
        List<Path> files = new ArrayList<>();
        Path captures = TestData.repoRoot().resolve("releng/captures");
        for (Path dir : List.of(captures, captures.resolve("broken"), TestData.external("."))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".tsv") && !p.toString().endsWith(".md")
                        && !p.toString().endsWith(".sh") && !p.getFileName().toString().equals("SHA256SUMS")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() >= 60, "captures: " + files.size());
        Path reportFile = tmp.resolve("report.txt");
        int connections = 0;
        for (Path f : files) {
            for (boolean json : new boolean[] {true, false}) {
                String[] compact = json ? new String[] {"analyze", f.toString(), "--json"} : new String[] {"analyze", f.toString()};
                String[] full = json ? new String[] {"analyze", f.toString(), "--json", "--text", reportFile.toString()}
                        : new String[] {"analyze", f.toString(), "--text", reportFile.toString()};
                MainTest.Run c = MainTest.run(compact);
                MainTest.Run u = MainTest.run(full);
                assertEquals(u.code(), c.code(), f + " exit code");
                assertEquals(u.out(), c.out(), f + (json ? " --json" : " text"));
                assertEquals(u.err(), c.err(), f + " stderr");
                if (json) {
                    connections += c.out().split("\"verdict\"", -1).length - 1;
                }
            }
        }
        assertTrue(connections >= 50, "connections compared: " + connections);
    }
}
