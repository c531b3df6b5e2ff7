package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.negscope.capture.CaptureException;
import org.negscope.capture.CaptureSummary;
import org.negscope.capture.Progress;

/**
 * Capture sets: a committed Samba capture cut into pieces by Wireshark's editcap (count-based {@code -c}, as a ring
 * rotates by size, and time-based {@code -i}, as tcpdump {@code -G} rotates by time), in mixed forms (one piece
 * rewritten as pcapng by {@code editcap -F pcapng}, one gzip-compressed), analysed with {@code --merge} semantics:
 * verdicts, fields and set-wide frame numbers must equal the unsplit file's, whatever order the pieces are given in.
 */
class CaptureSetTest {

    static Stream<String> captures() {
        return Stream.of("samba-3.0.2-strip-resp-caps.pcap", "samba-3.0.2-corrupt-validate-sig.pcap",
                "samba-3.0.2-req-dialects.client-side.pcap", "samba-3.0.2-proxy-split-segments.pcap", "samba-2.1-clean.pcap");
    }

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void aSplitMixedSetEqualsTheWholeFile(String name) throws Exception {
        Path whole = TestData.capture(name);
        Path dir = Files.createDirectory(tmp.resolve("set"));
        List<Path> parts = split(whole, dir, "-c", "5");
        assertTrue(parts.size() >= 3, "editcap made " + parts.size() + " pieces");
        // mixed formats: the second piece as pcapng, the third gzip-compressed
        Path ng = dir.resolve(parts.get(1).getFileName() + "ng");
        editcap("-F", "pcapng", parts.get(1).toString(), ng.toString());
        Files.delete(parts.get(1));
        parts.set(1, ng);
        Path gz = dir.resolve(parts.get(2).getFileName() + ".gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(parts.get(2), o);
        }
        Files.delete(parts.get(2));
        parts.set(2, gz);

        AnalysisResult one = analyze(List.of(whole));
        List<Path> reversed = new ArrayList<>(parts);
        Collections.reverse(reversed); // a ring's order comes from the packets' times, not from the order given
        for (List<Path> given : List.of(List.of(dir), reversed)) {
            AnalysisResult set = CaptureAnalyzer.analyzeSet(given, AnalysisOptions.none(), Progress.NONE, null, ReportDetail.FULL);
            CaptureReport c = set.captures().get(0);
            assertEquals("set", c.format());
            assertEquals(one.captures().get(0).frames(), c.frames(), "frames across the set");
            assertEquals(parts.size(), c.members().size());
            long next = 1;
            for (int i = 0; i < parts.size(); i++) {
                CaptureSummary.Member m = c.members().get(i);
                assertEquals(parts.get(i).toString(), m.path(), "members in time order");
                assertEquals(i == 1 ? "pcapng" : i == 2 ? "pcap.gz" : "pcap", m.format());
                assertEquals(next, m.firstFrame());
                next += m.frames();
            }
            assertEquals(List.of(), c.warnings(), "no warnings: the pieces do not overlap");
            assertEquals(facts(one), facts(set), "verdicts, fields and frame numbers as in the whole file");
            ConnectionReport r = set.connections().get(0);
            long f = r.frames().negotiateRequest();
            CaptureSummary.Member holder = c.members().stream()
                    .filter(m -> f >= m.firstFrame() && f < m.firstFrame() + m.frames()).findFirst().orElseThrow();
            String file = holder.path().substring(holder.path().lastIndexOf('/') + 1);
            assertEquals("file " + file + ", frame " + (f - holder.firstFrame() + 1), c.locate(f));
        }
    }

    @Test
    void aTimeSplitRingWithANonCaptureMemberIsOneCaptureAndAWarning() throws Exception {
        Path whole = TestData.capture("samba-3.0.2-strip-resp-caps.pcap");
        Path dir = Files.createDirectory(tmp.resolve("ring"));
        List<Path> parts = split(whole, dir, "-i", "0.05"); // a piece per 50 ms: the capture lasts 190 ms
        assertTrue(parts.size() >= 3, "editcap -i made " + parts.size() + " pieces");
        Path cab = dir.resolve("zz-report.cab");
        Files.writeString(cab, "MSCF\0\0\0\0 not a capture (a netsh trace report)", StandardCharsets.ISO_8859_1);
        AnalysisResult set = CaptureAnalyzer.analyzeSet(List.of(dir), AnalysisOptions.none(), Progress.NONE, null, ReportDetail.COMPACT);
        CaptureReport c = set.captures().get(0);
        assertEquals(parts.size(), c.members().size(), "the .cab is not a member");
        assertEquals(1, c.warnings().size(), () -> c.warnings().toString());
        assertEquals(cab.toString(), c.warnings().get(0).file());
        assertTrue(c.warnings().get(0).message().startsWith("not read as part of the capture set: not a capture file NegScope reads"),
                c.warnings().get(0).message());
        assertEquals(facts(analyze(List.of(whole))), facts(set));
    }

