package org.negscope.analysis;

import java.util.UUID;
import org.negscope.smb2.NegotiateRequest;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.ValidateNegotiateInfoRequest;
import org.negscope.smb2.ValidateNegotiateInfoResponse;

/**
 * The four fields one message contributes to the VALIDATE comparison (docs/protocol.md), decoded from the message the
 * report kept: Capabilities, Guid, SecurityMode and, on the request side, Dialects (MS-SMB2 2.2.3 NEGOTIATE request,
 * 2.2.31.4 VALIDATE_NEGOTIATE_INFO request) or, on the response side, Dialect (2.2.4 NEGOTIATE response, 2.2.32.6
 * VALIDATE_NEGOTIATE_INFO response). The side-by-side tables of the reports and the workbench show every field, equal
 * ones too, so they decode the messages; {@link ValidateComparison} compares, {@link #text} writes the values.
 *
 * Compare two of them with {@link ValidateComparison}, not {@code equals} (a record compares its array by identity).
 *
 * @param dialects the request side's Dialects (null on the response side)
 * @param dialect  the response side's DialectRevision / Dialect (-1 on the request side)
 */
public record ValidateFields(long capabilities, UUID guid, int securityMode, int[] dialects, int dialect) {

    /** The NEGOTIATE request's Capabilities, ClientGuid, SecurityMode and Dialects; throws Smb2FormatException when unreadable. */
    public static ValidateFields negotiateRequest(Smb2Message m) {
        NegotiateRequest q = NegotiateRequest.decode(m);
        return new ValidateFields(q.capabilities() & 0xffffffffL, q.clientGuid(), q.securityMode(), q.dialects(), -1);
    }

    /** The VALIDATE_NEGOTIATE_INFO request's fields (an IOCTL with CtlCode FSCTL_VALIDATE_NEGOTIATE_INFO). */
    public static ValidateFields validateRequest(Smb2Message m) {
        ValidateNegotiateInfoRequest q = ValidateNegotiateInfoRequest.decode(m);
        return new ValidateFields(q.capabilities() & 0xffffffffL, q.guid(), q.securityMode(), q.dialects(), -1);
    }

    /** The NEGOTIATE response's Capabilities, ServerGuid, SecurityMode and DialectRevision. */
    public static ValidateFields negotiateResponse(Smb2Message m) {
        NegotiateResponse s = NegotiateResponse.decode(m);
        return new ValidateFields(s.capabilities() & 0xffffffffL, s.serverGuid(), s.securityMode(), null, s.dialectRevision() & 0xffff);
    }

    /** The VALIDATE_NEGOTIATE_INFO response's fields; the message must be a successful answer (an error has no body). */
    public static ValidateFields validateResponse(Smb2Message m) {
        ValidateNegotiateInfoResponse s = ValidateNegotiateInfoResponse.decode(m);
        return new ValidateFields(s.capabilities() & 0xffffffffL, s.guid(), s.securityMode(), null, s.dialect() & 0xffff);
    }

    /**
     * One field as the side-by-side tables show it ({@link FieldFormat#display}): "0x0000004f (DFS, LEASING, …)",
     * the GUID, "0x0001 (SIGNING_ENABLED)", "2.0.2, 2.1, 3.0" or "3.0.2". {@code field} is a name of
     * {@link ValidateComparison#REQUEST_FIELDS} / {@link ValidateComparison#RESPONSE_FIELDS}.
     */
    public String text(String field) {
        return switch (field) {
            case ValidateComparison.CAPABILITIES -> FieldFormat.display(field, FieldFormat.capabilities(capabilities));
            case ValidateComparison.GUID -> guid == null ? null : FieldFormat.guid(guid);
            case ValidateComparison.SECURITY_MODE -> FieldFormat.display(field, FieldFormat.securityMode(securityMode));
            case ValidateComparison.DIALECTS -> dialects == null ? null : FieldFormat.display(field, FieldFormat.dialects(dialects));
            case ValidateComparison.DIALECT -> dialect < 0 ? null : FieldFormat.dialect(dialect);
            default -> throw new IllegalArgumentException("not a VALIDATE field: " + field);
        };
    }
}
