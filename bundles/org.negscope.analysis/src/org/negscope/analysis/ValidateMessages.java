package org.negscope.analysis;

import org.negscope.smb2.Smb2Message;

/**
 * One FSCTL_VALIDATE_NEGOTIATE_INFO exchange of a connection, as messages (a connection may hold several: Samba's
 * client validates after every tree connect). {@code response} is null when the capture has no final answer.
 */
public record ValidateMessages(long messageId, Smb2Message request, Smb2Message response) {}
