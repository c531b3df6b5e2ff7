package org.negscope.analysis;

/**
 * An error answer to FSCTL_VALIDATE_NEGOTIATE_INFO (verdict SERVER_REFUSED, or an unsigned one): which status, and
 * whether clients go on. MS-SMB2 3.2.5.14.12: an unsigned answer and STATUS_ACCESS_DENIED end the connection; a
 * signed STATUS_NOT_SUPPORTED / INVALID_DEVICE_REQUEST / FILE_CLOSED / FS_DRIVER_REQUIRED / INVALID_PARAMETER is
 * what servers that do not implement the FSCTL answer, and Windows, Samba and Linux cifs clients accept it.
 *
 * @param status          the NTSTATUS value
 * @param statusName      "STATUS_NOT_SUPPORTED", or 0x%08x for an unknown status
 * @param signed          the answer was signed (or came encrypted)
 * @param notImplemented  one of the "server does not implement it" statuses
 * @param clientsAccept   a client keeps the connection after this answer
 * @param frame           frame of the answer
 * @param meaning         one sentence for people
 */
public record ValidateError(long status, String statusName, boolean signed, boolean notImplemented, boolean clientsAccept,
                            long frame, String meaning) {}
