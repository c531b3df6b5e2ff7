package org.negscope.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.analysis.FieldFormat;
import org.negscope.analysis.Verdict;
import org.negscope.remedy.FieldText;
import org.negscope.smb2.NegotiateRequest;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.ValidateNegotiateInfoRequest;
import org.negscope.smb2.ValidateNegotiateInfoResponse;

/**
 * The NEGOTIATE | VALIDATE comparison of one connection, as rows a renderer can lay out: for the request
 * (Capabilities, Guid, SecurityMode, Dialects) and the response (Capabilities, Guid, SecurityMode, Dialect).
 * <p>
 * Values come from the decoded messages when the report carries them; otherwise from the analysis'
 * {@link Difference}s, which name only the differing fields. The analysis' differences are authoritative for
 * the state of a row. A row without values is still shown, marked {@link State#NOT_COMPARED} or, when the
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

    // ---------------------------------------------------------------------------------------------- request

    private static Section requestSection(ConnectionReport r, ConnectionReport.Frames f) {
        String[] neg = new String[4];
        String[] val = new String[4];
        List<String> notes = new ArrayList<>();
        NegotiateRequest nr = decode(r.negotiateRequest(), "NEGOTIATE request", notes, NegotiateRequest::decode);
        if (nr != null) {
            neg[0] = caps(nr.capabilities());
            neg[1] = nr.clientGuid().toString();
            neg[2] = mode(nr.securityMode());
            neg[3] = String.join(", ", nr.dialectNames());
        }
        ValidateNegotiateInfoRequest vr = decode(r.validateRequest(), "VALIDATE request", notes, ValidateNegotiateInfoRequest::decode);
        if (vr != null) {
            val[0] = caps(vr.capabilities());
            val[1] = vr.guid().toString();
            val[2] = mode(vr.securityMode());
            val[3] = String.join(", ", vr.dialectNames());
        }
        if (f.validateRequest() == 0 && r.validateRequest() == null) {
            notes.add("no VALIDATE request in the capture");
        }
        return section(r, "request", f.negotiateRequest(), f.validateRequest(), FieldText.requestFields(), neg, val, notes);
    }

    // --------------------------------------------------------------------------------------------- response

    private static Section responseSection(ConnectionReport r, ConnectionReport.Frames f) {
        String[] neg = new String[4];
        String[] val = new String[4];
        List<String> notes = new ArrayList<>();
        NegotiateResponse nr = decode(r.negotiateResponse(), "NEGOTIATE response", notes, NegotiateResponse::decode);
        if (nr != null) {
            neg[0] = caps(nr.capabilities());
            neg[1] = nr.serverGuid().toString();
            neg[2] = mode(nr.securityMode());
            neg[3] = FieldFormat.dialect(nr.dialectRevision());
        }
        Smb2Message vm = r.validateResponse();
        if (vm != null && vm.header().status() != NtStatus.SUCCESS) {
            // An error answer has no VALIDATE_NEGOTIATE_INFO body: say which status and whether it was signed.
            notes.add("VALIDATE response is " + NtStatus.name(vm.header().status()) + (vm.header().isSigned() ? " (signed)" : " (unsigned)"));
        } else {
            ValidateNegotiateInfoResponse vr = decode(vm, "VALIDATE response", notes, ValidateNegotiateInfoResponse::decode);
            if (vr != null) {
                val[0] = caps(vr.capabilities());
                val[1] = vr.guid().toString();
                val[2] = mode(vr.securityMode());
                val[3] = FieldFormat.dialect(vr.dialect());
            }
        }
        if (f.validateResponse() == 0 && vm == null) {
            notes.add(r.verdict() == Verdict.SERVER_TERMINATED ? "no VALIDATE response: the server closed the connection"
                    : "no VALIDATE response in the capture");
        }
        return section(r, "response", f.negotiateResponse(), f.validateResponse(), FieldText.responseFields(), neg, val, notes);
    }

    // ------------------------------------------------------------------------------------------------ rows

    private static Section section(ConnectionReport r, String side, long negFrame, long valFrame, List<String> fields,
                                   String[] neg, String[] val, List<String> notes) {
        boolean sideListed = r.differences().stream().anyMatch(d -> side.equals(d.side()));
        // The analysis compared this side when it found a difference on it, or when it judged the whole exchange equal.
        boolean compared = sideListed || r.verdict() == Verdict.VALIDATED;
        List<Row> rows = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            Difference d = find(r.differences(), side, field);
            String n = neg[i];
            String v = val[i];
            State state;
            if (d != null) {
                n = n != null ? n : display(field, d.negotiate());
                v = v != null ? v : display(field, d.validate());
                state = State.DIFFERS;
            } else if (n != null && v != null) {
                state = normalise(n).equals(normalise(v)) ? State.SAME : State.DIFFERS;
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

    /** A value from a Difference, with flag names for Capabilities / SecurityMode and "a, b" for lists. */
    static String display(String field, String value) {
        if (value == null) {
            return null;
        }
        if ("Dialects".equals(field)) {
            return String.join(", ", FieldText.parseList(value));
        }
        return FieldText.withNames(field, value);
    }

    private static String normalise(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }

    private static String caps(int c) {
        return FieldText.withNames("Capabilities", FieldFormat.capabilities(c));
    }

    private static String mode(int m) {
        return FieldText.withNames("SecurityMode", FieldFormat.securityMode(m));
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
