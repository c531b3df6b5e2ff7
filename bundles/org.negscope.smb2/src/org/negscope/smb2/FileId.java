package org.negscope.smb2;

/** SMB2_FILEID (MS-SMB2 2.2.14.1): Persistent and Volatile, 8 bytes each. */
public record FileId(long persistent, long volatileId) {
    /** All 0xFF: the FileId FSCTL_VALIDATE_NEGOTIATE_INFO and other non-handle FSCTLs carry (MS-SMB2 3.2.4.20). */
    public static final FileId ALL_ONES = new FileId(-1L, -1L);

    public boolean isAllOnes() {
        return persistent == -1L && volatileId == -1L;
    }

    @Override
    public String toString() {
        return String.format("%016x-%016x", persistent, volatileId);
    }

    static FileId read(MessageReader r, int off, String name) {
        r.open(name, off, "");
        long p = r.u64(off, "Persistent");
        long v = r.u64(off + 8, "Volatile");
        FileId id = new FileId(p, v);
        if (r.recording()) {
            r.value(id.toString());
        }
        r.close(off + 16);
        return id;
    }
}
