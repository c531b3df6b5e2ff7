package org.negscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.negscope.cli.MainTest.Run;

/** The one {@code negscope} command: its dispatcher and the help of each subcommand. */
class DispatcherTest {

    @Test void helpNamesEveryCommand() {
        for (String h : new String[] {"--help", "-h", "help"}) {
            Run r = MainTest.run(h);
            assertEquals(0, r.code(), r.err());
            for (String c : new String[] {"negscope analyze CAPTURE...", "negscope compare CLIENT-SIDE SERVER-SIDE",
                    "negscope probe HOST[:PORT]", "negscope capture --interface IF --out DIR", "negscope capture --list"}) {
                assertTrue(r.out().contains(c), h + " lacks " + c + ":\n" + r.out());
            }
            assertEquals("", r.err());
        }
    }

    @Test void eachSubcommandHasItsOwnHelp() {
        Run analyze = MainTest.run("analyze", "--help");
        assertEquals(0, analyze.code());
        assertTrue(analyze.out().contains("--password-file F"), analyze.out());
        Run compare = MainTest.run("compare", "-h");
        assertEquals(0, compare.code());
        assertTrue(compare.out().contains("negscope compare CLIENT-SIDE SERVER-SIDE"), compare.out());
        Run probe = MainTest.run("probe", "--help");
        assertEquals(0, probe.code(), probe.err());
        assertTrue(probe.out().startsWith("usage: negscope probe HOST[:PORT]"), probe.out());
        assertTrue(probe.out().contains("--variations"), probe.out());
        assertFalse(probe.out().contains("--html"), "the probe's help, not analyze's: " + probe.out());
    }

    @Test void probeArgumentsAreTheProbesOwn() {
        // dispatched with the word "probe" removed: its parser sees HOST first and names its own errors
        Run r = MainTest.run("probe", "127.0.0.1:1", "--user", "u");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("negscope probe: --password-file or --nt-hash-file is required with --user"), r.err());
        assertEquals("", r.out());
    }

    @Test void captureWithoutTheLiveBundleSaysWhatIsMissing() {
        // The CLI bundle does not depend on the live bundle (JNA, pcap4j): its class path here does not reach it.
        Run r = MainTest.run("capture", "--list");
        assertEquals(Commands.EXIT_CANNOT_CAPTURE, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("negscope capture: live capture is not installed with this command"), r.err());
        assertEquals("", r.out());
    }

    @Test void unknownCommandListsTheCommands() {
        Run r = MainTest.run("analyse", "x.pcap");
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("unknown command 'analyse'; the commands are analyze, compare, probe and capture"), r.err());
    }
}
