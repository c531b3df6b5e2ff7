package org.negscope.smb2;

/**
 * SMB2 TREE_CONNECT request (MS-SMB2 2.2.9): 64 StructureSize (9), 66 Flags (3.1.1) / Reserved,
 * 68 PathOffset, 70 PathLength, 72 Buffer (the share path \\server\share, UTF-16LE).
 * With EXTENSION_PRESENT (3.1.1) the Buffer starts with a TREE_CONNECT_REQUEST_EXTENSION; the path is
 * still located by PathOffset/PathLength, which is all that is decoded here.
 */
public record TreeConnectRequest(int flags, String path) {
    public static final int STRUCTURE_SIZE = 9;
    public static final int FLAG_CLUSTER_RECONNECT = 0x0001;
    public static final int FLAG_REDIRECT_TO_OWNER = 0x0002;
    public static final int FLAG_EXTENSION_PRESENT = 0x0004;
    static final int BUFFER_OFFSET = 72;

    private static final String[] NAMES = {"CLUSTER_RECONNECT", "REDIRECT_TO_OWNER", "EXTENSION_PRESENT"};

    public TreeConnectRequest {
        path = path == null ? "" : path;
    }

    /** The share name: the last path component ("IPC$" for {@code \\server\IPC$}). */
    public String shareName() {
        int i = path.lastIndexOf('\\');
        return i < 0 ? path : path.substring(i + 1);
    }

    public static TreeConnectRequest decode(Smb2Message m) {
        return read(Body.reader("TreeConnectRequest", m, false, Smb2Command.TREE_CONNECT, false), m);
    }

    public static Field describe(Smb2Message m) {
        MessageReader r = Body.reader("TreeConnectRequest", m, true, Smb2Command.TREE_CONNECT, false);
        read(r, m);
        return r.tree("SMB2 TREE_CONNECT Request", "");
    }

    private static TreeConnectRequest read(MessageReader r, Smb2Message m) {
        r.open("TREE_CONNECT Request", 64, "");
        Body.structureSize(r, STRUCTURE_SIZE, m);
        int flags = r.u16(66, "Flags", v -> Flags.describe(v, 4, NAMES));
        int off = r.u16(68, "PathOffset");
        int len = r.u16(70, "PathLength", MessageReader.DEC);
        r.pointer("PathOffset", off, "PathLength", len);
        String path = len == 0 ? "" : r.utf16(off, len, "Buffer (PathName)");
        r.close(m.keptLength());
        return new TreeConnectRequest(flags, path);
    }

    public byte[] encode(Smb2Header header) {
        if (header.command() != Smb2Command.TREE_CONNECT || header.isResponse()) {
            throw new IllegalArgumentException("header is not a TREE_CONNECT request header");
        }
        byte[] p = Ntlmssp.encodeString(path, true);
        LeWriter w = new LeWriter(BUFFER_OFFSET + p.length);
        w.bytes(header.encode()).u16(STRUCTURE_SIZE).u16(flags).u16(BUFFER_OFFSET).u16(p.length).bytes(p);
        if (p.length == 0) {
            w.u8(0);
        }
        return w.toByteArray();
    }
}
