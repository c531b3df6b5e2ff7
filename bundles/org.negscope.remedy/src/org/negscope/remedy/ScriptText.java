package org.negscope.remedy;

/**
 * Line builder for Windows script files: CRLF line endings, ASCII only, comment blocks wrapped to a
 * readable width. Anything that came from a capture (addresses, field values) goes through
 * {@link #safe(String)} first, so a hostile capture cannot smuggle a line break (and with it code) into
 * a script that an administrator will run.
 */
final class ScriptText {
    static final String CRLF = "\r\n";
    private static final int WIDTH = 100;

    private final StringBuilder sb = new StringBuilder(4096);

    ScriptText line(String s) {
        sb.append(s).append(CRLF);
        return this;
    }

    ScriptText blank() {
        sb.append(CRLF);
        return this;
    }

    /**
     * A revert script's first lines: the backup that {@code applyName} wrote must exist (else the script stops having
     * changed nothing), and its saved state is read into {@code $state}.
     */
    ScriptText psReadBackup(String applyName) {
        line("if (-not (Test-Path -LiteralPath $BackupFile)) {");
        line("    throw (" + psQuote("No backup at {0}: " + applyName
                + " has not run on this computer, or it was already reverted. Nothing was changed.") + " -f $BackupFile)");
        line("}");
        return line("$state = Import-Clixml -LiteralPath $BackupFile");
    }

    /**
     * A labelled comment paragraph: {@code # Label:  text...} wrapped, continuation lines indented under the text.
     * {@code marker} is "#" for PowerShell and ";" for .reg files.
     */
    ScriptText comment(String marker, String label, String text) {
        String head = marker + " " + (label.isEmpty() ? "" : padRight(label + ":", 12));
        String indent = marker + " " + (label.isEmpty() ? "" : " ".repeat(12));
        String[] words = safe(text).split(" +");
        StringBuilder cur = new StringBuilder(head);
        boolean first = true;
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            if (!first && cur.length() + 1 + w.length() > WIDTH) {
                line(cur.toString().stripTrailing());
                cur = new StringBuilder(indent);
                first = true;
            }
            if (!first) {
                cur.append(' ');
            }
            cur.append(w);
            first = false;
        }
        line(cur.toString().stripTrailing());
        return this;
    }

    @Override public String toString() { return sb.toString(); }

    private static String padRight(String s, int n) {
        return s.length() >= n ? s + " " : s + " ".repeat(n - s.length());
    }

    /**
     * Printable ASCII only: line breaks and tabs become spaces, other control or non-ASCII characters '?'.
     * Also defuses the two sequences that would end a comment early in the formats we write ("#>" closes a
     * PowerShell block comment; we use line comments, but keep the text inert anyway).
     */
    static String safe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == '\t') {
                b.append(' ');
            } else if (c < 0x20 || c > 0x7e) {
                b.append(switch (c) {
                    case '\u2260' -> "!=";
                    case '\u2192' -> "->";
                    case '\u2014', '\u2013' -> "-";
                    case '\u2018', '\u2019' -> "'";
                    case '\u201c', '\u201d' -> "\"";
                    default -> "?";
                });
            } else {
                b.append(c);
            }
        }
        return b.toString().replace("#>", "# >");
    }

    /** A PowerShell single-quoted string literal: only the quote itself needs doubling. */
    static String psQuote(String s) {
        return "'" + safe(s).replace("'", "''") + "'";
    }
}
