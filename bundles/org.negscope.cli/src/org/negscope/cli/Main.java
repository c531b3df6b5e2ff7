package org.negscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.negscope.analysis.AnalysisListener;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ReportDetail;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.TwoPointMatcher;
import org.negscope.analysis.TwoPointResult;
import org.negscope.capture.CaptureException;
import org.negscope.capture.Progress;
import org.negscope.remedy.Remedy;
import org.negscope.remedy.RemedyAdvisor;
import org.negscope.report.HtmlReport;
import org.negscope.report.JsonReport;
import org.negscope.report.TextReport;

/**
 * The {@code negscope} command (docs/cli.md): {@code analyze} and {@code compare}, the headless front end of the
 * analysis, run here; {@code probe} and {@code capture} are dispatched to their bundles ({@link Commands}). Runs on a
 * flat class path (the {@code ./negscope} launcher) without OSGi. Exit status of analyze/compare: 2 when an input
 * could not be read at all, a report file could not be written or the arguments are wrong (one stderr line
 * each, naming the file and the reason), else 1 when a connection is fatal (compare: or the path changed a field),
 * else 0.
 */
public final class Main {
    private Main() {}

    public static final int EXIT_OK = 0;
    public static final int EXIT_FATAL = 1;
    public static final int EXIT_INPUT = 2;

