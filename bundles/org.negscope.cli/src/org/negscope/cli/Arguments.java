package org.negscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed command line (docs/cli.md): {@code negscope analyze CAPTURE... [--json] [--timeline]
 * [--html F] [--text F] [--password-file F | --nt-hash-file F | --session-key-file F] [--user U] [--domain D]
 * [--keytab F]...}, or
 * {@code negscope compare CLIENT-SIDE SERVER-SIDE} with the same options. Parsing never reads a file.
 */
record Arguments(Command command, List<Path> captures, boolean json, SecretKind secretKind, Path secretFile, String user,
                 String domain, boolean help, Path html, Path text, boolean timeline, List<Path> keytabs,
                 boolean merge) {

    enum SecretKind { NONE, PASSWORD, NT_HASH, SESSION_KEY }

    enum Command { ANALYZE, COMPARE }

    /** The record as it was before compare and the report files (kept for callers that build one by hand). */
    Arguments(List<Path> captures, boolean json, SecretKind secretKind, Path secretFile, String user, String domain, boolean help) {
        this(Command.ANALYZE, captures, json, secretKind, secretFile, user, domain, help, null, null, false, List.of(), false);
    }

    /** The record as it was before --merge and --keytab. */
    Arguments(Command command, List<Path> captures, boolean json, SecretKind secretKind, Path secretFile, String user,
              String domain, boolean help, Path html, Path text, boolean timeline) {
        this(command, captures, json, secretKind, secretFile, user, domain, help, html, text, timeline, List.of(), false);
    }

    static final String USAGE = String.join("\n",
            "usage: negscope analyze CAPTURE... [--merge] [--json] [--timeline] [--html F] [--text F]",
            "                        [--password-file F | --nt-hash-file F | --session-key-file F]",
            "                        [--user U] [--domain D] [--keytab F]...",
            "       negscope compare CLIENT-SIDE SERVER-SIDE [--json] [--html F] [--text F] [credentials as above]",
            "",
            "Diagnoses SMB2/3 FSCTL_VALIDATE_NEGOTIATE_INFO in captures: pcap, pcapng (both optionally gzip-compressed),",
            "Network Monitor 2.x .cap; the format is recognised by content.",
            "compare: the same traffic captured on both sides of a middlebox (addresses may differ through NAT or a",
            "proxy); lists the matched connections and every field and byte the path changed.",
            "  --merge              read all CAPTURE files (a directory: the files in it) as ONE capture in time order:",
            "                       a ring or a split capture; frames are numbered across the files",
            "  --json               one JSON object on stdout (field names: docs/cli.md)",
            "  --timeline           add each connection's timeline of TCP and SMB events to stdout (text or JSON);",
            "                       the --html and --text reports always have it",
            "  --html F             also write an HTML report (verdicts, side-by-side tables, timeline, remedy) to F",
            "  --text F             also write the full text report (with remedy scripts and timeline) to F",
            "  --password-file F    account password (first line of F) to verify signatures",
            "  --nt-hash-file F     NT hash of the password, 32 hex digits",
            "  --session-key-file F session keys, one per line: [SESSIONID] HEXKEY (0x-prefixed or decimal id)",
            "  --user U, --domain D account names to use instead of those in the NTLMSSP AUTHENTICATE message",
            "  --keytab F           MIT keytab with the service's keys (ktpass, samba-tool domain exportkeytab, ktutil):",
            "                       opens the Kerberos tickets in SESSION_SETUP; may be repeated, and combined with the above",
            "Exit status: 0 no fatal verdict, 1 a connection a Windows client would drop (compare: or a field the path",
            "changed), 2 unreadable input, unwritable report file or bad arguments.");

    /** Thrown for a command line that cannot be run; the message is the one stderr line. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;
        UsageException(String message) { super(message); }
    }

    static Arguments parse(String[] args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("no command given; usage: negscope analyze CAPTURE... (see negscope --help)");
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            return new Arguments(List.of(), false, SecretKind.NONE, null, null, null, true);
        }
        Command command = switch (args[0]) {
            case "analyze" -> Command.ANALYZE;
            case "compare" -> Command.COMPARE;
            default -> throw new UsageException("unknown command '" + args[0]
                    + "'; the commands are analyze, compare, probe and capture (see negscope --help)");
        };
        List<Path> captures = new ArrayList<>();
        Path html = null;
        Path text = null;
        boolean timeline = false;
        boolean json = false;
        boolean merge = false;
        boolean help = false;
        SecretKind kind = SecretKind.NONE;
        Path secret = null;
        String user = null;
        String domain = null;
        List<Path> keytabs = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (optionsEnded || !a.startsWith("--") && !a.equals("-h")) {
                if (a.isEmpty()) {
                    throw new UsageException("an empty capture file name was given");
                }
                captures.add(Path.of(a));
                continue;
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            switch (name) {
                case "--" -> optionsEnded = true;
                case "--json" -> json = true;
                case "--merge" -> merge = true;
                case "--timeline" -> timeline = true;
                case "--html" -> {
                    if (html != null) {
                        throw new UsageException("--html given twice");
                    }
                    html = Path.of(value != null ? value : value(args, ++i, name));
                }
                case "--text" -> {
                    if (text != null) {
                        throw new UsageException("--text given twice");
                    }
                    text = Path.of(value != null ? value : value(args, ++i, name));
                }
                case "--help", "-h" -> help = true;
                case "--password-file", "--nt-hash-file", "--session-key-file" -> {
                    if (value == null) {
                        value = value(args, ++i, name);
                    }
                    SecretKind k = switch (name) {
                        case "--password-file" -> SecretKind.PASSWORD;
                        case "--nt-hash-file" -> SecretKind.NT_HASH;
                        default -> SecretKind.SESSION_KEY;
                    };
                    if (kind != SecretKind.NONE) {
                        throw new UsageException("give only one of --password-file, --nt-hash-file, --session-key-file");
                    }
                    kind = k;
                    secret = Path.of(value);
                }
                case "--keytab" -> keytabs.add(Path.of(value != null ? value : value(args, ++i, name)));
                case "--user" -> user = value != null ? value : value(args, ++i, name);
                case "--domain" -> domain = value != null ? value : value(args, ++i, name);
                default -> throw new UsageException("unknown option " + name + " (see negscope --help)");
            }
        }
        if (help) {
            return new Arguments(command, List.of(), json, kind, secret, user, domain, true, html, text, timeline, List.copyOf(keytabs), merge);
        }
        if (captures.isEmpty()) {
            throw new UsageException(command == Command.COMPARE
                    ? "no capture files given; usage: negscope compare CLIENT-SIDE SERVER-SIDE (see negscope --help)"
                    : "no capture file given; usage: negscope analyze CAPTURE... (see negscope --help)");
        }
        if (command == Command.COMPARE && captures.size() != 2) {
            throw new UsageException("compare takes exactly two captures, the client side first, then the server side; "
                    + captures.size() + " given");
        }
        if (merge && command == Command.COMPARE) {
            throw new UsageException("--merge goes with analyze; compare takes one capture per side");
        }
        for (Path out : new Path[] {html, text}) {
            if (out != null && (captures.contains(out) || out.equals(secret) || keytabs.contains(out))) {
                throw new UsageException(out + ": a report file must not be one of the input files");
            }
        }
        if (html != null && html.equals(text)) {
            throw new UsageException("--html and --text name the same file " + html);
        }
        if ((user != null || domain != null) && kind != SecretKind.PASSWORD && kind != SecretKind.NT_HASH) {
            throw new UsageException("--user and --domain only go with --password-file or --nt-hash-file");
        }
        return new Arguments(command, List.copyOf(captures), json, kind, secret, user, domain, false, html, text, timeline,
                List.copyOf(keytabs), merge);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }
}
