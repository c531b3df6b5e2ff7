package org.negscope.smb2;

/** SMB2 LOGOFF request and response (MS-SMB2 2.2.7, 2.2.8): StructureSize (4), Reserved (2). */
public final class Logoff {
    private Logoff() {}

    public static final int STRUCTURE_SIZE = 4;

    /** Checks the body of a LOGOFF request or response; returns its Reserved field. */
    public static int decode(Smb2Message m) {
        return read(reader(m, false), m);
    }

    public static Field describe(Smb2Message m) {
        MessageReader r = reader(m, true);
        read(r, m);
        return r.tree("SMB2 LOGOFF " + (m.header().isResponse() ? "Response" : "Request"), "");
    }

    private static MessageReader reader(Smb2Message m, boolean record) {
        return Body.reader("Logoff", m, record, Smb2Command.LOGOFF, m.header().isResponse());
    }

    private static int read(MessageReader r, Smb2Message m) {
        r.open("LOGOFF " + (m.header().isResponse() ? "Response" : "Request"), 64, "");
        Body.structureSize(r, STRUCTURE_SIZE, m);
        int reserved = r.u16(66, "Reserved");
        r.close(68);
        return reserved;
    }

    /** A LOGOFF request or response message with {@code header}. */
    public static byte[] encode(Smb2Header header) {
        if (header.command() != Smb2Command.LOGOFF) {
            throw new IllegalArgumentException("header is not a LOGOFF header");
        }
        return new LeWriter(68).bytes(header.encode()).u16(STRUCTURE_SIZE).u16(0).toByteArray();
    }
}
