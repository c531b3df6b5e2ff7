package org.negscope.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.negscope.analysis.AnalysisListener;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.capture.CaptureException;
import org.negscope.capture.Progress;
import org.negscope.report.JsonReport;

/**
 * {@code negscope analyze}: the headless front end of the analysis (DESIGN §8). Runs on a flat class path
 * (the {@code ./negscope} launcher) without OSGi. Exit status: 2 when an input could not be read at all or
 * the arguments are wrong (one stderr line each, naming the file and the reason), else 1 when a connection
 * is fatal, else 0.
 */
public final class Main {
    private Main() {}

    public static final int EXIT_OK = 0;
    public static final int EXIT_FATAL = 1;
    public static final int EXIT_INPUT = 2;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Everything {@link #main} does except exiting; the streams are flushed, not closed. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return analyze(args, out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int analyze(String[] args, PrintStream out, PrintStream err) {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (Arguments.UsageException e) {
            err.println("negscope: " + e.getMessage());
            return EXIT_INPUT;
        }
        if (a.help()) {
            out.println(Arguments.USAGE);
            return EXIT_OK;
        }
        AnalysisOptions options;
        try {
            options = SecretFiles.read(a);
        } catch (SecretFiles.SecretFileException e) {
            err.println("negscope: " + e.getMessage());
            return EXIT_INPUT;
        }
        List<String> unreadable = new ArrayList<>();
        AnalysisListener listener = new AnalysisListener() {
            @Override public void captureFailed(Path file, CaptureException e) {
                // CaptureException messages name the file, the offset and the reason.
                unreadable.add(e.getMessage());
            }
        };
        AnalysisResult result;
        try {
            result = CaptureAnalyzer.analyze(a.captures(), options, Progress.NONE, listener);
        } catch (CaptureException e) {
            err.println("negscope: " + e.getMessage()); // not reached: the listener above does not rethrow
            return EXIT_INPUT;
        } finally {
            options.destroy();
        }
        for (String u : unreadable) {
            err.println("negscope: " + oneLine(u));
        }
        if (a.json()) {
            out.print(JsonReport.toJson(result)); // ends with its own newline
        } else {
            TextOutput.write(result, out);
        }
        if (!unreadable.isEmpty()) {
            return EXIT_INPUT;
        }
        return result.anyFatal() ? EXIT_FATAL : EXIT_OK;
    }

    private static String oneLine(String s) {
        return s == null ? "unreadable" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
