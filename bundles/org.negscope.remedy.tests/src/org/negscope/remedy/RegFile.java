package org.negscope.remedy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, strict reader for the .reg files the remedy writes, and an in-memory registry to import them into.
 * Strict on purpose: it accepts only what regedit would import the way we mean it (UTF-16LE BOM, the version
 * 5.00 header, CRLF line ends, HKEY_LOCAL_MACHINE keys, REG_DWORD values or deletions) and throws, naming the
 * line, on anything else.
 */
final class RegFile {
    static final String HEADER = "Windows Registry Editor Version 5.00";

    /** One value operation: set a DWORD (dword != null) or delete the value (dword == null). */
    record Op(String key, String name, Long dword) {
        boolean delete() { return dword == null; }
    }

    private static final Pattern KEY = Pattern.compile("^\\[(HKEY_LOCAL_MACHINE\\\\[^\\]\\[]+)\\]$");
    private static final Pattern VALUE = Pattern.compile("^\"([^\"\\\\]+)\"=(?:dword:([0-9a-f]{8})|(-))$");

    private RegFile() {}

    static List<Op> parse(byte[] bytes) {
        if (bytes.length < 2 || (bytes[0] & 0xff) != 0xFF || (bytes[1] & 0xff) != 0xFE) {
            throw new IllegalArgumentException("no UTF-16LE byte-order mark (FF FE)");
        }
        if ((bytes.length & 1) != 0) {
            throw new IllegalArgumentException("odd byte count for UTF-16LE");
        }
        String text = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\n' && (i == 0 || text.charAt(i - 1) != '\r')) {
                throw new IllegalArgumentException("bare LF at char " + i + ": regedit files use CRLF");
            }
            if (ch == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                throw new IllegalArgumentException("bare CR at char " + i);
            }
        }
        if (!text.endsWith("\r\n")) {
            throw new IllegalArgumentException("last line does not end with CRLF (regedit may drop it)");
        }
        String[] lines = text.split("\r\n", -1);
        if (!lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("line 1 is not the header: " + lines[0]);
        }
        List<Op> ops = new ArrayList<>();
        String key = null;
        for (int n = 1; n < lines.length; n++) {
            String l = lines[n];
            if (l.isEmpty() || l.startsWith(";")) {
                continue;
            }
            Matcher k = KEY.matcher(l);
            if (k.matches()) {
                key = k.group(1);
                continue;
            }
            Matcher v = VALUE.matcher(l);
            if (v.matches()) {
                if (key == null) {
                    throw new IllegalArgumentException("line " + (n + 1) + ": value before any [key]");
                }
                ops.add(new Op(key, v.group(1), v.group(3) != null ? null : Long.parseLong(v.group(2), 16)));
                continue;
            }
            throw new IllegalArgumentException("line " + (n + 1) + " is neither comment, key nor DWORD value: " + l);
        }
        return ops;
    }

    /** Registry keys and value names are case-insensitive; the model folds them. Values are DWORDs. */
    static final class Registry {
        final Map<String, Map<String, Long>> keys = new TreeMap<>();

        Registry set(String key, String name, long value) {
            keys.computeIfAbsent(fold(key), x -> new TreeMap<>()).put(fold(name), value);
            return this;
        }

        Long get(String key, String name) {
            Map<String, Long> k = keys.get(fold(key));
            return k == null ? null : k.get(fold(name));
        }

        boolean has(String key, String name) {
            Map<String, Long> k = keys.get(fold(key));
            return k != null && k.containsKey(fold(name));
        }

        void importOps(List<Op> ops) {
            for (Op o : ops) {
                if (o.delete()) {
                    Map<String, Long> k = keys.get(fold(o.key()));
                    if (k != null) {
                        k.remove(fold(o.name()));
                    }
                } else {
                    set(o.key(), o.name(), o.dword());
                }
            }
        }

        Registry copy() {
            Registry r = new Registry();
            keys.forEach((k, v) -> r.keys.put(k, new TreeMap<>(v)));
            return r;
        }

        private static String fold(String s) { return s.toLowerCase(Locale.ROOT); }
    }
}
