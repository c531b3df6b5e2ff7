package org.negscope.probe;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.negscope.crypto.SecretFile;
import org.negscope.smb2.Dialect;

/**
 * {@code negscope probe HOST[:PORT] --user U --domain D --password-file F [--dialects 3.0.2,3.0] [--json]
 * [--save F.pcapng] [--variations]} — the CLI front of {@link Probe}; the {@code negscope} dispatcher
 * (org.negscope.cli.Main) runs it for "probe".
 * <p>
 * Exit codes: 0 the exchange was judged and nothing fatal was found; 1 a fatal verdict (a Windows client
 * would drop the connection); 2 wrong arguments or an unreadable password/hash file; 3 the probe could not
 * reach a verdict (refused, reset, timeout, not SMB2, authentication failure, ...). Passwords are read from
 * a file only, never from the command line, and never printed.
 */
public final class ProbeCommand {
    private ProbeCommand() {}

    static final String USAGE = String.join("\n",
            "usage: negscope probe HOST[:PORT] [options]",
            "  --user U                 account name (NTLMv2)",
            "  --domain D               its domain or workgroup",
            "  --password-file F        file whose first line is the password",
            "  --nt-hash-file F         file with the 32 hex digits of the NT hash (instead of a password)",
            "  --guest | --anonymous    guest or null session (cannot sign: shows why VALIDATE is then skipped)",
            "  --dialects LIST          e.g. 3.0.2,3.0 (default 2.0.2,2.1,3.0,3.0.2); 3.1.1 adds negotiate contexts",
            "  --security-mode N        NEGOTIATE SecurityMode: 1 = signing enabled (default), 2 or 3 = required",
            "  --capabilities N         NEGOTIATE Capabilities, e.g. 0x7f (default 0x0000007f)",
            "  --share NAME             share for TREE_CONNECT (default IPC$)",
            "  --timeout S              per-step timeout in seconds (default 10)",
            "  --connect-timeout S      TCP connect timeout in seconds (default 5)",
            "  --deadline S             whole-run limit in seconds (default 60; per run with --variations)",
            "  --validate-on-311        send VALIDATE on 3.1.1 too (the server must then drop the connection)",
            "  --no-validate            do not send VALIDATE (a Windows client with RequireSecureNegotiate=0): NOT_SENT",
            "  --reset-on-failure       after a failed validation abort with RST like Windows (default: FIN like Samba)",
            "  --variations             repeat with variations to locate a middlebox that rewrites the NEGOTIATE",
            "  --save F.pcapng          save the exchange as pcapng (Wireshark: -d tcp.port==PORT,nbss off 445)",
            "  --hex                    dump the NEGOTIATE and VALIDATE messages in hex",
            "  --json                   one JSON object on stdout (docs/cli.md connections + probe details)",
            "exit: 0 judged, nothing fatal; 1 fatal verdict; 2 bad arguments; 3 no verdict (connection/auth failure)");

    /** Runs the command; returns the exit code. Never throws for user errors. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Args a;
        try {
            a = Args.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("negscope probe: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (a.help) {
            out.println(USAGE);
            return 0;
        }
        ProbeOptions options;
        try {
            options = a.toOptions();
        } catch (IllegalArgumentException | IOException e) {
            err.println("negscope probe: " + e.getMessage());
            return 2;
        }
        try {
            ProbeResult result;
            ProbeVariations.Report report = null;
            if (a.variations) {
                report = ProbeVariations.run(options, null, o -> {
                    if (!a.json) {
                        err.println("  variation " + (o.passed() ? "PASS " : "fail ") + o.variant().label());
                    }
                });
                result = report.baseline();
            } else {
                result = Probe.run(options, null);
            }
            String saved = null;
            if (a.save != null) {
                try {
                    PcapngWriter.write(result.transcript(), a.save);
                    saved = a.save.toString();
                } catch (IOException e) {
                    err.println("negscope probe: cannot save " + a.save + ": " + e.getMessage());
                }
            }
            if (a.json) {
                out.println(ProbeJson.of(result, saved, report));
            } else {
                ProbeText.print(result, out, a.hex);
                if (report != null) {
                    ProbeText.print(report, out);
                }
                if (saved != null) {
                    out.println("Saved:      " + saved + " (" + PcapngWriter.frameCount(result.transcript())
                            + " frames; tshark -r " + saved
                            + (options.port() == 445 ? "" : " -d tcp.port==" + options.port() + ",nbss") + ")");
                }
            }
            if (result.failure() != null && (result.verdict() == org.negscope.analysis.Verdict.INCOMPLETE)) {
                return 3;
            }
            return result.fatal() ? 1 : 0;
        } finally {
            options.clearSecrets();
        }
    }

    /** Parsed command line (no secrets: only file names). */
    static final class Args {
        String host;
        int port = 445;
        String user = "";
        String domain = "";
        Path passwordFile;
        Path ntHashFile;
        boolean guest;
        boolean anonymous;
        int[] dialects;
        Integer securityMode;
        Integer capabilities;
        String share;
        long timeoutMillis = -1;
        long connectTimeoutMillis = -1;
        long deadlineMillis = -1;
        boolean validateOn311;
        boolean noValidate;
        boolean resetOnFailure;
        boolean variations;
        Path save;
        boolean hex;
        boolean json;
        boolean help;

