package org.negscope.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The field-by-field checks of MS-SMB2: the server's (3.3.5.15.12: the VALIDATE request against what the
 * client's NEGOTIATE request carried) and the client's (3.2.5.14.12: the VALIDATE response against the
 * server's NEGOTIATE response). Order and names follow docs/cli.md.
 */
final class ValidateComparison {
    private ValidateComparison() {}

    static final String REQUEST = "request";
    static final String RESPONSE = "response";

    /** Request side; empty when the NEGOTIATE request or the decoded VALIDATE request is missing. */
    static List<Difference> requestSide(NegotiateRequestFields n, ValidateExchange v) {
        List<Difference> out = new ArrayList<>(2);
        if (n == null || !v.requestDecoded) {
            return out;
        }
        if ((n.capabilities() & 0xffffffffL) != (v.capabilities & 0xffffffffL)) {
            out.add(new Difference(REQUEST, "Capabilities", FieldFormat.capabilities(n.capabilities()),
                    FieldFormat.capabilities(v.capabilities)));
        }
        if (!Objects.equals(n.clientGuid(), v.clientGuid)) {
            out.add(new Difference(REQUEST, "Guid", text(n.clientGuid()), text(v.clientGuid)));
        }
        if ((n.securityMode() & 0xffff) != (v.clientSecurityMode & 0xffff)) {
            out.add(new Difference(REQUEST, "SecurityMode", FieldFormat.securityMode(n.securityMode()),
                    FieldFormat.securityMode(v.clientSecurityMode)));
        }
        // A server that implements 3.1.1 demands the very same array (3.3.5.15.12); the older rule
        // (greatest common dialect) is weaker, so equality is the check that holds for every server.
        if (!Arrays.equals(n.dialects(), v.dialects)) {
            out.add(new Difference(REQUEST, "Dialects", FieldFormat.dialects(n.dialects()), FieldFormat.dialects(v.dialects)));
        }
        return out;
    }

    /** Response side; empty when the NEGOTIATE response or a decoded successful VALIDATE response is missing. */
    static List<Difference> responseSide(NegotiateResponseFields n, ValidateExchange v) {
        List<Difference> out = new ArrayList<>(2);
        if (n == null || !v.responseDecoded) {
            return out;
        }
        if ((n.capabilities() & 0xffffffffL) != (v.serverCapabilities & 0xffffffffL)) {
            out.add(new Difference(RESPONSE, "Capabilities", FieldFormat.capabilities(n.capabilities()),
                    FieldFormat.capabilities(v.serverCapabilities)));
        }
        if (!Objects.equals(n.serverGuid(), v.serverGuid)) {
            out.add(new Difference(RESPONSE, "Guid", text(n.serverGuid()), text(v.serverGuid)));
        }
        if ((n.securityMode() & 0xffff) != (v.serverSecurityMode & 0xffff)) {
            out.add(new Difference(RESPONSE, "SecurityMode", FieldFormat.securityMode(n.securityMode()),
                    FieldFormat.securityMode(v.serverSecurityMode)));
        }
        if ((n.dialect() & 0xffff) != (v.dialect & 0xffff)) {
            out.add(new Difference(RESPONSE, "Dialect", FieldFormat.dialect(n.dialect()), FieldFormat.dialect(v.dialect)));
        }
        return out;
    }

    private static String text(java.util.UUID g) { return g == null ? "(none)" : FieldFormat.guid(g); }

    /** "(LARGE_MTU differs)" for Capabilities and SecurityMode, "" otherwise: which bits make the difference. */
    static String bitsNote(Difference d) {
        String bits = switch (d.field()) {
            case "Capabilities" -> FieldFormat.capabilityBitsDiffering(Long.decode(d.negotiate()), Long.decode(d.validate()));
            case "SecurityMode" -> FieldFormat.securityModeBitsDiffering(Integer.decode(d.negotiate()), Integer.decode(d.validate()));
            default -> "";
        };
        return bits.isEmpty() ? "" : " (" + bits + ")";
    }
}
