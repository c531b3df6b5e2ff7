package org.negscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code negscope analyze --merge}: the JSON additions of a capture set (format "set", members with set-wide first
 * frames), the text output naming each evidence frame's file, and the exit codes. The pieces are byte ranges of a
 * committed capture cut at record boundaries by this test (pcap: a copy of the 24-byte file header, then whole records).
 */
class MergeTest {

    /** The committed capture cut into pcap files of {@code per} records each; returns the pieces in order. */
    static List<Path> cut(Path whole, Path dir, int per) throws IOException {
        byte[] b = Files.readAllBytes(whole);
        java.util.ArrayList<Path> out = new java.util.ArrayList<>();
        int p = 24, n = 0;
        java.io.ByteArrayOutputStream piece = null;
        while (p + 16 <= b.length) {
            int len = (b[p + 8] & 0xFF) | (b[p + 9] & 0xFF) << 8 | (b[p + 10] & 0xFF) << 16 | (b[p + 11] & 0xFF) << 24;
            if (n % per == 0) {
                if (piece != null) {
                    out.add(Files.write(dir.resolve(String.format("ring%03d.pcap", out.size())), piece.toByteArray()));
                }
                piece = new java.io.ByteArrayOutputStream();
                piece.write(b, 0, 24);
            }
            piece.write(b, p, 16 + len);
            p += 16 + len;
            n++;
        }
        out.add(Files.write(dir.resolve(String.format("ring%03d.pcap", out.size())), piece.toByteArray()));
        return out;
    }

    @Test void aMergedSetHasMembersAndTheWholeFilesVerdicts(@TempDir Path dir) throws IOException {
        Path whole = TestData.repoRoot().resolve("releng/captures/samba-3.0.2-strip-resp-caps.pcap");
        List<Path> parts = cut(whole, dir, 8);
        MainTest.Run one = MainTest.run("analyze", "--json", whole.toString());
        MainTest.Run set = MainTest.run("analyze", "--merge", "--json", dir.toString());
        assertEquals(one.code(), set.code(), set.err());
        assertEquals(1, set.code(), "the capture's RESPONSE_MISMATCH is fatal");
        String j = set.out();
        assertTrue(j.contains("\"format\": \"set\""), j);
        assertTrue(j.contains("\"members\": ["), j);
        assertEquals(parts.size(), j.split("\"firstFrame\":", -1).length - 1, j);
        assertTrue(j.contains("\"firstFrame\": 9"), j);
        assertTrue(j.contains("\"path\": \"" + parts.get(1) + "\""), j);
        String connections = one.out().substring(one.out().indexOf("\"connections\""));
        assertEquals(connections, j.substring(j.indexOf("\"connections\"")), "connections as in the unsplit file");

        MainTest.Run text = MainTest.run("analyze", "--merge", parts.get(2).toString(), parts.get(0).toString(), parts.get(1).toString());
        assertTrue(text.out().contains("frame 16 (file ring001.pcap, frame 8)"), text.out());
        assertTrue(text.out().contains("file " + parts.get(0) + " (pcap, frames 1-8)"), text.out());
    }

    @Test void aSetWithoutPacketsExitsTwoAndMergeGoesWithAnalyzeOnly(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("trace.cab"), "MSCF");
        MainTest.Run r = MainTest.run("analyze", "--merge", dir.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("no file of the capture set holds packets") || r.err().contains("trace.cab"), r.err());
        MainTest.Run c = MainTest.run("compare", "--merge", "a.pcap", "b.pcap");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("--merge goes with analyze"), c.err());
    }
}
