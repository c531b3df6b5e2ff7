package org.negscope.analysis;

import org.negscope.smb2.Dialect;

/**
 * What the client offered in NEGOTIATE, which tells whether it implements SMB 3 and so whether a connection without
 * VALIDATE is {@code NOT_SENT} (the client skipped it) or {@code NOT_APPLICABLE} (a 2.x-only client never sends it).
 * Taken from the Dialects of its last SMB2 NEGOTIATE request; failing that, from the dialect strings of its SMB1
 * multi-protocol NEGOTIATE ("SMB 2.002" only: 2.x; "SMB 2.???": unknown, the SMB2 NEGOTIATE that would tell is not
 * there); failing that, from the Dialects of a VALIDATE request. See docs/protocol.md, "Verdict rules".
 *
 * @param smb3 whether the client offered a 3.x dialect
 * @param text what it offered and where, e.g. "offered 2.0.2, 2.1, 3.0 (NEGOTIATE request frame 92)"
 */
record ClientOffer(Smb3 smb3, String text) {
    enum Smb3 { YES, NO, UNKNOWN }

    static ClientOffer of(ConnectionState s) {
        if (s.negotiateRequest != null && s.negotiateRequest.dialects() != null && s.negotiateRequest.dialects().length > 0) {
            int[] ds = s.negotiateRequest.dialects();
            return new ClientOffer(any3x(ds) ? Smb3.YES : Smb3.NO,
                    (any3x(ds) ? "offered " : "offered only ") + list(ds) + " (NEGOTIATE request frame " + s.negotiateRequest.frame() + ")");
        }
        if (s.smb1DialectsSeen && s.negotiateRequest == null) {
            if (s.smb1OffersWildcard) {
                return new ClientOffer(Smb3.UNKNOWN, "offered \"SMB 2.???\" in its SMB1 multi-protocol NEGOTIATE (frame "
                        + s.smb1NegotiateFrame + "), which does not say which SMB2 dialects it implements");
            }
            if (s.smb1Offers2002) {
                return new ClientOffer(Smb3.NO, "offered only \"SMB 2.002\" of the SMB2 dialects in its SMB1 multi-protocol NEGOTIATE (frame "
                        + s.smb1NegotiateFrame + ")");
            }
        }
        for (ValidateExchange v : s.validates) {
            if (v.requestDecoded && v.dialects != null && v.dialects.length > 0) {
                return new ClientOffer(any3x(v.dialects) ? Smb3.YES : Smb3.NO,
                        (any3x(v.dialects) ? "listed " : "listed only ") + list(v.dialects) + " in its VALIDATE request (frame " + v.requestFrame + "; the NEGOTIATE request is not in the capture)");
            }
        }
        return new ClientOffer(Smb3.UNKNOWN, "sent no NEGOTIATE request this capture shows");
    }

    /** 3.0, 3.0.2, 3.1.1 and the pre-release 3.x numbers (0x0310) some clients still offer. */
    static boolean any3x(int[] dialects) {
        for (int d : dialects) {
            if (d >= Dialect.SMB_3_0 && d < 0x0400) {
                return true;
            }
        }
        return false;
    }

    private static String list(int[] ds) {
        return String.join(", ", Dialect.names(ds));
    }
}