    /** The one entry point of the {@code negscope} command: analyze, compare, probe, capture. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("capture") && !(args.length > 1 && Commands.isHelp(args[1]))) {
            System.exit(Commands.captureMain(args, System.err)); // returns only when live capture is not installed
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Everything {@link #main} does except exiting; the streams are flushed, not closed. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            String command = args.length == 0 ? "" : args[0];
            if (args.length == 1 && Commands.isHelp(command)) {
                out.println(Commands.USAGE);
                return EXIT_OK;
            }
            return switch (command) {
                case "probe" -> Commands.probe(args, out, err);
                case "capture" -> Commands.capture(args, out, err);
                default -> dispatch(args, out, err); // analyze, compare, and the usage errors
            };
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int dispatch(String[] args, PrintStream out, PrintStream err) {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (Arguments.UsageException e) {
            err.println("negscope: " + oneLine(e.getMessage()));
            return EXIT_INPUT;
        }
        if (a.help()) {
            out.println(Arguments.USAGE);
            return EXIT_OK;
        }
        AnalysisOptions options;
        try {
            options = SecretFiles.read(a);
        } catch (org.negscope.crypto.SecretFile.SecretFileException e) {
            err.println("negscope: " + oneLine(e.getMessage()));
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
            // What plain `analyze` prints needs no decoded messages and no timeline: reports are then made as connections
            // end and kept packed, so memory does not grow with the capture (releng/bench/README.md).
            boolean compact = a.command() == Arguments.Command.ANALYZE && !a.timeline() && a.html() == null && a.text() == null;
            ReportDetail detail = compact ? ReportDetail.COMPACT : ReportDetail.FULL;
            result = a.merge() ? CaptureAnalyzer.analyzeSet(a.captures(), options, Progress.NONE, listener, detail)
                    : CaptureAnalyzer.analyze(a.captures(), options, Progress.NONE, listener, detail);
        } catch (CaptureException e) {
            err.println("negscope: " + e.getMessage()); // not reached: the listener above does not rethrow
            return EXIT_INPUT;
        } finally {
            options.destroy();
        }
        for (String u : unreadable) {
            err.println("negscope: " + oneLine(u));
        }
        // Advice follows the OS the capture names (NTLMSSP Version); reports never see the credentials.
        Function<ConnectionReport, Remedy> remedies = RemedyAdvisor::advise;
        if (a.command() == Arguments.Command.COMPARE) {
            return compare(a, result, !unreadable.isEmpty(), remedies, out, err);
        }
        if (a.json()) {
            try {
                // streamed, not built as one String first: with thousands of connections that String and its
                // growing copies were the largest allocations of the run (memory must not grow with the file)
                JsonReport.write(result, new java.io.BufferedWriter(new PrintStreamWriter(out), 1 << 16), a.timeline());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // not thrown: a PrintStream records errors instead
            }
        } else {
            TextOutput.write(result, a.timeline(), out);
        }
        boolean written = write(a.html(), "HTML report", () -> HtmlReport.render(result, remedies), err)
                & write(a.text(), "text report", () -> TextReport.render(result, remedies, true, true), err);
        if (!unreadable.isEmpty() || !written) {
            return EXIT_INPUT;
        }
        return result.anyFatal() ? EXIT_FATAL : EXIT_OK;
    }

    private static int compare(Arguments a, AnalysisResult result, boolean unreadable, Function<ConnectionReport, Remedy> remedies,
                               PrintStream out, PrintStream err) {
        if (unreadable) {
            return EXIT_INPUT; // without both sides there is nothing to compare; the reason is on stderr already
        }
        List<ConnectionReport> clientSide = result.connections().stream().filter(c -> c.capture() == 0).toList();
        List<ConnectionReport> serverSide = result.connections().stream().filter(c -> c.capture() == 1).toList();
        TwoPointResult pairs = TwoPointMatcher.match(clientSide, serverSide);
        if (a.json()) {
            out.print(JsonReport.toJson(pairs, result));
        } else {
            TextOutput.writeCompare(pairs, result, a.timeline(), out);
        }
        boolean written = write(a.html(), "HTML report", () -> HtmlReport.renderCompare(pairs, result, remedies), err)
                & write(a.text(), "text report", () -> TextReport.renderCompare(pairs, result, remedies, true, true), err);
        if (!written) {
            return EXIT_INPUT;
        }
        return pairs.anyChange() || result.anyFatal() ? EXIT_FATAL : EXIT_OK;
    }

    /** A Writer onto a PrintStream, in the stream's own charset (what {@code out.print(String)} would use). */
    /**
     * JSON text as UTF-8 bytes (RFC 8259) straight into the stream's byte path: PrintStream's own character path
     * (a String per call, a lock, a second buffer and encoder) was most of the time spent writing the JSON.
     */
    static final class PrintStreamWriter extends java.io.Writer {
        private final PrintStream out;
        /** A high surrogate that ended the previous chunk: it is encoded with the low one that starts the next. */
        private char pendingHigh;
        PrintStreamWriter(PrintStream out) { this.out = out; }
        @Override public void write(char[] c, int off, int len) {
            if (len == 0) {
                return;
            }
            String s = new String(c, off, len);
            if (pendingHigh != 0) {
                s = pendingHigh + s;
                pendingHigh = 0;
            }
            if (Character.isHighSurrogate(s.charAt(s.length() - 1))) {
                pendingHigh = s.charAt(s.length() - 1);
                s = s.substring(0, s.length() - 1);
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        @Override public void flush() {
            if (pendingHigh != 0) { // a lone high surrogate at the very end: as the encoder would write it
                byte[] b = String.valueOf(pendingHigh).getBytes(StandardCharsets.UTF_8);
                pendingHigh = 0;
                out.write(b, 0, b.length);
            }
            out.flush();
        }
        @Override public void close() { flush(); }
    }

    /** Writes a report file if one was asked for; false (and one stderr line) when it cannot be written. */
    private static boolean write(Path file, String what, java.util.function.Supplier<String> content, PrintStream err) {
        if (file == null) {
            return true;
        }
        try {
            Files.writeString(file, content.get(), StandardCharsets.UTF_8);
            return true;
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "its directory does not exist"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName();
            err.println("negscope: " + file + ": cannot write the " + what + " (" + oneLine(why) + ")");
            return false;
        }
    }

    /** One stderr line: no line breaks, and no control characters (a file name can carry terminal escapes). */
    private static String oneLine(String s) {
        return s == null ? "unreadable" : TextOutput.safe(s.replace('\n', ' ').replace('\r', ' '));
    }
}
