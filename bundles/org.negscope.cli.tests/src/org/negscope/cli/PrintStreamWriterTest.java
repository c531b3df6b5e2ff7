package org.negscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The JSON path writes UTF-8 bytes itself: a character outside the BMP split across two chunks must survive. */
class PrintStreamWriterTest {

    @Test void surrogatePairsSplitAcrossChunksAreEncodedWhole() {
        String text = "user \uD83D\uDE00 caf\u00e9 \u2014 end"; // an emoji (two chars), Latin-1 and a BMP dash
        for (int cut = 0; cut <= text.length(); cut++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Main.PrintStreamWriter w = new Main.PrintStreamWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            char[] c = text.toCharArray();
            w.write(c, 0, cut);
            w.write(c, cut, c.length - cut);
            w.flush();
            assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), bytes.toByteArray(), "cut at " + cut);
        }
    }
}