        static Args parse(String[] args) {
            Args a = new Args();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String s = args[i];
                switch (s) {
                    case "-h", "--help" -> a.help = true;
                    case "--user" -> a.user = value(args, ++i, s);
                    case "--domain" -> a.domain = value(args, ++i, s);
                    case "--password-file" -> a.passwordFile = Path.of(value(args, ++i, s));
                    case "--nt-hash-file" -> a.ntHashFile = Path.of(value(args, ++i, s));
                    case "--password" -> throw new IllegalArgumentException(
                            "--password is not accepted (it would show in the process list); use --password-file");
                    case "--guest" -> a.guest = true;
                    case "--anonymous" -> a.anonymous = true;
                    case "--dialects" -> a.dialects = dialects(value(args, ++i, s));
                    case "--security-mode" -> a.securityMode = number(value(args, ++i, s), s, 0xffff);
                    case "--capabilities" -> a.capabilities = (int) (long) number(value(args, ++i, s), s, 0xffffffffL);
                    case "--share" -> a.share = value(args, ++i, s);
                    case "--timeout" -> a.timeoutMillis = seconds(value(args, ++i, s), s);
                    case "--connect-timeout" -> a.connectTimeoutMillis = seconds(value(args, ++i, s), s);
                    case "--deadline" -> a.deadlineMillis = seconds(value(args, ++i, s), s);
                    case "--validate-on-311" -> a.validateOn311 = true;
                    case "--no-validate" -> a.noValidate = true;
                    case "--reset-on-failure" -> a.resetOnFailure = true;
                    case "--variations" -> a.variations = true;
                    case "--save" -> a.save = Path.of(value(args, ++i, s));
                    case "--hex" -> a.hex = true;
                    case "--json" -> a.json = true;
                    default -> {
                        if (s.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + s);
                        }
                        positional.add(s);
                    }
                }
            }
            if (a.help) {
                return a;
            }
            if (positional.size() != 1) {
                throw new IllegalArgumentException(positional.isEmpty() ? "missing HOST[:PORT]"
                        : "expected one HOST[:PORT], got " + positional);
            }
            a.hostPort(positional.get(0));
            if (a.noValidate && (a.variations || a.validateOn311)) {
                throw new IllegalArgumentException("--no-validate excludes " + (a.variations ? "--variations" : "--validate-on-311")
                        + " (both need the VALIDATE request)");
            }
            if (a.guest && a.anonymous) {
                throw new IllegalArgumentException("--guest and --anonymous exclude each other");
            }
            if (a.passwordFile != null && a.ntHashFile != null) {
                throw new IllegalArgumentException("give --password-file or --nt-hash-file, not both");
            }
            if (!a.guest && !a.anonymous) {
                if (a.user.isEmpty()) {
                    throw new IllegalArgumentException("--user is required (or --guest / --anonymous)");
                }
                if (a.passwordFile == null && a.ntHashFile == null) {
                    throw new IllegalArgumentException("--password-file or --nt-hash-file is required with --user");
                }
            }
            return a;
        }

        private void hostPort(String s) {
            String h = s;
            String p = null;
            if (s.startsWith("[")) {
                int end = s.indexOf(']');
                if (end < 0) {
                    throw new IllegalArgumentException("bad IPv6 address " + s + " (expected [ADDR]:PORT)");
                }
                h = s.substring(1, end);
                if (end + 1 < s.length()) {
                    if (s.charAt(end + 1) != ':') {
                        throw new IllegalArgumentException("bad host " + s);
                    }
                    p = s.substring(end + 2);
                }
            } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
                h = s.substring(0, s.indexOf(':'));
                p = s.substring(s.indexOf(':') + 1);
            }
            if (h.isEmpty()) {
                throw new IllegalArgumentException("empty host name in " + s);
            }
            host = h;
            if (p != null) {
                try {
                    port = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad port '" + p + "'");
                }
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("port " + port + " is not in 1..65535");
                }
            }
        }

        ProbeOptions toOptions() throws IOException {
            ProbeOptions.Builder b = ProbeOptions.builder(host).port(port).user(user).domain(domain);
            if (guest) {
                b.logon(ProbeOptions.Logon.GUEST);
            } else if (anonymous) {
                b.logon(ProbeOptions.Logon.ANONYMOUS);
            }
            if (passwordFile != null) {
                char[] pw = SecretFile.password(passwordFile);
                try {
                    b.password(pw);
                } finally {
                    Arrays.fill(pw, '\0');
                }
            } else if (ntHashFile != null) {
                byte[] h = SecretFile.ntHash(ntHashFile);
                try {
                    b.ntHash(h);
                } finally {
                    Arrays.fill(h, (byte) 0);
                }
            }
            if (dialects != null) {
                b.dialects(dialects);
            }
            if (securityMode != null) {
                b.securityMode(securityMode);
            }
            if (capabilities != null) {
                b.capabilities(capabilities);
            }
            if (share != null) {
                b.share(share);
            }
            if (timeoutMillis > 0) {
                b.stepTimeoutMillis(timeoutMillis);
            }
            if (connectTimeoutMillis > 0) {
                b.connectTimeoutMillis(connectTimeoutMillis);
            }
            if (deadlineMillis > 0) {
                b.deadlineMillis(deadlineMillis);
            }
            b.validateOn311(validateOn311);
            b.skipValidate(noValidate);
            b.resetOnFailure(resetOnFailure);
            return b.build();
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        static int[] dialects(String list) {
            String[] parts = list.split(",");
            int[] out = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i].trim().toLowerCase(Locale.ROOT);
                out[i] = switch (p) {
                    case "2.0.2", "2.02", "smb2_02" -> Dialect.SMB_2_0_2;
                    case "2.1", "2.10", "smb2_10" -> Dialect.SMB_2_1;
                    case "3.0", "3.00", "smb3_00" -> Dialect.SMB_3_0;
                    case "3.0.2", "3.02", "smb3_02" -> Dialect.SMB_3_0_2;
                    case "3.1.1", "3.11", "smb3_11" -> Dialect.SMB_3_1_1;
                    default -> {
                        if (p.startsWith("0x")) {
                            yield (int) (long) number(p, "--dialects", 0xffff);
                        }
                        throw new IllegalArgumentException("unknown dialect '" + parts[i].trim()
                                + "' (use 2.0.2, 2.1, 3.0, 3.0.2, 3.1.1 or 0xNNNN)");
                    }
                };
            }
            return out;
        }

        private static Integer number(String s, String option, long max) {
            long v;
            try {
                v = s.toLowerCase(Locale.ROOT).startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + s + "' is not a number");
            }
            if (v < 0 || v > max) {
                throw new IllegalArgumentException(option + ": " + s + " is out of range");
            }
            return (int) v;
        }

        private static long seconds(String s, String option) {
            try {
                double d = Double.parseDouble(s);
                if (!(d > 0) || d > 86_400) {
                    throw new IllegalArgumentException(option + ": " + s + " is not between 0 and 86400 seconds");
                }
                return Math.max(1, (long) (d * 1000));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + s + "' is not a number of seconds");
            }
        }
    }
}
