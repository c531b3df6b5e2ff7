package org.negscope.ui;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which captures the workbench opens at start-up: the files named on the command line (a double-click on a
 * capture in Windows Explorer or a file manager starts the launcher script with the file as its last argument;
 * "NegScope a.pcap b.pcapng" names several), else the sample shipped in the installation directory, else none.
 */
public final class StartupFile {
    /** The sample the product ships (built by releng/scripts from real Samba traffic). */
    public static final String SAMPLE = "samples/samba-3.0.2-strip-resp-caps.pcap";

    private StartupFile() {}

    /**
     * @param args       the application arguments (framework options already removed)
     * @param installDir the installation directory, or null when unknown
     */
    public static List<Path> choose(String[] args, Path installDir) {
        List<Path> named = fromArguments(args);
        if (!named.isEmpty()) {
            return named;
        }
        if (installDir != null) {
            Path sample = installDir.resolve(SAMPLE);
            if (Files.isRegularFile(sample)) {
                return List.of(sample);
            }
        }
        return List.of();
    }

    /**
     * The trailing run of arguments that are not options, minus its first one when that is the value of the
     * option before it ("-opt value"). Harnesses and launchers add options of their own (e.g. "-testproperties
     * FILE"), which must not be opened. A named file that does not exist is still returned: the editor then
     * says so.
     */
    static List<Path> fromArguments(String[] args) {
        if (args == null || args.length == 0) {
            return List.of();
        }
        int first = args.length;
        while (first > 0 && !args[first - 1].isEmpty() && !args[first - 1].startsWith("-")) {
            first--;
        }
        if (first > 0 && first < args.length) {
            first++; // args[first - 1] is an option: the next argument is its value, not a capture
        }
        List<Path> files = new ArrayList<>();
        for (int i = first; i < args.length; i++) {
            try {
                files.add(Path.of(args[i]).toAbsolutePath());
            } catch (InvalidPathException e) {
                // Not a path on this platform (e.g. NUL in it): nothing to open.
            }
        }
        return files;
    }
}
