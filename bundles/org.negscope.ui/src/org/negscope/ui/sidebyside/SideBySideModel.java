package org.negscope.ui.sidebyside;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.smb2.Capabilities;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.IoctlRequest;
import org.negscope.smb2.IoctlResponse;
import org.negscope.smb2.NegotiateRequest;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.SecurityMode;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.ValidateNegotiateInfoRequest;
import org.negscope.smb2.ValidateNegotiateInfoResponse;

/**
 * What the "Negotiate | Validate" view shows for one connection, computed without SWT: the server's check
 * (MS-SMB2 3.3.5.15.12, VALIDATE request against the NEGOTIATE request) and the client's check
 * (3.2.5.14.12, VALIDATE response against the NEGOTIATE response), one {@link FieldRow} per field.
 * <p>
 * Values are decoded from the messages the analysis kept, so equal fields are shown too (the analysis
 * only lists differences). A row differs when the decoded values differ or when the analysis named the
 * field in {@link ConnectionReport#differences()}; when a message is missing or undecodable the analysis'
 * values stand in for differing fields and the others say why they cannot be compared.
 */
public final class SideBySideModel {
    public static final String CAPABILITIES = "Capabilities";
    public static final String GUID = "Guid";
    public static final String SECURITY_MODE = "SecurityMode";
    public static final String DIALECTS = "Dialects";
    public static final String DIALECT = "Dialect";

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

    /** A decoded value: {@code raw} compares, {@code text} is shown. */
    private record Value(Object raw, String text) {}

    /** The four fields of one message, or the reason they are missing ({@code absent}). */
    private static final class Fields {
        Value capabilities, guid, securityMode, dialect;
        String absent;

        static Fields absent(String why) {
            Fields f = new Fields();
            f.absent = why;
            return f;
        }
        Value get(String field) {
            return switch (field) {
                case CAPABILITIES -> capabilities;
                case GUID -> guid;
                case SECURITY_MODE -> securityMode;
                default -> dialect;
            };
        }
    }

    public static SideBySideModel of(ConnectionReport r) {
        List<String> notes = new ArrayList<>();
        Fields nq = negotiateRequest(r.negotiateRequest(), notes);
        Fields vq = validateRequest(r.validateRequest(), notes);
        Fields ns = negotiateResponse(r.negotiateResponse(), notes);
        Fields vs = validateResponse(r.validateResponse(), notes);
        ConnectionReport.Frames f = r.frames();
        List<FieldRow> req = rows("request", List.of(CAPABILITIES, GUID, SECURITY_MODE, DIALECTS), nq, vq, r.differences());
        List<FieldRow> resp = rows("response", List.of(CAPABILITIES, GUID, SECURITY_MODE, DIALECT), ns, vs, r.differences());
        return new SideBySideModel(req, resp,
                frame(f == null ? 0 : f.negotiateRequest(), r.negotiateRequest()),
                frame(f == null ? 0 : f.validateRequest(), r.validateRequest()),
                frame(f == null ? 0 : f.negotiateResponse(), r.negotiateResponse()),
                frame(f == null ? 0 : f.validateResponse(), r.validateResponse()), notes);
    }

    private static long frame(long reported, Smb2Message m) {
        return reported > 0 ? reported : m == null ? 0 : m.lastFrame();
    }

    private static List<FieldRow> rows(String side, List<String> fields, Fields n, Fields v, List<Difference> diffs) {
        List<FieldRow> out = new ArrayList<>(fields.size());
        for (String field : fields) {
            Value a = n.absent == null ? n.get(field) : null;
            Value b = v.absent == null ? v.get(field) : null;
            Difference d = find(diffs, side, field);
            String at = a != null ? a.text() : d != null ? d.negotiate() : "(" + n.absent + ")";
            String bt = b != null ? b.text() : d != null ? d.validate() : "(" + v.absent + ")";
            FieldRow.Match m;
            if (d != null || (a != null && b != null && !Objects.equals(a.raw(), b.raw()))) {
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

    private static Fields negotiateRequest(Smb2Message m, List<String> notes) {
        if (m == null) {
            return Fields.absent("no NEGOTIATE request in capture");
        }
        try {
            NegotiateRequest q = NegotiateRequest.decode(m);
            return fields(q.capabilities(), q.clientGuid(), q.securityMode(), dialects(q.dialects()));
        } catch (Smb2FormatException e) {
            notes.add("NEGOTIATE request (frame " + m.lastFrame() + "): " + e.getMessage());
            return Fields.absent("undecodable");
        }
    }

    private static Fields negotiateResponse(Smb2Message m, List<String> notes) {
        if (m == null) {
            return Fields.absent("no NEGOTIATE response in capture");
        }
        try {
            NegotiateResponse s = NegotiateResponse.decode(m);
            return fields(s.capabilities(), s.serverGuid(), s.securityMode(),
                    new Value(s.dialectRevision() & 0xffff, Dialect.name(s.dialectRevision() & 0xffff)));
        } catch (Smb2FormatException e) {
            notes.add("NEGOTIATE response (frame " + m.lastFrame() + "): " + e.getMessage());
            return Fields.absent("undecodable");
        }
    }

    private static Fields validateRequest(Smb2Message m, List<String> notes) {
        if (m == null) {
            return Fields.absent("no VALIDATE request in capture");
        }
        try {
            ValidateNegotiateInfoRequest q = ValidateNegotiateInfoRequest.decode(IoctlRequest.decode(m).input());
            return fields(q.capabilities(), q.guid(), q.securityMode(), dialects(q.dialects()));
        } catch (Smb2FormatException e) {
            notes.add("VALIDATE request (frame " + m.lastFrame() + "): " + e.getMessage());
            return Fields.absent("undecodable");
        }
    }

    private static Fields validateResponse(Smb2Message m, List<String> notes) {
        if (m == null) {
            return Fields.absent("no VALIDATE response in capture");
        }
        long status = m.header().status();
        if (status != NtStatus.SUCCESS) {
            // An error answer carries no VALIDATE_NEGOTIATE_INFO values (MS-SMB2 2.2.2 ERROR response).
            notes.add("VALIDATE response (frame " + m.lastFrame() + ") is an error: " + NtStatus.name(status));
            return Fields.absent("error " + NtStatus.name(status));
        }
        try {
            ValidateNegotiateInfoResponse s = ValidateNegotiateInfoResponse.decode(IoctlResponse.decode(m).output());
            return fields(s.capabilities(), s.guid(), s.securityMode(),
                    new Value(s.dialect() & 0xffff, Dialect.name(s.dialect() & 0xffff)));
        } catch (Smb2FormatException e) {
            notes.add("VALIDATE response (frame " + m.lastFrame() + "): " + e.getMessage());
            return Fields.absent("undecodable");
        }
    }

    private static Fields fields(long capabilities, UUID guid, int securityMode, Value dialect) {
        Fields f = new Fields();
        long caps = capabilities & 0xffffffffL;
        f.capabilities = new Value(caps, Capabilities.describe((int) caps));
        f.guid = new Value(guid, guid == null ? "(none)" : guid.toString());
        f.securityMode = new Value(securityMode & 0xffff, SecurityMode.describe(securityMode & 0xffff));
        f.dialect = dialect;
        return f;
    }

    private static Value dialects(int[] ds) {
        int[] copy = ds == null ? new int[0] : ds.clone();
        return new Value(Arrays.stream(copy).boxed().toList(), Dialect.names(copy).toString());
    }
}
