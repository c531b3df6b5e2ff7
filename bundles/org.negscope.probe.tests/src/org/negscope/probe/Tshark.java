package org.negscope.probe;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs tshark on a saved probe pcapng (the independent reader the issue asks for). Missing tshark FAILS
 * the test: CI installs it.
 */
final class Tshark {
    private Tshark() {}

    record Result(List<String> command, List<List<String>> rows, String stderr) {
        @Override
        public String toString() {
            return String.join(" ", command) + "\n" + rows + "\n" + stderr;
        }
    }

    static Result fields(Path file, int smbPort, String filter, String... fields) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString(), "-d", "tcp.port==" + smbPort + ",nbss",
                "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-Y", filter, "-T", "fields",
                "-E", "separator=|"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            fail("tshark is needed to check the saved pcapng and is missing (Debian package tshark): " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("tshark did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            fail("tshark exited " + p.exitValue() + ": " + err);
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(Arrays.asList(line.split("\\|", -1)));
            }
        }
        return new Result(cmd, rows, err);
    }
}
