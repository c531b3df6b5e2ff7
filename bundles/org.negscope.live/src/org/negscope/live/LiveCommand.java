package org.negscope.live;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.ConnectionReport;
import org.negscope.report.JsonReport;

/**
 * {@code negscope capture --interface IF [--filter F] --out DIR [--ring-files N] [--ring-mb M] [--stop-on-failure]
 * [--duration S] [--json]} and {@code negscope capture --list}: the CLI front of {@link LiveCapture}. The
 * {@code negscope} dispatcher (org.negscope.cli.Main) loads this class by name when the launcher has put the live
 * bundle, pcap4j and JNA on the class path (the {@code analyze} class path never has them).
 * <p>
 * Output while capturing: one line per connection whose verdict appears or changes; with {@code --json} one JSON
 * object per line instead ({@code {"event":"connection","connection":{docs/cli.md connection}}}), and at the end
 * {@code {"event":"stopped",...,"report":{docs/cli.md document}}}. Ctrl-C stops the capture cleanly (files closed,
 * final verdicts printed).
 * <p>
 * Exit codes: 0 nothing fatal seen; 1 a fatal verdict; 2 wrong arguments; 3 cannot capture (no rights, no
 * libpcap/Npcap, no such interface, bad filter, cannot write).
 */
public final class LiveCommand {
    private LiveCommand() {}

    static final String USAGE = String.join("\n",
            "usage: negscope capture --interface IF --out DIR [options]",
            "       negscope capture --list",
            "  --interface IF       interface to capture on (--list shows them; Linux: eth0, lo, any)",
            "  --filter F           BPF capture filter (default: " + LiveSettings.DEFAULT_FILTER + ")",
            "  --out DIR            directory for the pcapng ring files",
            "  --ring-files N       ring files kept at most, the oldest is deleted (default " + LiveSettings.DEFAULT_RING_FILES + ")",
            "  --ring-mb M          size of one ring file in MiB (default " + (LiveSettings.DEFAULT_RING_BYTES >> 20) + ")",
            "  --ring-kb K          size of one ring file in KiB instead (at least 4)",
            "  --stop-on-failure    stop after the first fatal verdict (a connection Windows would drop)",
            "  --duration S         stop after S seconds (default: until Ctrl-C)",
            "  --json               one JSON object per line (connection updates, then the final report)",
            "needs capture rights: root/Administrator, or setcap cap_net_raw,cap_net_admin=eip on the java binary",
            "exit: 0 nothing fatal; 1 fatal verdict; 2 bad arguments; 3 cannot capture");

    /**
     * {@code negscope capture ...} as the process's command (the {@code negscope} dispatcher, org.negscope.cli.Main,
     * calls it by name): stops the capture cleanly on Ctrl-C and ends the process with the exit code.
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("capture")) args = java.util.Arrays.copyOfRange(args, 1, args.length);
        LiveCapture[] running = new LiveCapture[1];
        CountDownLatch done = new CountDownLatch(1);
        // Ctrl-C: stop the capture and let run() finish the files and print the final verdicts.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LiveCapture c;
            synchronized (running) { c = running[0]; }
            if (c != null) {
                c.stop();
                try { done.await(5, TimeUnit.SECONDS); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            }
        }, "negscope-capture-stop"));
        int code;
        try {
            code = run(args, System.out, System.err, c -> { synchronized (running) { running[0] = c; } });
        } finally {
            done.countDown();
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code); // not exit(): the shutdown hook above waits for this very thread
    }

    /** Runs the command without a Ctrl-C handler (the {@code negscope} dispatcher's --help/--list, tests); the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, c -> { });
    }

    /** Receives the capture once it exists, so that another thread can stop it. */
    interface Started { void started(LiveCapture c); }

