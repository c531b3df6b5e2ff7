package org.negscope.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SYNTHETIC captures for scale tests, written by the benchmark generator {@code releng/bench/SynthCapture.java} (compiled
 * with javac, as the bench scripts do) with its ground truth beside it: N connections without READ data, 20 % failing VALIDATE
 * (10 % RESPONSE_MISMATCH, 5 % REQUEST_MISMATCH, 5 % SERVER_TERMINATED). Kept per JVM in a temp dir. Shared by the
 * analysis and workbench scale tests.
 */
public final class SynthCaptures {
    private SynthCaptures() {}

    /** One ground-truth row: client, server, verdict, side, field, terminatedBy. */
    public record Truth(String client, String server, String verdict, String side, String field, String terminatedBy) {}

    private static Path dir;

    public static synchronized Path capture(int connections) throws IOException, InterruptedException {
        if (dir == null) {
            dir = Files.createTempDirectory("negscope-synth");
            dir.toFile().deleteOnExit();
        }
        Path out = dir.resolve("synth-" + connections + ".pcap");
        if (Files.exists(out)) {
            return out;
        }
        // the generator is several source files (SynthCapture, EtlWriter): compiled as releng/bench's scripts do
        Path bench = TestInputs.repoRoot().resolve("releng/bench");
        Path classes = dir.resolve("classes");
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        List<String> javac = new ArrayList<>(List.of(bin.resolve("javac").toString(), "-nowarn", "-d", classes.toString()));
        try (var files = Files.list(bench)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> javac.add(f.toString()));
        }
        run(javac, dir);
        run(List.of(bin.resolve("java").toString(), "-cp", classes.toString(), "SynthCapture", "--out", out.toString(),
                "--connections", String.valueOf(connections), "--mean-read", "0", "--hard", "none"), dir);
        out.toFile().deleteOnExit();
        Path.of(out + ".truth.tsv").toFile().deleteOnExit();
        return out;
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("gen.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command.subList(0, 1)) + " failed: " + Files.readString(log));
        }
    }

    public static List<Truth> truth(Path capture) throws IOException {
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
