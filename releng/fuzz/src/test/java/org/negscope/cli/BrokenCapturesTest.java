package org.negscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.capture.CaptureWarning;
import org.negscope.capture.Progress;
import org.negscope.fuzz.Repo;

/**
 * The committed corpus of damaged captures (releng/captures/broken, made by releng/scripts/make-broken-captures.sh
 * from a real Samba capture) through the real command line, {@code negscope analyze FILE --json}: each file's exit
 * code, frame count, verdicts and exact messages must be those of broken/EXPECTED.tsv, whose expectations the
 * script derived from the file structure (record/block offsets, lengths, sequence numbers), not from NegScope.
 * <ul>
 * <li>exit 2: exactly one stderr line, "negscope: FILE, offset N: reason";</li>
 * <li>otherwise (0/1): nothing on stderr, the JSON's captures[0] lists exactly the expected warnings (frame,
 *     offset, message) and frame count, and each connection has the expected verdict: the rest was analysed.</li>
 * </ul>
 */
class BrokenCapturesTest {
    /** One manifest row. */
    record Case(String file, int exit, String frames, String verdicts, String expected, String what) {}

    static List<Case> manifest() throws IOException {
        Path m = Repo.broken().resolve("EXPECTED.tsv");
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(m, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            assertEquals(6, f.length, "manifest line with " + f.length + " columns: " + line);
            cases.add(new Case(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4], f[5]));
        }
        return cases;
    }

    record Run(int exit, String out, String err) {}

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(args, o, e);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @TestFactory
    Stream<DynamicTest> everyBrokenFileGivesItsExpectedOutcome() throws IOException {
        return manifest().stream().map(c -> DynamicTest.dynamicTest(c.file() + " (" + c.what() + ")", () -> check(c)));
    }

    static void check(Case c) {
        Path f = Repo.broken().resolve(c.file());
        assertTrue(Files.exists(f), "missing corpus file " + f);
        Run r = cli("analyze", f.toString(), "--json");
        assertEquals(c.exit(), r.exit(), c.file() + ": exit code; stderr: " + r.err());
        if (c.exit() == 2) {
            String expected = c.expected().replace("{file}", f.toString());
            assertEquals(expected + System.lineSeparator(), r.err(), c.file() + ": the one stderr line");
            JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
            assertEquals(0, j.getAsJsonArray("captures").size(), "an unreadable file is not reported as read");
            assertEquals(0, j.getAsJsonArray("connections").size());
            return;
        }
        assertEquals("", r.err(), c.file() + ": a readable file puts nothing on stderr");
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        JsonArray caps = j.getAsJsonArray("captures");
        assertEquals(1, caps.size());
        JsonObject cap = caps.get(0).getAsJsonObject();
        assertEquals(f.toString(), cap.get("path").getAsString());
        assertEquals(Long.parseLong(c.frames()), cap.get("frames").getAsLong(), c.file() + ": frames read");
        List<String> warnings = new ArrayList<>();
        for (JsonElement e : cap.getAsJsonArray("warnings")) {
            JsonObject w = e.getAsJsonObject();
            // the JSON has "frame": null for a warning outside any frame (a file or block header)
            long frame = w.get("frame").isJsonNull() ? 0 : w.get("frame").getAsLong(), offset = w.get("offset").getAsLong();
            warnings.add(format(frame, offset, w.get("message").getAsString()));
        }
        List<String> expected = c.expected().equals("-") ? List.of() : List.of(c.expected().split(" \\|\\| "));
        assertEquals(expected, warnings, c.file() + ": warnings");
        List<String> verdicts = new ArrayList<>();
        for (JsonElement e : j.getAsJsonArray("connections")) verdicts.add(e.getAsJsonObject().get("verdict").getAsString());
        assertEquals(c.verdicts(), verdicts.isEmpty() ? "-" : String.join(",", verdicts), c.file() + ": verdicts");
    }

    /** As make-broken-captures writes them; SMB-level warnings carry no file offset (-1) and print none. */
    static String format(long frame, long offset, String message) {
        String where = (frame > 0 ? "frame " + frame : "") + (offset >= 0 ? (frame > 0 ? ", " : "") + "offset " + offset : "");
        return where + ": " + message;
    }

    /**
     * Regression test for F2 (analysis): SMB-level warnings reached the JSON with "offset": -1. Now they name the
     * byte offset of the frame's record, like the reader's own warnings.
     */
    @Test
    void smbLevelWarningsNameTheFrameAndItsFileOffset() throws Exception {
        Path f = Repo.broken().resolve("flipped-smb2-protocol-id.pcap");
        AnalysisResult r = CaptureAnalyzer.analyze(List.of(f), AnalysisOptions.none(), Progress.NONE, null);
        List<CaptureWarning> w = r.captures().get(0).warnings();
        assertFalse(w.isEmpty());
        for (CaptureWarning x : w) {
            assertTrue(x.frame() > 0 && x.offset() >= 24, "warning without frame or file offset: " + x);
        }
    }

    /** The manifest and the directory agree: no untested file, no expectation without its file. */
    @Test
    void manifestCoversTheCorpusExactly() throws IOException {
        Set<String> listed = manifest().stream().map(Case::file).collect(Collectors.toCollection(TreeSet::new));
        Set<String> present;
        try (Stream<Path> s = Files.list(Repo.broken())) {
            present = s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("EXPECTED.tsv") && !n.equals("README.md"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(listed, present);
        assertTrue(listed.size() >= 20, "corpus of " + listed.size() + " files");
    }

    /** Several inputs at once: every unreadable one is named on its own line, the readable ones are still analysed. */
    @Test
    void unreadableAndReadableTogether() {
        Path empty = Repo.broken().resolve("empty.pcap"), dir = Repo.broken().resolve("a-directory.pcap");
        Path good = Repo.broken().resolve("cut-after-validate-response.pcap");
        Run r = cli("analyze", empty.toString(), good.toString(), dir.toString(), "--json");
        assertEquals(2, r.exit());
        String[] lines = r.err().split("\\R");
        assertEquals(2, lines.length, r.err());
        assertTrue(lines[0].startsWith("negscope: " + empty + ", offset 0: "), lines[0]);
        assertTrue(lines[1].startsWith("negscope: " + dir + ", offset 0: "), lines[1]);
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(1, j.getAsJsonArray("captures").size(), "the readable capture is still analysed");
        assertEquals(good.toString(), j.getAsJsonArray("captures").get(0).getAsJsonObject().get("path").getAsString());
        assertFalse(j.getAsJsonArray("connections").isEmpty());
    }
}