    /** Runs the command; returns the exit code. Never throws for user errors. */
    static int run(String[] args, PrintStream out, PrintStream err, Started started) {
        Args a;
        try {
            a = Args.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("negscope capture: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (a.help) {
            out.println(USAGE);
            return 0;
        }
        try {
            if (a.list) {
                for (LiveInterface i : LiveCapture.interfaces()) out.println(i.label());
                return 0;
            }
            LiveCapture capture = new LiveCapture(a.settings, a.json ? new JsonLines(out, err) : new TextLines(out, err));
            started.started(capture);
            LiveResult r = capture.run(null);
            if (a.json) {
                out.println(JsonLines.stopped(r));
            } else {
                TextLines.stopped(r, out);
            }
            out.flush();
            return r.analysis().anyFatal() ? 1 : 0;
        } catch (LiveException e) {
            err.println("negscope capture: " + e.getMessage());
            return 3;
        }
    }

    static final class Args {
        boolean help, list, json, stopOnFailure;
        LiveSettings settings;

        static Args parse(String[] args) {
            Args a = new Args();
            String iface = null, filter = null, out = null;
            int files = LiveSettings.DEFAULT_RING_FILES;
            long bytes = LiveSettings.DEFAULT_RING_BYTES;
            long durationMillis = 0;
            for (int i = 0; i < args.length; i++) {
                String s = args[i];
                switch (s) {
                    case "-h", "--help" -> a.help = true;
                    case "--list" -> a.list = true;
                    case "--json" -> a.json = true;
                    case "--stop-on-failure" -> a.stopOnFailure = true;
                    case "--interface", "-i" -> iface = value(args, ++i, s);
                    case "--filter", "-f" -> filter = value(args, ++i, s);
                    case "--out", "-o" -> out = value(args, ++i, s);
                    case "--ring-files" -> files = (int) number(value(args, ++i, s), s, 1, 100_000);
                    case "--ring-mb" -> bytes = number(value(args, ++i, s), s, 1, 1 << 20) << 20;
                    case "--ring-kb" -> bytes = number(value(args, ++i, s), s, 4, 1 << 30) << 10;
                    case "--duration" -> durationMillis = number(value(args, ++i, s), s, 1, 365L * 86400) * 1000;
                    default -> throw new IllegalArgumentException("unknown argument: " + s);
                }
            }
            if (a.help || a.list) return a;
            if (iface == null) throw new IllegalArgumentException("--interface is required (negscope capture --list shows them)");
            if (out == null) throw new IllegalArgumentException("--out DIR is required");
            a.settings = new LiveSettings(iface, filter, Path.of(out), files, bytes, a.stopOnFailure, durationMillis);
            return a;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
            return args[i];
        }

        private static long number(String v, String option, long min, long max) {
            long n;
            try {
                n = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a whole number, not \"" + v + "\"");
            }
            if (n < min || n > max) throw new IllegalArgumentException(option + " must be between " + min + " and " + max);
            return n;
        }
    }

    /** Human-readable lines, one per connection update. */
    static final class TextLines implements LiveListener {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
        private final PrintStream out, err;

        TextLines(PrintStream out, PrintStream err) { this.out = out; this.err = err; }

        @Override public void started(String iface, int linkType, String filter) { startedLine(err, iface, linkType, filter); }

        static void startedLine(PrintStream err, String iface, int linkType, String filter) {
            err.println("negscope capture: capturing on " + iface + " (link type " + linkType + "), filter: " + filter
                    + "; Ctrl-C stops");
            err.flush();
        }

        @Override public void fileStarted(Path file) { err.println("negscope capture: writing " + file); }

        @Override public void fileDeleted(Path file) { err.println("negscope capture: ring full, deleted " + file); }

        /** Last line printed per connection: a report re-published with the same words is not printed again. */
        private final java.util.Map<String, String> printed = new java.util.HashMap<>();

        @Override public void connectionUpdated(ConnectionReport r) {
            String words = line(r);
            if (words.equals(printed.put(r.client() + " " + r.server(), words))) return;
            out.println(LocalTime.now().format(TIME) + "  " + words);
            out.flush();
        }

        static String line(ConnectionReport r) {
            return r.client() + " -> " + r.server() + "  "
                    + (r.dialect() == null ? "-" : r.dialect()) + "  " + r.verdict() + (r.fatal() ? " (FATAL)" : "")
                    + (r.summary() == null ? "" : "  " + r.summary());
        }

        static void stopped(LiveResult r, PrintStream out) {
            out.println("capture " + r.stopReason() + ": " + r.frames() + " frames"
                    + (r.dropped() > 0 ? ", " + r.dropped() + " dropped by the kernel" : "")
                    + ", " + r.analysis().connections().size() + " SMB connection(s)");
            for (Path f : r.files()) out.println("  " + f);
            if (!r.deleted().isEmpty()) out.println("  (" + r.deleted().size() + " older ring file(s) deleted)");
        }
    }

    /** One JSON object per line. */
    static final class JsonLines implements LiveListener {
        private final PrintStream out, err;

        JsonLines(PrintStream out, PrintStream err) { this.out = out; this.err = err; }

        /** Progress goes to stderr: stdout carries JSON only. */
        @Override public void started(String iface, int linkType, String filter) {
            TextLines.startedLine(err, iface, linkType, filter);
        }

        @Override public void connectionUpdated(ConnectionReport r) {
            JsonObject o = new JsonObject();
            o.addProperty("event", "connection");
            JsonElement doc = JsonParser.parseString(JsonReport.toJson(new AnalysisResult(List.of(), List.of(r))));
            o.add("connection", doc.getAsJsonObject().getAsJsonArray("connections").get(0));
            out.println(o);
            out.flush();
        }

        static String stopped(LiveResult r) {
            JsonObject o = new JsonObject();
            o.addProperty("event", "stopped");
            o.addProperty("reason", r.stopReason());
            o.addProperty("frames", r.frames());
            o.addProperty("dropped", r.dropped());
            o.add("files", paths(r.files()));
            o.add("deleted", paths(r.deleted()));
            o.add("report", JsonParser.parseString(JsonReport.toJson(r.analysis())));
            return o.toString();
        }

        private static JsonArray paths(List<Path> ps) {
            JsonArray a = new JsonArray();
            ps.forEach(p -> a.add(p.toString()));
            return a;
        }
    }
}
