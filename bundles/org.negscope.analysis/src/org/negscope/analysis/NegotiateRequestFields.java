package org.negscope.analysis;

import java.util.UUID;
import org.negscope.smb2.Smb2Message;

/**
 * The SMB2 NEGOTIATE request fields (MS-SMB2 2.2.3) that the server stores as Connection.ClientCapabilities,
 * ClientGuid, ClientSecurityMode and ClientDialects, and that the VALIDATE request must repeat (3.3.5.15.12).
 * {@code frame} is the frame that completed the message, as Wireshark numbers it.
 */
record NegotiateRequestFields(long frame, long timeNanos, long messageId, int securityMode, long capabilities,
                              UUID clientGuid, int[] dialects, Smb2Message message) {}
