package org.negscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupFileTest {
    @TempDir Path install;

    @Test
    void lastArgumentIsTheCapture() {
        assertEquals(Optional.of(Path.of("/data/x.pcapng")), StartupFile.fromArguments(new String[] {"/data/x.pcapng"}));
        assertEquals(Optional.of(Path.of("b.pcap").toAbsolutePath()),
                StartupFile.fromArguments(new String[] {"-showLocation", "a", "b.pcap"}).map(Path::toAbsolutePath));
    }

    @Test
    void optionsAndTheirValuesAreNotCaptures() {
        // What test harnesses and launchers append: "-testproperties FILE", "-consoleLog".
        assertEquals(Optional.empty(), StartupFile.fromArguments(new String[] {"-testproperties", "/tmp/surefire.properties"}));
        assertEquals(Optional.empty(), StartupFile.fromArguments(new String[] {"x.pcap", "-consoleLog"}));
        assertEquals(Optional.empty(), StartupFile.fromArguments(new String[0]));
        assertEquals(Optional.empty(), StartupFile.fromArguments(null));
    }

    @Test
    void bundledSampleWhenNoFileIsNamed() throws Exception {
        assertEquals(Optional.empty(), StartupFile.choose(new String[0], install), "no sample installed yet");
        Path sample = install.resolve(StartupFile.SAMPLE);
        Files.createDirectories(sample.getParent());
        Files.write(sample, new byte[] {0}); // presence is all that is checked here; the editor reads it
        assertEquals(Optional.of(sample), StartupFile.choose(new String[0], install));
        Path named = Path.of("/elsewhere/customer.pcapng");
        assertEquals(Optional.of(named), StartupFile.choose(new String[] {named.toString()}, install),
                "a named file wins over the sample");
        assertTrue(StartupFile.choose(new String[0], null).isEmpty(), "unknown install dir, no sample");
    }
}
