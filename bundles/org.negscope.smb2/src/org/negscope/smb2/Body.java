package org.negscope.smb2;

/** Helpers shared by the body decoders: command check, header in the field tree, StructureSize. */
final class Body {
    private Body() {}

    static final int START = Smb2Header.SIZE;

    static MessageReader reader(String type, Smb2Message m, boolean record, int command, boolean response) {
        Smb2Header h = m.header();
        if (h.command() != command || h.isResponse() != response) {
            throw new Smb2FormatException(type + ": the message is " + what(h) + ", not " + Smb2Command.name(command)
                    + (response ? " response" : " request"));
        }
        MessageReader r = MessageReader.of(type, m, record);
        if (record) {
            Smb2Header.read(r, 0);
        }
        return r;
    }

    static String what(Smb2Header h) {
        return "an SMB2 " + h.commandName() + (h.isResponse() ? " response (" + h.statusName() + ")" : " request");
    }

    static int structureSize(MessageReader r, int expected, Smb2Message m) {
        int s = r.u16(START, "StructureSize", MessageReader.DEC);
        if (s != expected) {
            String hint = s == ErrorResponse.STRUCTURE_SIZE && m != null && m.header().isResponse()
                    ? " (this is an SMB2 ERROR response, status " + m.header().statusName() + ")" : "";
            throw r.error("StructureSize", s + " at offset 0x40 is not " + expected + hint);
        }
        return s;
    }

    static int align8(int off) {
        return (off + 7) & ~7;
    }
}
