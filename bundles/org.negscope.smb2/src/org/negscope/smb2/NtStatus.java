package org.negscope.smb2;

import java.util.Map;

/** NTSTATUS values seen in SMB2 (MS-ERREF 2.3.1) and their names. */
public final class NtStatus {
    private NtStatus() {}

    public static final long SUCCESS = 0x00000000L;
    public static final long PENDING = 0x00000103L;
    public static final long NOTIFY_ENUM_DIR = 0x0000010CL;
    public static final long BUFFER_OVERFLOW = 0x80000005L;
    public static final long NO_MORE_FILES = 0x80000006L;
    public static final long STOPPED_ON_SYMLINK = 0x8000002DL;
    public static final long NOT_IMPLEMENTED = 0xC0000002L;
    public static final long INVALID_INFO_CLASS = 0xC0000003L;
    public static final long INFO_LENGTH_MISMATCH = 0xC0000004L;
    public static final long INVALID_HANDLE = 0xC0000008L;
    public static final long INVALID_PARAMETER = 0xC000000DL;
    public static final long NO_SUCH_FILE = 0xC000000FL;
    public static final long INVALID_DEVICE_REQUEST = 0xC0000010L;
    public static final long END_OF_FILE = 0xC0000011L;
    public static final long MORE_PROCESSING_REQUIRED = 0xC0000016L;
    public static final long ACCESS_DENIED = 0xC0000022L;
    public static final long BUFFER_TOO_SMALL = 0xC0000023L;
    public static final long OBJECT_NAME_INVALID = 0xC0000033L;
    public static final long OBJECT_NAME_NOT_FOUND = 0xC0000034L;
    public static final long OBJECT_NAME_COLLISION = 0xC0000035L;
    public static final long OBJECT_PATH_NOT_FOUND = 0xC000003AL;
    public static final long SHARING_VIOLATION = 0xC0000043L;
    public static final long DELETE_PENDING = 0xC0000056L;
    public static final long PRIVILEGE_NOT_HELD = 0xC0000061L;
    public static final long WRONG_PASSWORD = 0xC000006AL;
    public static final long LOGON_FAILURE = 0xC000006DL;
    public static final long ACCOUNT_RESTRICTION = 0xC000006EL;
    public static final long PASSWORD_EXPIRED = 0xC0000071L;
    public static final long ACCOUNT_DISABLED = 0xC0000072L;
    public static final long INSUFFICIENT_RESOURCES = 0xC000009AL;
    public static final long FILE_IS_A_DIRECTORY = 0xC00000BAL;
    public static final long NOT_SUPPORTED = 0xC00000BBL;
    public static final long NETWORK_NAME_DELETED = 0xC00000C9L;
    public static final long BAD_NETWORK_NAME = 0xC00000CCL;
    public static final long REQUEST_NOT_ACCEPTED = 0xC00000D0L;
    public static final long INTERNAL_ERROR = 0xC00000E5L;
    public static final long NOT_A_DIRECTORY = 0xC0000103L;
    public static final long CANCELLED = 0xC0000120L;
    public static final long FILE_CLOSED = 0xC0000128L;
    public static final long INVALID_DEVICE_STATE = 0xC0000184L;
    public static final long NETWORK_SESSION_EXPIRED = 0xC000035CL;
    public static final long USER_SESSION_DELETED = 0xC0000203L;
    public static final long NOT_FOUND = 0xC0000225L;
    public static final long FS_DRIVER_REQUIRED = 0xC000019CL;
    public static final long ACCOUNT_LOCKED_OUT = 0xC0000234L;
    public static final long CONNECTION_DISCONNECTED = 0xC000020CL;
    public static final long CONNECTION_RESET = 0xC000020DL;
    public static final long INVALID_SIGNATURE = 0xC000A000L;
    public static final long SMB_BAD_CLUSTER_DIALECT = 0xC05D0001L;

