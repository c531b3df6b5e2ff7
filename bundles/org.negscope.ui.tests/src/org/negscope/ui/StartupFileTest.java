package org.negscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupFileTest {
    @TempDir Path install;

    @Test
    void trailingArgumentsAreTheCaptures() {
        assertEquals(List.of(Path.of("/data/x.pcapng")), StartupFile.fromArguments(new String[] {"/data/x.pcapng"}));
        assertEquals(List.of(Path.of("b.pcap").toAbsolutePath()),
                StartupFile.fromArguments(new String[] {"-showLocation", "a", "b.pcap"}));
        // A multi-selection double-clicked in Explorer, or "NegScope a.pcap b.pcapng": every one, in order.
        assertEquals(List.of(Path.of("/d/a.pcap"), Path.of("/d/b.pcapng"), Path.of("/d/c.cap")),
                StartupFile.fromArguments(new String[] {"/d/a.pcap", "/d/b.pcapng", "/d/c.cap"}));
        assertEquals(List.of(Path.of("/d/b.pcap"), Path.of("/d/c.pcap")),
                StartupFile.fromArguments(new String[] {"-name", "NegScope", "/d/b.pcap", "/d/c.pcap"}));
    }

    @Test
    void optionsAndTheirValuesAreNotCaptures() {
        // What test harnesses and launchers append: "-testproperties FILE", "-consoleLog".
        assertEquals(List.of(), StartupFile.fromArguments(new String[] {"-testproperties", "/tmp/surefire.properties"}));
        assertEquals(List.of(), StartupFile.fromArguments(new String[] {"x.pcap", "-consoleLog"}));
        assertEquals(List.of(), StartupFile.fromArguments(new String[] {"-data", "", "-consoleLog"}));
        assertEquals(List.of(), StartupFile.fromArguments(new String[0]));
        assertEquals(List.of(), StartupFile.fromArguments(null));
        assertEquals(List.of(), StartupFile.fromArguments(new String[] {"bad\0name.pcap"}), "not a path: nothing, no crash");
    }

    @Test
    void bundledSampleWhenNoFileIsNamed() throws Exception {
        assertEquals(List.of(), StartupFile.choose(new String[0], install), "no sample installed yet");
        Path sample = install.resolve(StartupFile.SAMPLE);
        Files.createDirectories(sample.getParent());
        Files.write(sample, new byte[] {0}); // presence is all that is checked here; the editor reads it
        assertEquals(List.of(sample), StartupFile.choose(new String[0], install));
        Path named = Path.of("/elsewhere/customer.pcapng");
        assertEquals(List.of(named), StartupFile.choose(new String[] {named.toString()}, install),
                "a named file wins over the sample");
        assertTrue(StartupFile.choose(new String[0], null).isEmpty(), "unknown install dir, no sample");
    }
}
