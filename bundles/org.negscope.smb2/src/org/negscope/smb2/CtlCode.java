package org.negscope.smb2;

/** IOCTL/FSCTL control codes seen in SMB2 IOCTL requests (MS-SMB2 2.2.31 CtlCode, MS-FSCC 2.3). */
public final class CtlCode {
    private CtlCode() {}

    public static final int FSCTL_DFS_GET_REFERRALS = 0x00060194;
    public static final int FSCTL_PIPE_PEEK = 0x0011400C;
    public static final int FSCTL_PIPE_WAIT = 0x00110018;
    public static final int FSCTL_PIPE_TRANSCEIVE = 0x0011C017;
    public static final int FSCTL_SRV_COPYCHUNK = 0x001440F2;
    public static final int FSCTL_SRV_ENUMERATE_SNAPSHOTS = 0x00144064;
    public static final int FSCTL_SRV_REQUEST_RESUME_KEY = 0x00140078;
    public static final int FSCTL_SRV_READ_HASH = 0x001441BB;
    public static final int FSCTL_SRV_COPYCHUNK_WRITE = 0x001480F2;
    public static final int FSCTL_LMR_REQUEST_RESILIENCY = 0x001401D4;
    public static final int FSCTL_QUERY_NETWORK_INTERFACE_INFO = 0x001401FC;
    public static final int FSCTL_SET_REPARSE_POINT = 0x000900A4;
    public static final int FSCTL_DFS_GET_REFERRALS_EX = 0x000601B0;
    public static final int FSCTL_FILE_LEVEL_TRIM = 0x00098208;
    /** MS-SMB2 2.2.31.4: the request this whole tool is about. */
    public static final int FSCTL_VALIDATE_NEGOTIATE_INFO = 0x00140204;

    public static String name(int code) {
        return switch (code) {
            case FSCTL_DFS_GET_REFERRALS -> "FSCTL_DFS_GET_REFERRALS";
            case FSCTL_PIPE_PEEK -> "FSCTL_PIPE_PEEK";
            case FSCTL_PIPE_WAIT -> "FSCTL_PIPE_WAIT";
            case FSCTL_PIPE_TRANSCEIVE -> "FSCTL_PIPE_TRANSCEIVE";
            case FSCTL_SRV_COPYCHUNK -> "FSCTL_SRV_COPYCHUNK";
            case FSCTL_SRV_ENUMERATE_SNAPSHOTS -> "FSCTL_SRV_ENUMERATE_SNAPSHOTS";
            case FSCTL_SRV_REQUEST_RESUME_KEY -> "FSCTL_SRV_REQUEST_RESUME_KEY";
            case FSCTL_SRV_READ_HASH -> "FSCTL_SRV_READ_HASH";
            case FSCTL_SRV_COPYCHUNK_WRITE -> "FSCTL_SRV_COPYCHUNK_WRITE";
            case FSCTL_LMR_REQUEST_RESILIENCY -> "FSCTL_LMR_REQUEST_RESILIENCY";
            case FSCTL_QUERY_NETWORK_INTERFACE_INFO -> "FSCTL_QUERY_NETWORK_INTERFACE_INFO";
            case FSCTL_SET_REPARSE_POINT -> "FSCTL_SET_REPARSE_POINT";
            case FSCTL_DFS_GET_REFERRALS_EX -> "FSCTL_DFS_GET_REFERRALS_EX";
            case FSCTL_FILE_LEVEL_TRIM -> "FSCTL_FILE_LEVEL_TRIM";
            case FSCTL_VALIDATE_NEGOTIATE_INFO -> "FSCTL_VALIDATE_NEGOTIATE_INFO";
            default -> String.format("0x%08x", code);
        };
    }
}
