package org.negscope.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The field-by-field checks of MS-SMB2 — the one implementation, used by the capture analysis, the probe and the
 * reports: the server's (3.3.5.15.12: the VALIDATE request against what the client's NEGOTIATE request carried) and
 * the client's (3.2.5.14.12: the VALIDATE response against the server's NEGOTIATE response). Field names, their
 * order and the value formats are those of the JSON contract (docs/cli.md); the rules are in docs/protocol.md.
 */
public final class ValidateComparison {
    private ValidateComparison() {}

    public static final String REQUEST = "request";
    public static final String RESPONSE = "response";

    /** The field names (docs/cli.md "differences"). */
    public static final String CAPABILITIES = "Capabilities", GUID = "Guid", SECURITY_MODE = "SecurityMode",
            DIALECTS = "Dialects", DIALECT = "Dialect";
    /** The fields of each side in the order every side-by-side table shows them. */
    public static final List<String> REQUEST_FIELDS = List.of(CAPABILITIES, GUID, SECURITY_MODE, DIALECTS);
    public static final List<String> RESPONSE_FIELDS = List.of(CAPABILITIES, GUID, SECURITY_MODE, DIALECT);

    /** The fields of {@code side} ({@link #REQUEST} or {@link #RESPONSE}) in table order. */
    public static List<String> fields(String side) {
        return REQUEST.equals(side) ? REQUEST_FIELDS : RESPONSE_FIELDS;
    }

    /** The server's check (3.3.5.15.12) on decoded messages: {@link ValidateFields#negotiateRequest} against {@link ValidateFields#validateRequest}. */
    public static List<Difference> requestSide(ValidateFields negotiate, ValidateFields validate) {
        return requestSide(negotiate.capabilities(), negotiate.guid(), negotiate.securityMode(), negotiate.dialects(),
                validate.capabilities(), validate.guid(), validate.securityMode(), validate.dialects());
    }

    /** The client's check (3.2.5.14.12) on decoded messages: {@link ValidateFields#negotiateResponse} against {@link ValidateFields#validateResponse}. */
    public static List<Difference> responseSide(ValidateFields negotiate, ValidateFields validate) {
        return responseSide(negotiate.capabilities(), negotiate.guid(), negotiate.securityMode(), negotiate.dialect(),
                validate.capabilities(), validate.guid(), validate.securityMode(), validate.dialect());
    }

    /** The check of {@code side} ({@link #REQUEST}: the server's, {@link #RESPONSE}: the client's) on decoded messages. */
    public static List<Difference> compare(String side, ValidateFields negotiate, ValidateFields validate) {
        return REQUEST.equals(side) ? requestSide(negotiate, validate) : responseSide(negotiate, validate);
    }

    /** Request side; empty when the NEGOTIATE request or the decoded VALIDATE request is missing. */
    static List<Difference> requestSide(NegotiateRequestFields n, ValidateExchange v) {
        if (n == null || !v.requestDecoded) {
            return new ArrayList<>(2);
        }
        return requestSide(n.capabilities(), n.clientGuid(), n.securityMode(), n.dialects(),
                v.capabilities, v.clientGuid, v.clientSecurityMode, v.dialects);
    }

    /**
     * The server's check (3.3.5.15.12): the NEGOTIATE request's Capabilities, ClientGuid, SecurityMode and Dialects
     * against those of the VALIDATE request.
     */
    public static List<Difference> requestSide(long capabilities, UUID clientGuid, int securityMode, int[] dialects,
                                               long vCapabilities, UUID vGuid, int vSecurityMode, int[] vDialects) {
        List<Difference> out = common(REQUEST, capabilities, clientGuid, securityMode, vCapabilities, vGuid, vSecurityMode);
        // A server that implements 3.1.1 demands the very same array (3.3.5.15.12); the older rule
        // (greatest common dialect) is weaker, so equality is the check that holds for every server.
        if (!Arrays.equals(dialects, vDialects)) {
            out.add(new Difference(REQUEST, DIALECTS, FieldFormat.dialects(dialects), FieldFormat.dialects(vDialects)));
        }
        return out;
    }

    /** Response side; empty when the NEGOTIATE response or a decoded successful VALIDATE response is missing. */
    static List<Difference> responseSide(NegotiateResponseFields n, ValidateExchange v) {
        if (n == null || !v.responseDecoded) {
            return new ArrayList<>(2);
        }
        return responseSide(n.capabilities(), n.serverGuid(), n.securityMode(), n.dialect(),
                v.serverCapabilities, v.serverGuid, v.serverSecurityMode, v.dialect);
    }

    /**
     * The client's check (3.2.5.14.12): the NEGOTIATE response's Capabilities, ServerGuid, SecurityMode and
     * DialectRevision against those of the VALIDATE response.
     */
    public static List<Difference> responseSide(long capabilities, UUID serverGuid, int securityMode, int dialect,
                                                long vCapabilities, UUID vGuid, int vSecurityMode, int vDialect) {
        List<Difference> out = common(RESPONSE, capabilities, serverGuid, securityMode, vCapabilities, vGuid, vSecurityMode);
        if ((dialect & 0xffff) != (vDialect & 0xffff)) {
            out.add(new Difference(RESPONSE, DIALECT, FieldFormat.dialect(dialect), FieldFormat.dialect(vDialect)));
        }
        return out;
    }

    /** Capabilities, Guid and SecurityMode, which both checks compare alike. */
    private static List<Difference> common(String side, long capabilities, UUID guid, int securityMode, long vCapabilities,
                                           UUID vGuid, int vSecurityMode) {
        List<Difference> out = new ArrayList<>(2);
        if ((capabilities & 0xffffffffL) != (vCapabilities & 0xffffffffL)) {
            out.add(new Difference(side, CAPABILITIES, FieldFormat.capabilities(capabilities), FieldFormat.capabilities(vCapabilities)));
        }
        if (!Objects.equals(guid, vGuid)) {
            out.add(new Difference(side, GUID, text(guid), text(vGuid)));
        }
        if ((securityMode & 0xffff) != (vSecurityMode & 0xffff)) {
            out.add(new Difference(side, SECURITY_MODE, FieldFormat.securityMode(securityMode), FieldFormat.securityMode(vSecurityMode)));
        }
        return out;
    }

    private static String text(java.util.UUID g) { return g == null ? "(none)" : FieldFormat.guid(g); }

    /** "(LARGE_MTU differs)" for Capabilities and SecurityMode, "" otherwise: which bits make the difference. */
    public static String bitsNote(Difference d) {
        String bits = switch (d.field()) {
            case "Capabilities" -> FieldFormat.capabilityBitsDiffering(Long.decode(d.negotiate()), Long.decode(d.validate()));
            case "SecurityMode" -> FieldFormat.securityModeBitsDiffering(Integer.decode(d.negotiate()), Integer.decode(d.validate()));
            default -> "";
        };
        return bits.isEmpty() ? "" : " (" + bits + ")";
    }

    /** "Capabilities 0x0000007f in NEGOTIATE vs 0x0000007b in VALIDATE (LARGE_MTU differs); ..." */
    public static String describe(List<Difference> ds) {
        StringBuilder sb = new StringBuilder();
        for (Difference d : ds) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(d.field()).append(' ').append(d.negotiate()).append(" in NEGOTIATE vs ").append(d.validate())
                    .append(" in VALIDATE").append(bitsNote(d));
        }
        return sb.toString();
    }
}
