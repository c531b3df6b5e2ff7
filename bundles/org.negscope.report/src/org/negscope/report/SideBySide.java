package org.negscope.report;

import java.util.ArrayList;
import java.util.List;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.analysis.FieldFormat;
import org.negscope.analysis.ValidateComparison;
import org.negscope.analysis.ValidateFields;
import org.negscope.analysis.Verdict;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Message;

/**
 * The NEGOTIATE | VALIDATE comparison of one connection, as rows a renderer can lay out: for the request
 * (Capabilities, Guid, SecurityMode, Dialects) and the response (Capabilities, Guid, SecurityMode, Dialect).
 * <p>
 * Values come from the decoded messages when the report carries them ({@link ValidateFields}); otherwise from the
 * analysis' {@link Difference}s, which name only the differing fields; {@link FieldFormat#display} writes them. The
 * analysis' differences are authoritative for the state of a row; with both messages decoded,
 * {@link ValidateComparison} (the one comparison) decides the others. A row without values is still shown, marked {@link State#NOT_COMPARED} or, when the
 * analysis compared that side and listed no difference for the field, {@link State#SAME}.
 */
public final class SideBySide {
    public enum State {
        SAME, DIFFERS, NOT_COMPARED;

        /** Text that does not depend on colour: "= same", "≠ differs", "not compared". */
        public String label() {
            return switch (this) {
                case SAME -> "= same";
                case DIFFERS -> "\u2260 differs";
                case NOT_COMPARED -> "not compared";
            };
        }

        /** Plain-ASCII label for text output. */
        public String asciiLabel() {
            return switch (this) {
                case SAME -> "= same";
                case DIFFERS -> "!= DIFFERS";
                case NOT_COMPARED -> "not compared";
            };
        }
    }

    /** One field; values are display text ("0x0000004f (DFS, LEASING, ...)"), null when unknown. */
    public record Row(String field, String negotiate, String validate, State state) {}

    /**
     * One direction. {@code note} says what the VALIDATE column holds when it has no values (absent, error
     * status, undecodable), "" otherwise.
     */
    public record Section(String side, long negotiateFrame, long validateFrame, List<Row> rows, String note) {}

    private final Section request;
    private final Section response;

    private SideBySide(Section request, Section response) {
        this.request = request;
        this.response = response;
    }

    public Section request() { return request; }
    public Section response() { return response; }
    public List<Section> sections() { return List.of(request, response); }

    public static SideBySide of(ConnectionReport r) {
        ConnectionReport.Frames f = r.frames();
        return new SideBySide(requestSection(r, f), responseSection(r, f));
    }

    // --------------------------------------------------------------------------------------- the two sections

    private static Section requestSection(ConnectionReport r, ConnectionReport.Frames f) {
        List<String> notes = new ArrayList<>();
        ValidateFields neg = decode(r.negotiateRequest(), "NEGOTIATE request", notes, ValidateFields::negotiateRequest);
        ValidateFields val = decode(r.validateRequest(), "VALIDATE request", notes, ValidateFields::validateRequest);
        if (f.validateRequest() == 0 && r.validateRequest() == null) {
            notes.add("no VALIDATE request in the capture");
        }
        return section(r, ValidateComparison.REQUEST, f.negotiateRequest(), f.validateRequest(), neg, val, notes);
    }

    private static Section responseSection(ConnectionReport r, ConnectionReport.Frames f) {
        List<String> notes = new ArrayList<>();
        ValidateFields neg = decode(r.negotiateResponse(), "NEGOTIATE response", notes, ValidateFields::negotiateResponse);
        ValidateFields val = null;
        Smb2Message vm = r.validateResponse();
        if (vm != null && vm.header().status() != NtStatus.SUCCESS) {
            // An error answer has no VALIDATE_NEGOTIATE_INFO body: say which status and whether it was signed.
            notes.add("VALIDATE response is " + NtStatus.name(vm.header().status()) + (vm.header().isSigned() ? " (signed)" : " (unsigned)"));
        } else {
            val = decode(vm, "VALIDATE response", notes, ValidateFields::validateResponse);
        }
        if (f.validateResponse() == 0 && vm == null) {
            notes.add(r.verdict() == Verdict.SERVER_TERMINATED ? "no VALIDATE response: the server closed the connection"
                    : "no VALIDATE response in the capture");
        }
        return section(r, ValidateComparison.RESPONSE, f.negotiateResponse(), f.validateResponse(), neg, val, notes);
    }

    // ------------------------------------------------------------------------------------------------ rows

    /**
     * A row differs when the analysis named the field, or when both messages are decoded and ValidateComparison finds
     * the field different; values are FieldFormat's display text, from the messages, else from the analysis' difference.
     */
    private static Section section(ConnectionReport r, String side, long negFrame, long valFrame, ValidateFields neg,
                                   ValidateFields val, List<String> notes) {
        boolean sideListed = r.differences().stream().anyMatch(d -> side.equals(d.side()));
        // The analysis compared this side when it found a difference on it, or when it judged the whole exchange equal.
        boolean compared = sideListed || r.verdict() == Verdict.VALIDATED;
        List<Difference> found = neg != null && val != null ? ValidateComparison.compare(side, neg, val) : List.of();
        List<String> fields = ValidateComparison.fields(side);
        List<Row> rows = new ArrayList<>(fields.size());
        for (String field : fields) {
            Difference d = find(r.differences(), side, field);
            String n = neg == null ? null : neg.text(field);
            String v = val == null ? null : val.text(field);
            State state;
            if (d != null) {
                n = n != null ? n : FieldFormat.display(field, d.negotiate());
                v = v != null ? v : FieldFormat.display(field, d.validate());
                state = State.DIFFERS;
            } else if (n != null && v != null) {
                state = find(found, side, field) != null ? State.DIFFERS : State.SAME;
            } else {
                state = compared ? State.SAME : State.NOT_COMPARED;
            }
            rows.add(new Row(field, n, v, state));
        }
        return new Section(side, negFrame, valFrame, List.copyOf(rows), String.join("; ", notes));
    }

    private static Difference find(List<Difference> diffs, String side, String field) {
        for (Difference d : diffs) {
            if (side.equals(d.side()) && field.equals(d.field())) {
                return d;
            }
        }
        return null;
    }

    @FunctionalInterface
    private interface Decoder<T> {
        T decode(Smb2Message m);
    }

    /** Decodes if present; a malformed message becomes a note naming the problem, never an exception. */
    private static <T> T decode(Smb2Message m, String what, List<String> notes, Decoder<T> decoder) {
        if (m == null) {
            return null;
        }
        try {
            return decoder.decode(m);
        } catch (Smb2FormatException e) {
            notes.add(what + " could not be decoded: " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            // A decoder bug must not cost the whole report; say so instead of guessing values.
            notes.add(what + " could not be decoded (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }
}
