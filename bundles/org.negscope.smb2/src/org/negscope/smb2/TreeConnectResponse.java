package org.negscope.smb2;

/**
 * SMB2 TREE_CONNECT response (MS-SMB2 2.2.10): 64 StructureSize (16), 66 ShareType (1), 67 Reserved,
 * 68 ShareFlags, 72 Capabilities, 76 MaximalAccess. The TreeId is in the header.
 */
public record TreeConnectResponse(int shareType, int shareFlags, int capabilities, int maximalAccess) {
    public static final int STRUCTURE_SIZE = 16;
    public static final int SHARE_TYPE_DISK = 1;
    public static final int SHARE_TYPE_PIPE = 2;
    public static final int SHARE_TYPE_PRINT = 3;
    /** SMB2_SHAREFLAG_ENCRYPT_DATA: traffic on this tree is encrypted (3.x). */
    public static final int SHAREFLAG_ENCRYPT_DATA = 0x00008000;

    private static final String[] FLAG_NAMES = {"MANUAL_CACHING/DFS", "DFS_ROOT", null, null, "AUTO_CACHING",
            "VDO_CACHING", null, null, "RESTRICT_EXCLUSIVE_OPENS", "FORCE_SHARED_DELETE", "ALLOW_NAMESPACE_CACHING",
            "ACCESS_BASED_DIRECTORY_ENUM", "FORCE_LEVELII_OPLOCK", "ENABLE_HASH_V1", "ENABLE_HASH_V2", "ENCRYPT_DATA",
            null, null, "IDENTITY_REMOTING", null, "COMPRESS_DATA", "ISOLATED_TRANSPORT"};
    private static final String[] CAP_NAMES = {null, null, null, "DFS", "CONTINUOUS_AVAILABILITY", "SCALEOUT",
            "CLUSTER", "ASYMMETRIC", "REDIRECT_TO_OWNER"};

    public static String shareTypeName(int t) {
        return switch (t) {
            case SHARE_TYPE_DISK -> "DISK";
            case SHARE_TYPE_PIPE -> "PIPE";
            case SHARE_TYPE_PRINT -> "PRINT";
            default -> String.format("0x%02x", t);
        };
    }

    public boolean encryptData() {
        return (shareFlags & SHAREFLAG_ENCRYPT_DATA) != 0;
    }

    public static TreeConnectResponse decode(Smb2Message m) {
        return read(Body.reader("TreeConnectResponse", m, false, Smb2Command.TREE_CONNECT, true), m);
    }

    public static Field describe(Smb2Message m) {
        MessageReader r = Body.reader("TreeConnectResponse", m, true, Smb2Command.TREE_CONNECT, true);
        read(r, m);
        return r.tree("SMB2 TREE_CONNECT Response", m.header().statusName());
    }

    private static TreeConnectResponse read(MessageReader r, Smb2Message m) {
        r.open("TREE_CONNECT Response", 64, "");
        Body.structureSize(r, STRUCTURE_SIZE, m);
        int type = r.u8(66, "ShareType", v -> shareTypeName((int) v));
        r.u8(67, "Reserved");
        int flags = (int) r.u32(68, "ShareFlags", v -> Flags.describe(v, 8, FLAG_NAMES));
        int caps = (int) r.u32(72, "Capabilities", v -> Flags.describe(v, 8, CAP_NAMES));
        int access = (int) r.u32(76, "MaximalAccess");
        r.close(m.keptLength());
        return new TreeConnectResponse(type, flags, caps, access);
    }

    public byte[] encode(Smb2Header header) {
        if (header.command() != Smb2Command.TREE_CONNECT || !header.isResponse()) {
            throw new IllegalArgumentException("header is not a TREE_CONNECT response header");
        }
        return new LeWriter(80).bytes(header.encode()).u16(STRUCTURE_SIZE).u8(shareType).u8(0)
                .u32(shareFlags & 0xffffffffL).u32(capabilities & 0xffffffffL).u32(maximalAccess & 0xffffffffL)
                .toByteArray();
    }
}
