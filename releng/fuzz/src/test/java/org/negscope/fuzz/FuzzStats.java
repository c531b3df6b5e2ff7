package org.negscope.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the executions of one fuzz target and how its inputs ended (read, refused, warned...), so that a
 * run proves what it exercised. Written at the end of the run to {@code target/fuzz-stats/<target>.txt}
 * (system property {@code negscope.fuzz.stats}) and printed; {@code run-long.sh} sums the files.
 */
public final class FuzzStats {
    private final String target;
    private final long startNanos = System.nanoTime();
    private final AtomicLong executions = new AtomicLong();
    private final Map<String, AtomicLong> outcomes = new TreeMap<>();

    public FuzzStats(String target) { this.target = target; }

    public void execution() { executions.incrementAndGet(); }

    public void outcome(String what) {
        AtomicLong c;
        synchronized (outcomes) {
            c = outcomes.computeIfAbsent(what, k -> new AtomicLong());
        }
        c.incrementAndGet();
    }

    public long executions() { return executions.get(); }

    /** Called from {@code @AfterAll}: one line, also stored for the summary. */
    public void report() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        StringBuilder sb = new StringBuilder();
        sb.append("FUZZ-STATS target=").append(target).append(" executions=").append(executions.get())
                .append(String.format(" seconds=%.1f", seconds));
        synchronized (outcomes) {
            outcomes.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v.get()));
        }
        String line = sb.toString();
        System.out.println(line);
        String dir = System.getProperty("negscope.fuzz.stats");
        if (dir != null && !dir.isBlank()) {
            try {
                Path d = Files.createDirectories(Path.of(dir));
                Files.writeString(d.resolve(target + ".txt"), line + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.err.println("fuzz stats not written: " + e);
            }
        }
    }
}
