package org.negscope.smb2;

/**
 * The packet-detail tree of any message: the specific decoder's tree for the commands NegScope
 * decodes (NEGOTIATE, SESSION_SETUP, LOGOFF, TREE_CONNECT, IOCTL, ERROR responses), header plus
 * StructureSize for the others. Never throws for a message the stream decoder delivered: a body
 * that does not decode shows the header and a "(malformed)" node carrying the reason.
 */
public final class FieldTree {
    private FieldTree() {}

    public static Field describe(Smb2Message m) {
        Smb2Header h = m.header();
        try {
            if (ErrorResponse.isErrorResponse(m)) {
                return ErrorResponse.describe(m);
            }
            boolean rsp = h.isResponse();
            switch (h.command()) {
                case Smb2Command.NEGOTIATE:
                    return rsp ? NegotiateResponse.describe(m) : NegotiateRequest.describe(m);
                case Smb2Command.SESSION_SETUP:
                    return rsp ? SessionSetupResponse.describe(m) : SessionSetupRequest.describe(m);
                case Smb2Command.LOGOFF:
                    return Logoff.describe(m);
                case Smb2Command.TREE_CONNECT:
                    return rsp ? TreeConnectResponse.describe(m) : TreeConnectRequest.describe(m);
                case Smb2Command.IOCTL:
                    return rsp ? IoctlResponse.describe(m) : IoctlRequest.describe(m);
                default:
                    return generic(m, null);
            }
        } catch (Smb2FormatException e) {
            return generic(m, e.getMessage());
        }
    }

    public static Field describe(TransformHeader t) {
        return TransformHeader.describe(t.bytes());
    }

    /** Header, StructureSize and the rest of the body as one node; {@code problem} adds a "(malformed)" node. */
    static Field generic(Smb2Message m, String problem) {
        Smb2Header h = m.header();
        String title = "SMB2 " + h.commandName() + (h.isResponse() ? " Response" : " Request");
        MessageReader r = MessageReader.of(title, m, true);
        Smb2Header.read(r, 0);
        int kept = m.keptLength();
        if (kept >= 66) {
            r.open(h.commandName() + (h.isResponse() ? " Response" : " Request"), 64, "");
            r.u16(64, "StructureSize", MessageReader.DEC);
            if (kept > 66) {
                r.field("Body", 66, (int) Math.min(Integer.MAX_VALUE, m.length() - 66),
                        (m.length() - 66) + " bytes" + (m.truncated() ? " (" + (kept - 66) + " kept)" : ""));
            }
            r.close(kept);
        }
        if (problem != null) {
            r.field("(malformed)", 64, Math.max(0, kept - 64), problem);
        }
        return r.tree(title, h.isResponse() ? h.statusName() : "");
    }
}