    /**
     * Two members taken at the same time (here: the odd and the even frames of one capture, as two interfaces' files
     * would be): their frames are merged by time and numbered in that order, so the analysis, evidence frames included,
     * equals the whole file's, and each evidence frame still names its file and its frame there.
     */
    @Test
    void overlappingMembersAreMergedByTime() throws Exception {
        Path whole = TestData.capture("samba-3.0.2-strip-resp-caps.pcap");
        byte[] b = Files.readAllBytes(whole);
        java.io.ByteArrayOutputStream odd = new java.io.ByteArrayOutputStream(), even = new java.io.ByteArrayOutputStream();
        odd.write(b, 0, 24);
        even.write(b, 0, 24);
        int n = 0;
        for (int p = 24; p + 16 <= b.length; n++) {
            int len = (b[p + 8] & 0xFF) | (b[p + 9] & 0xFF) << 8 | (b[p + 10] & 0xFF) << 16 | (b[p + 11] & 0xFF) << 24;
            (n % 2 == 0 ? odd : even).write(b, p, 16 + len);
            p += 16 + len;
        }
        Path a = Files.write(tmp.resolve("odd.pcap"), odd.toByteArray()), c = Files.write(tmp.resolve("even.pcap"), even.toByteArray());
        AnalysisResult one = analyze(List.of(whole));
        AnalysisResult set = CaptureAnalyzer.analyzeSet(List.of(c, a), AnalysisOptions.none(), Progress.NONE, null, ReportDetail.FULL);
        CaptureReport s = set.captures().get(0);
        assertEquals(n, s.frames());
        assertEquals(List.of(a.toString(), c.toString()), s.members().stream().map(CaptureSummary.Member::path).toList());
        assertEquals(List.of(1L, 2L), s.members().stream().map(CaptureSummary.Member::firstFrame).toList());
        assertEquals(2, s.warnings().stream().filter(w -> w.message().contains("overlap in time")).count(), s.warnings().toString());
        assertEquals(facts(one), facts(set), "verdicts, fields and frame numbers as in the whole file");
        for (ConnectionReport r : set.connections()) {
            for (long f : new long[] {r.frames().negotiateRequest(), r.frames().validateResponse(), r.frames().termination()}) {
                assertEquals("file " + (f % 2 == 1 ? "odd" : "even") + ".pcap, frame " + (f + 1) / 2, s.locate(f));
            }
        }
    }

    @Test
    void aSetWithoutPacketsIsUnreadable() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("nothing"));
        Files.writeString(dir.resolve("a.cab"), "MSCF not a capture");
        Files.writeString(dir.resolve("b.txt"), "hello");
        CaptureException e = assertThrows(CaptureException.class,
                () -> CaptureAnalyzer.analyzeSet(List.of(dir), AnalysisOptions.none(), Progress.NONE, null, ReportDetail.FULL));
        assertTrue(e.getMessage().contains("no file of the capture set holds packets"), e.getMessage());
        assertTrue(e.getMessage().contains("a.cab") && e.getMessage().contains("b.txt"), e.getMessage());
    }

    // ------------------------------------------------------------------------------ helpers

    /**
     * Real Message Analyzer packages as set members: alone, each is its single-file analysis (verdicts, fields and
     * frame numbers). (The two packages are not one capture: together, a connection of one would continue into the
     * other, so they are not tested as one set.)
     */
    @Test
    void messageAnalyzerPackagesAreMembers() throws Exception {
        Path ex2 = TestData.windows("matp/MS-AZOD_Example2_Win2016_X64_Win7_X64_Domain.matp");
        Path ex3 = TestData.windows("matp/MS-AZOD_Example3_Win2016_X64_Win10_X64_Domain.matp");
        AnalysisResult one2 = analyze(List.of(ex2)), one3 = analyze(List.of(ex3));
        for (Path f : List.of(ex2, ex3)) {
            AnalysisResult set = CaptureAnalyzer.analyzeSet(List.of(f), AnalysisOptions.none(), Progress.NONE, null, ReportDetail.FULL);
            CaptureReport c = set.captures().get(0);
            assertEquals("set", c.format());
            assertEquals(List.of("matp"), c.members().stream().map(CaptureSummary.Member::format).toList());
            assertTrue(!facts(f == ex2 ? one2 : one3).isEmpty(), "the package holds SMB connections");
            assertEquals(facts(f == ex2 ? one2 : one3), facts(set), "verdicts, fields and frame numbers as in the single file");
        }
    }

    private static AnalysisResult analyze(List<Path> files) throws CaptureException {
        return CaptureAnalyzer.analyze(files, AnalysisOptions.none(), Progress.NONE, null, ReportDetail.FULL);
    }

    /** What must not change: per connection the contract's fields and the evidence sentences. */
    private static List<String> facts(AnalysisResult r) {
        List<String> out = new ArrayList<>();
        for (ConnectionReport c : r.connections()) {
            out.add(String.join(" | ", c.client(), c.server(), String.valueOf(c.dialect()), String.valueOf(c.verdict()),
                    String.valueOf(c.fatal()), c.summary(), c.differences().toString(), String.valueOf(c.signature()),
                    String.valueOf(c.terminatedBy()), c.frames().toString(), c.spec(), c.evidence().toString()));
        }
        return out;
    }

    /** {@code editcap -F pcap OPTION VALUE whole dir/part.pcap}; the pieces in name order (= time order). */
    private static List<Path> split(Path whole, Path dir, String option, String value) throws Exception {
        editcap("-F", "pcap", option, value, whole.toString(), dir.resolve("part.pcap").toString());
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.sorted().toList());
        }
    }

    private static void editcap(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("editcap"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            String msg = "editcap is needed (Debian package wireshark-common, installed by ./negscope test): " + e.getMessage();
            if ("true".equals(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.abort(msg);
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            fail(cmd + " failed: " + out);
        }
    }
}
