package org.negscope.remedy;

import static org.negscope.analysis.FieldFormat.parseList;
import static org.negscope.analysis.FieldFormat.withNames;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.negscope.analysis.Difference;
import org.negscope.analysis.FlagChanges;

/**
 * Plain-language reading of the values in a {@link Difference} (formatted as in docs/cli.md: Capabilities
 * {@code 0x%08x}, SecurityMode {@code 0x%04x}, Guid canonical text, Dialect "3.0.2", Dialects
 * "[2.0.2, 2.1, 3.0]"; the values and their flag names are {@link org.negscope.analysis.FieldFormat}'s). Used by the
 * remedy text and the reports.
 * <p>
 * Which value to believe: the VALIDATE messages are signed (the request by the client, the response by
 * the server), the NEGOTIATE messages are not. So the VALIDATE value is what the sender really sent, and
 * where they differ the NEGOTIATE is the one that was changed on the way.
 */
public final class FieldText {
    private FieldText() {}

    /** Which side was the sender of the signed VALIDATE: "client" for the request side, "server" for the response side. */
    static String sender(Difference d) {
        return "request".equals(d.side()) ? "client" : "server";
    }

    /**
     * One or two sentences on what changed, e.g. "SecurityMode: the server's signed VALIDATE response says 0x0003
     * (SIGNING_ENABLED, SIGNING_REQUIRED) but the NEGOTIATE response carried 0x0001 (SIGNING_ENABLED):
     * SIGNING_REQUIRED was removed from the NEGOTIATE on the way."
     */
    public static String explain(Difference d) {
        String who = sender(d);
        String msg = "request".equals(d.side()) ? "request" : "response";
        StringBuilder sb = new StringBuilder();
        sb.append(d.field()).append(": the ").append(who).append("'s signed VALIDATE ").append(msg).append(" says ")
                .append(withNames(d.field(), d.validate())).append(" but the NEGOTIATE ").append(msg).append(" carried ")
                .append(withNames(d.field(), d.negotiate())).append('.');
        String change = change(d);
        if (!change.isEmpty()) {
            sb.append(' ').append(change);
        }
        return sb.toString();
    }

    /** The bit or list change, read as "what the NEGOTIATE lost or gained on the way"; "" when not computable. */
    public static String change(Difference d) {
        switch (d.field()) {
            case "Capabilities", "SecurityMode" -> {
                List<String> removed = FlagChanges.cleared(d.field(), d.negotiate(), d.validate());
                List<String> added = FlagChanges.set(d.field(), d.negotiate(), d.validate());
                if (removed == null || added == null) {
                    return "";
                }
                List<String> parts = new ArrayList<>();
                if (!removed.isEmpty()) {
                    parts.add(String.join(", ", removed) + (removed.size() == 1 ? " was" : " were") + " removed from the NEGOTIATE");
                }
                if (!added.isEmpty()) {
                    parts.add(String.join(", ", added) + (added.size() == 1 ? " was" : " were") + " added to the NEGOTIATE");
                }
                if (parts.isEmpty()) {
                    return "";
                }
                String s = String.join("; ", parts) + " on the way";
                if ("SecurityMode".equals(d.field()) && removed.stream().anyMatch(n -> n.startsWith("SIGNING"))) {
                    s += ": a signing downgrade, exactly what validate negotiate exists to catch";
                }
                return s + ".";
            }
            case "Dialects" -> {
                Set<String> neg = new LinkedHashSet<>(parseList(d.negotiate()));
                Set<String> val = new LinkedHashSet<>(parseList(d.validate()));
                List<String> removed = new ArrayList<>(val);
                removed.removeAll(neg);
                List<String> added = new ArrayList<>(neg);
                added.removeAll(val);
                List<String> parts = new ArrayList<>();
                if (!removed.isEmpty()) {
                    parts.add("dialect" + (removed.size() == 1 ? " " : "s ") + String.join(", ", removed)
                            + (removed.size() == 1 ? " was" : " were") + " removed from the NEGOTIATE request (a dialect downgrade)");
                }
                if (!added.isEmpty()) {
                    parts.add("dialect" + (added.size() == 1 ? " " : "s ") + String.join(", ", added)
                            + (added.size() == 1 ? " was" : " were") + " added to it");
                }
                if (parts.isEmpty() && !neg.isEmpty()) {
                    parts.add("the same dialects in a different order");
                }
                return parts.isEmpty() ? "" : capitalize(String.join("; ", parts)) + ".";
            }
            case "Dialect" -> {
                return "The connection was negotiated at " + d.negotiate() + " but the server says it runs " + d.validate()
                        + ": something in the path negotiated on the server's behalf.";
            }
            case "Guid" -> {
                return "request".equals(d.side())
                        ? "The ClientGuid was replaced on the way: the server saw a NEGOTIATE that was not the client's own."
                        : "The ServerGuid was replaced on the way: the NEGOTIATE response came from something other than this server "
                                + "(an SMB proxy answering for it).";
            }
            default -> {
                return "";
            }
        }
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

}
