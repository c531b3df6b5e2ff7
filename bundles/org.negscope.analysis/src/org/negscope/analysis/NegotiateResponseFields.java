package org.negscope.analysis;

import java.util.UUID;
import org.negscope.smb2.Smb2Message;

/**
 * The SMB2 NEGOTIATE response fields (MS-SMB2 2.2.4) that the client stores as Connection.ServerCapabilities,
 * ServerGuid, ServerSecurityMode and Dialect, and that the VALIDATE response must repeat (3.2.5.14.12).
 */
record NegotiateResponseFields(long frame, long timeNanos, long status, int securityMode, int dialect,
                               UUID serverGuid, long capabilities, Smb2Message message) {}
