package org.negscope.remedy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structural checks for the PowerShell the remedy writes (there is no PowerShell parser on this machine):
 * a tokenizer that knows comments, single- and double-quoted strings, and finds unbalanced brackets,
 * unterminated strings, variables used before they are assigned, and cmdlets or parameters that do not exist
 * (checked against a table of the real cmdlets' parameters we use). Returns problems as text; empty = clean.
 */
final class PsLint {
    /** The cmdlets the generator may use, with the parameters each really has (PowerShell 4.0+). */
    static final Map<String, Set<String>> CMDLETS = new LinkedHashMap<>();
    private static final Set<String> COMMON = Set.of("ErrorAction", "WarningAction", "Verbose");

    static {
        p("Join-Path", "Path", "ChildPath");
        p("Get-CimInstance", "ClassName");
        p("Test-Path", "LiteralPath", "Path");
        p("Get-Item", "LiteralPath", "Path");
        p("New-Item", "ItemType", "Path", "Force");
        p("Out-Null");
        p("Export-Clixml", "LiteralPath", "Path");
        p("Import-Clixml", "LiteralPath", "Path");
        p("New-ItemProperty", "LiteralPath", "Path", "Name", "PropertyType", "Value", "Force");
        p("Remove-ItemProperty", "LiteralPath", "Path", "Name");
        p("Remove-Item", "LiteralPath", "Path");
        p("Write-Output");
        p("Get-Date");
        p("Get-Command", "Name");
        p("Set-StrictMode", "Version");
        p("Get-SmbClientConfiguration");
        p("Set-SmbClientConfiguration", "RequireSecuritySignature", "Force");
        p("Get-SmbServerConfiguration");
        p("Set-SmbServerConfiguration", "RequireSecuritySignature", "Force");
    }

    private static void p(String name, String... params) {
        CMDLETS.put(name.toLowerCase(), Set.of(params));
    }

    /** Variables PowerShell defines itself. */
    private static final Set<String> AUTOMATIC = Set.of("true", "false", "null", "env", "erroractionpreference", "_");

    private static final Pattern CMDLET = Pattern.compile("(?<![\\w$.-])([A-Z][a-z]+-[A-Z][A-Za-z]+)(?![\\w-])");
    private static final Pattern PARAM = Pattern.compile("(?<![\\w])-([A-Za-z]+)");
    private static final Pattern VAR = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)(:)?");
    private static final Pattern ASSIGN = Pattern.compile("^\\s*\\$([A-Za-z_][A-Za-z0-9_]*)\\s*=(?!=)");
    private static final Set<String> OPERATORS = Set.of("eq", "ne", "not", "and", "or", "f", "contains", "notcontains", "lt",
            "gt", "le", "ge", "like", "match", "replace", "is", "as");

    private PsLint() {}

    /** Code part of each line: comments removed, string contents replaced by 'S' so they cannot confuse later checks. */
    static List<String> codeLines(String script, List<String> problems) {
        List<String> out = new ArrayList<>();
        String[] lines = script.split("\r\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String l = lines[n];
            StringBuilder code = new StringBuilder();
            int i = 0;
            while (i < l.length()) {
                char c = l.charAt(i);
                if (c == '#') {
                    if (i + 1 < l.length() && l.charAt(i + 1) == '>') {
                        problems.add("line " + (n + 1) + ": stray '#>'");
                    }
                    if (i > 0 && l.charAt(i - 1) == '<') {
                        problems.add("line " + (n + 1) + ": block comment '<#' (the generator uses line comments only)");
                    }
                    break; // comment to end of line
                }
                if (c == '\'') {
                    int j = i + 1;
                    boolean closed = false;
                    while (j < l.length()) {
                        if (l.charAt(j) == '\'') {
                            if (j + 1 < l.length() && l.charAt(j + 1) == '\'') {
                                j += 2; // '' is an escaped quote
                                continue;
                            }
                            closed = true;
                            break;
                        }
                        j++;
                    }
                    if (!closed) {
                        problems.add("line " + (n + 1) + ": unterminated single-quoted string");
                        break;
                    }
                    code.append("'S'");
                    i = j + 1;
                    continue;
                }
                if (c == '"') {
                    int j = l.indexOf('"', i + 1);
                    if (j < 0) {
                        problems.add("line " + (n + 1) + ": unterminated double-quoted string");
                        break;
                    }
                    String inner = l.substring(i + 1, j);
                    if (inner.contains("$") || inner.contains("`")) {
                        // "$x:" would be read as a scope-qualified variable; keep expanding strings out entirely.
                        problems.add("line " + (n + 1) + ": expanding double-quoted string with $ or `: " + inner);
                    }
                    code.append("\"S\"");
                    i = j + 1;
                    continue;
                }
                code.append(c);
                i++;
            }
            out.add(code.toString());
        }
        return out;
    }

    static List<String> check(String script) {
        List<String> problems = new ArrayList<>();
        List<String> code = codeLines(script, problems);
        Deque<Character> stack = new ArrayDeque<>();
        Set<String> assigned = new HashSet<>();
        for (int n = 0; n < code.size(); n++) {
            String l = code.get(n);
            for (int i = 0; i < l.length(); i++) {
                char c = l.charAt(i);
                if (c == '(' || c == '{' || c == '[') {
                    stack.push(c);
                } else if (c == ')' || c == '}' || c == ']') {
                    char open = c == ')' ? '(' : c == '}' ? '{' : '[';
                    if (stack.isEmpty() || stack.pop() != open) {
                        problems.add("line " + (n + 1) + ": unbalanced '" + c + "'");
                    }
                }
            }
            Matcher a = ASSIGN.matcher(l);
            String assignedHere = a.find() ? a.group(1).toLowerCase() : null;
            Matcher v = VAR.matcher(l);
            while (v.find()) {
                String name = v.group(1).toLowerCase();
                if (v.group(2) != null && !name.equals("env")) {
                    problems.add("line " + (n + 1) + ": scope-qualified variable $" + v.group(1) + ":");
                }
                if (name.equals(assignedHere) && v.start() == l.indexOf('$')) {
                    continue;
                }
                if (!AUTOMATIC.contains(name) && !assigned.contains(name)) {
                    problems.add("line " + (n + 1) + ": $" + v.group(1) + " used before it is assigned");
                }
            }
            if (assignedHere != null) {
                assigned.add(assignedHere);
            }
            checkCommands(l, n + 1, problems);
        }
        if (!stack.isEmpty()) {
            problems.add("unclosed brackets at end of script: " + stack);
        }
        return problems;
    }

    /** Each cmdlet must be known, and each -Parameter up to the end of its command must be one it has. */
    private static void checkCommands(String l, int lineNo, List<String> problems) {
        Matcher m = CMDLET.matcher(l);
        while (m.find()) {
            String name = m.group(1);
            Set<String> params = CMDLETS.get(name.toLowerCase());
            if (params == null) {
                problems.add("line " + lineNo + ": unknown cmdlet " + name);
                continue;
            }
            int depth = 0;
            int end = l.length();
            for (int i = m.end(); i < l.length(); i++) {
                char c = l.charAt(i);
                if (c == '(' || c == '{' || c == '[') depth++;
                else if (c == ')' || c == '}' || c == ']') {
                    if (depth == 0) { end = i; break; }
                    depth--;
                } else if ((c == '|' || c == ';') && depth == 0) { end = i; break; }
            }
            Matcher pm = PARAM.matcher(l.substring(m.end(), end));
            while (pm.find()) {
                String p = pm.group(1);
                if (OPERATORS.contains(p.toLowerCase())) {
                    continue;
                }
                boolean ok = params.stream().anyMatch(x -> x.equalsIgnoreCase(p)) || COMMON.stream().anyMatch(x -> x.equalsIgnoreCase(p));
                if (!ok) {
                    problems.add("line " + lineNo + ": " + name + " has no parameter -" + p);
                }
            }
        }
    }
}
