package org.negscope.ui.sidebyside;

import java.util.ArrayList;
import java.util.List;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.analysis.FieldFormat;
import org.negscope.analysis.ValidateComparison;
import org.negscope.analysis.ValidateFields;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Message;

/**
 * What the "Negotiate | Validate" view shows for one connection, computed without SWT: the server's check
 * (MS-SMB2 3.3.5.15.12, VALIDATE request against the NEGOTIATE request) and the client's check
 * (3.2.5.14.12, VALIDATE response against the NEGOTIATE response), one {@link FieldRow} per field.
 * <p>
 * Values are decoded from the messages the analysis kept ({@link ValidateFields}), so equal fields are shown too (the
 * analysis only lists differences), and written as the CLI's tables write them ({@link FieldFormat#display}). A row
 * differs when the analysis named the field in {@link ConnectionReport#differences()} or, with both messages decoded,
 * when {@link ValidateComparison} (the one comparison) finds it different; when a message is missing or undecodable
 * the analysis' values stand in for differing fields and the others say why they cannot be compared.
 */
public final class SideBySideModel {
    public static final String CAPABILITIES = ValidateComparison.CAPABILITIES;
    public static final String GUID = ValidateComparison.GUID;
    public static final String SECURITY_MODE = ValidateComparison.SECURITY_MODE;
    public static final String DIALECTS = ValidateComparison.DIALECTS;
    public static final String DIALECT = ValidateComparison.DIALECT;

    private final List<FieldRow> request;
    private final List<FieldRow> response;
    private final long negotiateRequestFrame, validateRequestFrame, negotiateResponseFrame, validateResponseFrame;
    private final List<String> notes;

    private SideBySideModel(List<FieldRow> request, List<FieldRow> response, long nq, long vq, long ns, long vs,
            List<String> notes) {
        this.request = List.copyOf(request);
        this.response = List.copyOf(response);
        this.negotiateRequestFrame = nq;
        this.validateRequestFrame = vq;
        this.negotiateResponseFrame = ns;
        this.validateResponseFrame = vs;
        this.notes = List.copyOf(notes);
    }

    public List<FieldRow> requestRows() { return request; }
    public List<FieldRow> responseRows() { return response; }
    /** Frame numbers for the column headers (0 = not in the capture). */
    public long negotiateRequestFrame() { return negotiateRequestFrame; }
    public long validateRequestFrame() { return validateRequestFrame; }
    public long negotiateResponseFrame() { return negotiateResponseFrame; }
    public long validateResponseFrame() { return validateResponseFrame; }
    /** Why some values are missing (message not captured, not decodable, error answer). */
    public List<String> notes() { return notes; }

    /** The column header "NEGOTIATE request (frame 4)"; frame 0 reads "(not in capture)". */
    public static String header(String message, long frame) {
        return message + (frame > 0 ? " (frame " + frame + ")" : " (not in capture)");
    }

    /** One message's fields, or why they are missing ({@code absent}). */
    private record Decoded(ValidateFields fields, String absent) {}

    @FunctionalInterface
    private interface Decoder {
        ValidateFields decode(Smb2Message m);
    }

    public static SideBySideModel of(ConnectionReport r) {
        List<String> notes = new ArrayList<>();
        Decoded nq = decode(r.negotiateRequest(), "NEGOTIATE request", notes, ValidateFields::negotiateRequest);
        Decoded vq = decode(r.validateRequest(), "VALIDATE request", notes, ValidateFields::validateRequest);
        Decoded ns = decode(r.negotiateResponse(), "NEGOTIATE response", notes, ValidateFields::negotiateResponse);
        Decoded vs = validateResponse(r.validateResponse(), notes);
        ConnectionReport.Frames f = r.frames();
        List<FieldRow> req = rows(ValidateComparison.REQUEST, nq, vq, r.differences());
        List<FieldRow> resp = rows(ValidateComparison.RESPONSE, ns, vs, r.differences());
        return new SideBySideModel(req, resp,
                frame(f == null ? 0 : f.negotiateRequest(), r.negotiateRequest()),
                frame(f == null ? 0 : f.validateRequest(), r.validateRequest()),
                frame(f == null ? 0 : f.negotiateResponse(), r.negotiateResponse()),
                frame(f == null ? 0 : f.validateResponse(), r.validateResponse()), notes);
    }

    private static long frame(long reported, Smb2Message m) {
        return reported > 0 ? reported : m == null ? 0 : m.lastFrame();
    }

    private static List<FieldRow> rows(String side, Decoded n, Decoded v, List<Difference> diffs) {
        List<Difference> found = n.fields() != null && v.fields() != null
                ? ValidateComparison.compare(side, n.fields(), v.fields()) : List.of();
        List<String> fields = ValidateComparison.fields(side);
        List<FieldRow> out = new ArrayList<>(fields.size());
        for (String field : fields) {
            String a = n.fields() == null ? null : n.fields().text(field);
            String b = v.fields() == null ? null : v.fields().text(field);
            Difference d = find(diffs, side, field);
            String at = a != null ? a : d != null ? FieldFormat.display(field, d.negotiate()) : "(" + n.absent() + ")";
            String bt = b != null ? b : d != null ? FieldFormat.display(field, d.validate()) : "(" + v.absent() + ")";
            FieldRow.Match m;
            if (d != null || find(found, side, field) != null) {
                m = FieldRow.Match.DIFFERS;
            } else if (a != null && b != null) {
                m = FieldRow.Match.SAME;
            } else {
                m = FieldRow.Match.UNKNOWN;
            }
            out.add(new FieldRow(field, at, bt, m));
        }
        return out;
    }

    private static Difference find(List<Difference> diffs, String side, String field) {
        for (Difference d : diffs) {
            if (d.side().equals(side) && d.field().equals(field)) {
                return d;
            }
        }
        return null;
    }

    // --- decoding: each message's fields, or why they are not available -------------------------------

    private static Decoded decode(Smb2Message m, String what, List<String> notes, Decoder decoder) {
        if (m == null) {
            return new Decoded(null, "no " + what + " in capture");
        }
        try {
            return new Decoded(decoder.decode(m), null);
        } catch (Smb2FormatException e) {
            notes.add(what + " (frame " + m.lastFrame() + "): " + e.getMessage());
        } catch (RuntimeException e) {
            // A decoder bug must not cost the view; say so instead of guessing values.
            notes.add(what + " (frame " + m.lastFrame() + "): cannot be decoded (" + e.getClass().getSimpleName() + ")");
        }
        return new Decoded(null, "undecodable");
    }

    private static Decoded validateResponse(Smb2Message m, List<String> notes) {
        if (m != null && m.header().status() != NtStatus.SUCCESS) {
            // An error answer carries no VALIDATE_NEGOTIATE_INFO values (MS-SMB2 2.2.2 ERROR response).
            String status = NtStatus.name(m.header().status());
            notes.add("VALIDATE response (frame " + m.lastFrame() + ") is an error: " + status);
            return new Decoded(null, "error " + status);
        }
        return decode(m, "VALIDATE response", notes, ValidateFields::validateResponse);
    }
}