    private static final Map<Long, String> NAMES = Map.ofEntries(
            Map.entry(SUCCESS, "STATUS_SUCCESS"),
            Map.entry(PENDING, "STATUS_PENDING"),
            Map.entry(NOTIFY_ENUM_DIR, "STATUS_NOTIFY_ENUM_DIR"),
            Map.entry(BUFFER_OVERFLOW, "STATUS_BUFFER_OVERFLOW"),
            Map.entry(NO_MORE_FILES, "STATUS_NO_MORE_FILES"),
            Map.entry(STOPPED_ON_SYMLINK, "STATUS_STOPPED_ON_SYMLINK"),
            Map.entry(NOT_IMPLEMENTED, "STATUS_NOT_IMPLEMENTED"),
            Map.entry(INVALID_INFO_CLASS, "STATUS_INVALID_INFO_CLASS"),
            Map.entry(INFO_LENGTH_MISMATCH, "STATUS_INFO_LENGTH_MISMATCH"),
            Map.entry(INVALID_HANDLE, "STATUS_INVALID_HANDLE"),
            Map.entry(INVALID_PARAMETER, "STATUS_INVALID_PARAMETER"),
            Map.entry(NO_SUCH_FILE, "STATUS_NO_SUCH_FILE"),
            Map.entry(INVALID_DEVICE_REQUEST, "STATUS_INVALID_DEVICE_REQUEST"),
            Map.entry(END_OF_FILE, "STATUS_END_OF_FILE"),
            Map.entry(MORE_PROCESSING_REQUIRED, "STATUS_MORE_PROCESSING_REQUIRED"),
            Map.entry(ACCESS_DENIED, "STATUS_ACCESS_DENIED"),
            Map.entry(BUFFER_TOO_SMALL, "STATUS_BUFFER_TOO_SMALL"),
            Map.entry(OBJECT_NAME_INVALID, "STATUS_OBJECT_NAME_INVALID"),
            Map.entry(OBJECT_NAME_NOT_FOUND, "STATUS_OBJECT_NAME_NOT_FOUND"),
            Map.entry(OBJECT_NAME_COLLISION, "STATUS_OBJECT_NAME_COLLISION"),
            Map.entry(OBJECT_PATH_NOT_FOUND, "STATUS_OBJECT_PATH_NOT_FOUND"),
            Map.entry(SHARING_VIOLATION, "STATUS_SHARING_VIOLATION"),
            Map.entry(DELETE_PENDING, "STATUS_DELETE_PENDING"),
            Map.entry(PRIVILEGE_NOT_HELD, "STATUS_PRIVILEGE_NOT_HELD"),
            Map.entry(WRONG_PASSWORD, "STATUS_WRONG_PASSWORD"),
            Map.entry(LOGON_FAILURE, "STATUS_LOGON_FAILURE"),
            Map.entry(ACCOUNT_RESTRICTION, "STATUS_ACCOUNT_RESTRICTION"),
            Map.entry(PASSWORD_EXPIRED, "STATUS_PASSWORD_EXPIRED"),
            Map.entry(ACCOUNT_DISABLED, "STATUS_ACCOUNT_DISABLED"),
            Map.entry(INSUFFICIENT_RESOURCES, "STATUS_INSUFFICIENT_RESOURCES"),
            Map.entry(FILE_IS_A_DIRECTORY, "STATUS_FILE_IS_A_DIRECTORY"),
            Map.entry(NOT_SUPPORTED, "STATUS_NOT_SUPPORTED"),
            Map.entry(NETWORK_NAME_DELETED, "STATUS_NETWORK_NAME_DELETED"),
            Map.entry(BAD_NETWORK_NAME, "STATUS_BAD_NETWORK_NAME"),
            Map.entry(REQUEST_NOT_ACCEPTED, "STATUS_REQUEST_NOT_ACCEPTED"),
            Map.entry(INTERNAL_ERROR, "STATUS_INTERNAL_ERROR"),
            Map.entry(NOT_A_DIRECTORY, "STATUS_NOT_A_DIRECTORY"),
            Map.entry(CANCELLED, "STATUS_CANCELLED"),
            Map.entry(FILE_CLOSED, "STATUS_FILE_CLOSED"),
            Map.entry(INVALID_DEVICE_STATE, "STATUS_INVALID_DEVICE_STATE"),
            Map.entry(NETWORK_SESSION_EXPIRED, "STATUS_NETWORK_SESSION_EXPIRED"),
            Map.entry(USER_SESSION_DELETED, "STATUS_USER_SESSION_DELETED"),
            Map.entry(NOT_FOUND, "STATUS_NOT_FOUND"),
            Map.entry(FS_DRIVER_REQUIRED, "STATUS_FS_DRIVER_REQUIRED"),
            Map.entry(ACCOUNT_LOCKED_OUT, "STATUS_ACCOUNT_LOCKED_OUT"),
            Map.entry(CONNECTION_DISCONNECTED, "STATUS_CONNECTION_DISCONNECTED"),
            Map.entry(CONNECTION_RESET, "STATUS_CONNECTION_RESET"),
            Map.entry(INVALID_SIGNATURE, "STATUS_INVALID_SIGNATURE"),
            Map.entry(SMB_BAD_CLUSTER_DIALECT, "STATUS_SMB_BAD_CLUSTER_DIALECT"));

    /** "STATUS_ACCESS_DENIED" etc.; unknown values as {@code 0x%08x}. */
    public static String name(long status) {
        String n = NAMES.get(status & 0xffffffffL);
        return n != null ? n : String.format("0x%08x", status & 0xffffffffL);
    }

    /** Severity ERROR (0xC.......) — the answer carries an SMB2 ERROR body unless the command defines otherwise. */
    public static boolean isError(long status) {
        return (status & 0xC0000000L) == 0xC0000000L;
    }

    /** Severity WARNING (0x8.......), e.g. BUFFER_OVERFLOW: the body is the normal response, possibly partial. */
    public static boolean isWarning(long status) {
        return (status & 0xC0000000L) == 0x80000000L;
    }
}
