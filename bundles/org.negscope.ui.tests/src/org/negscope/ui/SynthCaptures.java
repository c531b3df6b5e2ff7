package org.negscope.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SYNTHETIC captures for scale tests, written by the benchmark generator {@code releng/bench/SynthCapture.java} (run
 * as a Java source file) with its ground truth beside it: N connections without READ data, 20 % failing VALIDATE
 * (10 % RESPONSE_MISMATCH, 5 % REQUEST_MISMATCH, 5 % SERVER_TERMINATED). Kept per JVM in a temp dir.
 */
final class SynthCaptures {
    private SynthCaptures() {}

    /** One ground-truth row: client, server, verdict, side, field, terminatedBy. */
    record Truth(String client, String server, String verdict, String side, String field, String terminatedBy) {}

    private static Path dir;

    static synchronized Path capture(int connections) throws IOException, InterruptedException {
        if (dir == null) {
            dir = Files.createTempDirectory("negscope-synth");
            dir.toFile().deleteOnExit();
        }
        Path out = dir.resolve("synth-" + connections + ".pcap");
        if (Files.exists(out)) {
            return out;
        }
        Path gen = TestData.repoRoot().resolve("releng/bench/SynthCapture.java");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), gen.toString(), "--out", out.toString(), "--connections",
                String.valueOf(connections), "--mean-read", "0", "--hard", "none").redirectErrorStream(true)
                .redirectOutput(dir.resolve("gen.log").toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("SynthCapture failed: " + Files.readString(dir.resolve("gen.log")));
        }
        out.toFile().deleteOnExit();
        Path.of(out + ".truth.tsv").toFile().deleteOnExit();
        return out;
    }

    static List<Truth> truth(Path capture) throws IOException {
        List<Truth> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(capture + ".truth.tsv"))) {
            if (line.startsWith("#") || line.startsWith("client\t")) {
                continue;
            }
            String[] f = line.split("\t");
            rows.add(new Truth(f[0], f[1], f[2], f[3], f[4], f[5]));
        }
        return rows;
    }
}
