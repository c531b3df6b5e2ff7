package org.negscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed command line of {@code negscope analyze CAPTURE... [--json] [--password-file F | --nt-hash-file F |
 * --session-key-file F] [--user U] [--domain D]} (DESIGN §8). Parsing never reads a file.
 */
record Arguments(List<Path> captures, boolean json, SecretKind secretKind, Path secretFile, String user, String domain,
                 boolean help) {

    enum SecretKind { NONE, PASSWORD, NT_HASH, SESSION_KEY }

    static final String USAGE = String.join("\n",
            "usage: negscope analyze CAPTURE... [--json]",
            "                        [--password-file F | --nt-hash-file F | --session-key-file F]",
            "                        [--user U] [--domain D]",
            "",
            "Diagnoses SMB2/3 FSCTL_VALIDATE_NEGOTIATE_INFO in pcap/pcapng captures (optionally gzip-compressed).",
            "  --json               one JSON object on stdout (field names: DESIGN.md section 8)",
            "  --password-file F    account password (first line of F) to verify signatures",
            "  --nt-hash-file F     NT hash of the password, 32 hex digits",
            "  --session-key-file F session keys, one per line: [SESSIONID] HEXKEY (0x-prefixed or decimal id)",
            "  --user U, --domain D account names to use instead of those in the NTLMSSP AUTHENTICATE message",
            "Exit status: 0 no fatal verdict, 1 a connection a Windows client would drop, 2 unreadable input or bad arguments.");

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
        if (!args[0].equals("analyze")) {
            throw new UsageException("unknown command '" + args[0] + "'; usage: negscope analyze CAPTURE... (see negscope --help)");
        }
        List<Path> captures = new ArrayList<>();
        boolean json = false;
        boolean help = false;
        SecretKind kind = SecretKind.NONE;
        Path secret = null;
        String user = null;
        String domain = null;
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
                case "--user" -> user = value != null ? value : value(args, ++i, name);
                case "--domain" -> domain = value != null ? value : value(args, ++i, name);
                default -> throw new UsageException("unknown option " + name + " (see negscope --help)");
            }
        }
        if (help) {
            return new Arguments(List.of(), json, kind, secret, user, domain, true);
        }
        if (captures.isEmpty()) {
            throw new UsageException("no capture file given; usage: negscope analyze CAPTURE... (see negscope --help)");
        }
        if ((user != null || domain != null) && kind != SecretKind.PASSWORD && kind != SecretKind.NT_HASH) {
            throw new UsageException("--user and --domain only go with --password-file or --nt-hash-file");
        }
        return new Arguments(List.copyOf(captures), json, kind, secret, user, domain, false);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }
}
