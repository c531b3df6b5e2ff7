package org.negscope.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.negscope.probe.ProbeCommand;

/**
 * The {@code negscope} command's subcommands other than {@code analyze}/{@code compare} (which {@link Main} runs
 * itself): {@code probe} (the probe bundle) and {@code capture}. Live capture is its own bundle, with pcap4j and
 * JNA, and the CLI bundle must not depend on it (saved-file analysis never loads JNA or libpcap): its command is
 * loaded by name, and when its jars are not on the class path the user is told so.
 */
final class Commands {
    private Commands() {}

    /** The live bundle's command class, loaded by name. */
    static final String LIVE_COMMAND = "org.negscope.live.LiveCommand";

    /** Exit code of a capture that cannot start (the live command's own code for "cannot capture"). */
    static final int EXIT_CANNOT_CAPTURE = 3;

    static final String USAGE = String.join("\n",
            "usage: negscope analyze CAPTURE... [options]                 one verdict per SMB2 connection of saved captures",
            "       negscope compare CLIENT-SIDE SERVER-SIDE [options]    what the path changed between two captures",
            "       negscope probe HOST[:PORT] [options]                  negotiate and validate against a live server",
            "       negscope capture --interface IF --out DIR [options]   live capture, verdicts as they appear",
            "       negscope capture --list                               the interfaces that can be captured on",
            "negscope COMMAND --help shows the options of that command; the JSON contract and exit codes: docs/cli.md");

    static boolean isHelp(String a) {
        return a.equals("--help") || a.equals("-h") || a.equals("help");
    }

    static String[] rest(String[] args) {
        return Arrays.copyOfRange(args, 1, args.length);
    }

    static int probe(String[] args, PrintStream out, PrintStream err) {
        return ProbeCommand.run(rest(args), out, err);
    }

    /**
     * {@code capture} inside a run that returns its exit code (tests, and {@code --help}/{@code --list}); a real
     * capture from the command line goes through {@link #captureMain}, which stops cleanly on Ctrl-C.
     */
    static int capture(String[] args, PrintStream out, PrintStream err) {
        Method run = liveMethod("run", String[].class, PrintStream.class, PrintStream.class, err);
        if (run == null) {
            return EXIT_CANNOT_CAPTURE;
        }
        try {
            return (Integer) run.invoke(null, rest(args), out, err);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code capture} as the process's command: the live command's own main, which stops the capture on Ctrl-C
     * and ends the process itself. Returns only when the live bundle is missing (its exit code).
     */
    static int captureMain(String[] args, PrintStream err) {
        Method main = liveMethod("main", String[].class, null, null, err);
        if (main == null) {
            return EXIT_CANNOT_CAPTURE;
        }
        try {
            main.invoke(null, (Object) rest(args));
            return Main.EXIT_OK; // not reached: the live command ends the process
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The live command's public static method, or null (and one stderr line) when the live bundle is not there. */
    private static Method liveMethod(String name, Class<?> a, Class<?> b, Class<?> c, PrintStream err) {
        try {
            Class<?> live = Class.forName(LIVE_COMMAND, true, Commands.class.getClassLoader());
            return b == null ? live.getMethod(name, a) : live.getMethod(name, a, b, c);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            err.println("negscope capture: live capture is not installed with this command (the org.negscope.live bundle,"
                    + " pcap4j and JNA are not on its class path); run it as ./negscope capture from the NegScope checkout"
                    + " or product");
            return null;
        }
    }
}
