package org.negscope.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which capture the workbench opens at start-up: the file named on the command line (the launcher script
 * passes it as the last argument), else the sample shipped in the installation directory, else none.
 */
public final class StartupFile {
    /** The sample the product ships (built by releng/scripts from real Samba traffic). */
    public static final String SAMPLE = "samples/samba-3.0.2-strip-resp-caps.pcap";

    private StartupFile() {}

    /**
     * @param args       the application arguments (framework options already removed)
     * @param installDir the installation directory, or null when unknown
     */
    public static Optional<Path> choose(String[] args, Path installDir) {
        Optional<Path> named = fromArguments(args);
        if (named.isPresent()) {
            return named;
        }
        if (installDir != null) {
            Path sample = installDir.resolve(SAMPLE);
            if (Files.isRegularFile(sample)) {
                return Optional.of(sample);
            }
        }
        return Optional.empty();
    }

    /**
     * The last argument when it is not an option and not the value of one ("-opt value"). Harnesses and
     * launchers add options of their own (e.g. "-testproperties FILE"), which must not be opened.
     * A named file that does not exist is still returned: the editor then says so.
     */
    static Optional<Path> fromArguments(String[] args) {
        if (args == null || args.length == 0) {
            return Optional.empty();
        }
        String last = args[args.length - 1];
        if (last.isEmpty() || last.startsWith("-")) {
            return Optional.empty();
        }
        if (args.length >= 2 && args[args.length - 2].startsWith("-")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(last).toAbsolutePath());
    }
}
