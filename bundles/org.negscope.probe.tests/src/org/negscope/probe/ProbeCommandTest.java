package org.negscope.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.smb2.Dialect;

/** Command-line parsing and the secrets rules of {@code negscope probe} (no server needed). */
class ProbeCommandTest {
    @TempDir
    Path tmp;

    private record Run(int rc, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ProbeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpExitsZero() {
        Run r = run("--help");
        assertEquals(0, r.rc());
        assertTrue(r.out().contains("--password-file"));
    }

    @Test
    void badArgumentsExitTwoWithOneClearLine() {
        assertEquals(2, run().rc());
        assertTrue(run().err().contains("missing HOST[:PORT]"));
        assertTrue(run("h", "--bogus").err().contains("unknown option --bogus"));
        assertTrue(run("h", "--user", "u").err().contains("--password-file or --nt-hash-file is required"));
        assertTrue(run("h", "--guest", "--anonymous").err().contains("exclude each other"));
        assertTrue(run("h:99999", "--guest").err().contains("not in 1..65535"));
        assertTrue(run("h", "--guest", "--dialects", "3.0,4.0").err().contains("unknown dialect '4.0'"));
        assertTrue(run("h", "--guest", "--timeout", "-1").err().contains("--timeout"));
        assertTrue(run("h", "--guest", "--no-validate", "--variations").err().contains("--no-validate excludes --variations"));
    }

    @Test
    void passwordOnTheCommandLineIsRefused() {
        Run r = run("h", "--user", "u", "--password", "hunter2");
        assertEquals(2, r.rc());
        assertTrue(r.err().contains("use --password-file"), r.err());
        assertFalse(r.err().contains("hunter2") || r.out().contains("hunter2"));
    }

    @Test
    void unreadablePasswordFileExitsTwoWithoutLeakingAnything() {
        Run r = run("h", "--user", "u", "--password-file", tmp.resolve("missing").toString());
        assertEquals(2, r.rc());
        assertTrue(r.err().contains("the password file does not exist"), r.err());
    }

    @Test
    void hostPortForms() {
        ProbeCommand.Args a = ProbeCommand.Args.parse(new String[] {"server.example:4450", "--guest"});
        assertEquals("server.example", a.host);
        assertEquals(4450, a.port);
        a = ProbeCommand.Args.parse(new String[] {"[::1]:446", "--guest"});
        assertEquals("::1", a.host);
        assertEquals(446, a.port);
        a = ProbeCommand.Args.parse(new String[] {"fe80::1", "--guest"});
        assertEquals("fe80::1", a.host);
        assertEquals(445, a.port);
    }

    @Test
    void dialectNamesAndHex() {
        assertArrayEquals(new int[] {Dialect.SMB_3_0_2, Dialect.SMB_3_0, Dialect.SMB_2_1, 0x0222},
                ProbeCommand.Args.dialects("3.0.2, 3.0,2.1,0x0222"));
    }

    @Test
    void emptyPasswordFileIsRefusedLikeTheCli() throws IOException {
        // the probe reads secret files with the CLI's reader (org.negscope.crypto.SecretFile): an empty file is refused
        Path f = tmp.resolve("empty");
        Files.write(f, new byte[0]);
        Run r = run("h", "--user", "u", "--password-file", f.toString());
        assertEquals(2, r.rc());
        assertTrue(r.err().contains(f + ": the password file is empty"), r.err());
    }

    @Test
    void refusedConnectionExitsThree() throws IOException {
        int port = TestData.freePort();
        Run r = run("127.0.0.1:" + port, "--guest", "--connect-timeout", "2");
        assertEquals(3, r.rc());
        assertTrue(r.out().contains("CONNECTION_REFUSED"), r.out());
    }

    @Test
    void optionsNeverPrintTheirSecrets() {
        ProbeOptions o = ProbeOptions.builder("h").user("u").password("Sekr1t!".toCharArray()).build();
        assertFalse(o.toString().contains("Sekr1t!"));
        assertTrue(o.toString().contains("password"));
        assertTrue(o.hasCredentials());
        char[] copy = o.password();
        assertArrayEquals("Sekr1t!".toCharArray(), copy);
        o.clearSecrets();
        assertArrayEquals(new char[7], o.password(), "clearSecrets overwrites the held password");
    }
}
