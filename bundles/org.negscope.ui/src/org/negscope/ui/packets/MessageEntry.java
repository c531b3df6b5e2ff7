package org.negscope.ui.packets;

import org.negscope.smb2.CtlCode;
import org.negscope.smb2.ErrorResponse;
import org.negscope.smb2.Field;
import org.negscope.smb2.FieldTree;
import org.negscope.smb2.IoctlRequest;
import org.negscope.smb2.IoctlResponse;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Header;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.TransformHeader;

/**
 * One message of a connection as the packet-detail view lists it: an SMB2 message, an SMB3 TRANSFORM message that
 * stayed encrypted ({@code message} null), or an SMB2 message decrypted from one (both set: {@code encrypted} is the
 * TRANSFORM it came in). {@code signature} is the result of checking its signature with the user's credentials, null
 * when none were given or it is unsigned.
 */
public record MessageEntry(Smb2Message message, TransformHeader encrypted, boolean fromClient, String title,
        MessageSignature signature) {

    public MessageEntry {
        if (message == null && encrypted == null) {
            throw new IllegalArgumentException("a message or an encrypted message");
        }
    }

    public static MessageEntry of(Smb2Message m, boolean fromClient) {
        return new MessageEntry(m, null, fromClient, titleOf(m, 0), null);
    }

    public static MessageEntry encrypted(TransformHeader t, boolean fromClient) {
        return new MessageEntry(null, t, fromClient, "encrypted (SMB3 TRANSFORM)", null);
    }

    /** An SMB2 message decrypted from the TRANSFORM message {@code t}. */
    public static MessageEntry decrypted(Smb2Message m, TransformHeader t, boolean fromClient) {
        return new MessageEntry(m, t, fromClient, titleOf(m, 0) + " (decrypted)", null);
    }

    /** True for a message that came encrypted and was decrypted with the user's credentials. */
    public boolean isDecrypted() {
        return message != null && encrypted != null;
    }

    public MessageEntry withSignature(MessageSignature s) {
        return new MessageEntry(message, encrypted, fromClient, title, s);
    }

    /** The same entry titled with the request's CtlCode: an IOCTL error answer does not carry it itself. */
    MessageEntry answering(int requestCtlCode) {
        return new MessageEntry(message, encrypted, fromClient, titleOf(message, requestCtlCode)
                + (isDecrypted() ? " (decrypted)" : ""), signature);
    }

    /** The frame that completed the message (1-based, as Wireshark counts). */
    public long frame() {
        return message != null ? message.lastFrame() : encrypted.lastFrame();
    }

    public long timeNanos() {
        return message != null ? message.timeNanos() : encrypted.timeNanos();
    }

    /** The kept bytes, from the ProtocolId on: what the hex view shows and the field offsets count from. */
    public byte[] bytes() {
        return message != null ? message.bytes() : encrypted.bytes();
    }

    /** Full length on the wire; more than {@code bytes().length} when only part of it was kept. */
    public long length() {
        return message != null ? message.length() : encrypted.length();
    }

    /** The packet-detail tree (never throws: a body that does not decode shows as "(malformed)"). */
    public Field describe() {
        return message != null ? FieldTree.describe(message) : FieldTree.describe(encrypted);
    }

    /** MessageId, -1 for an encrypted message. */
    public long messageId() {
        return message != null ? message.header().messageId() : -1;
    }

    /** SessionId of the header (or of the TRANSFORM header). */
    public long sessionId() {
        return message != null ? message.header().sessionId() : encrypted.sessionId();
    }

    public boolean isSigned() {
        return message != null && message.header().isSigned();
    }

    /**
     * "NEGOTIATE request", "IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO response". {@code knownCtlCode} (0 = none) names
     * the FSCTL of an IOCTL error answer, which has no CtlCode field of its own.
     */
    static String titleOf(Smb2Message message, int knownCtlCode) {
        Smb2Header h = message.header();
        String ctl = "";
        if (h.command() == Smb2Command.IOCTL) {
            int code = knownCtlCode;
            if (code == 0) {
                try {
                    code = h.isResponse() ? (ErrorResponse.isErrorResponse(message) ? 0 : IoctlResponse.decode(message).ctlCode())
                            : IoctlRequest.decode(message).ctlCode();
                } catch (Smb2FormatException e) {
                    code = 0; // the tree says why it does not decode
                }
            }
            ctl = code == 0 ? "" : " " + CtlCode.name(code);
        }
        return h.commandName() + ctl + (h.isResponse() ? " response" : " request");
    }

    /** The CtlCode of an IOCTL request, 0 when not one or undecodable. */
    int ctlCode() {
        if (message == null || message.header().command() != Smb2Command.IOCTL || message.header().isResponse()) {
            return 0;
        }
        try {
            return IoctlRequest.decode(message).ctlCode();
        } catch (Smb2FormatException e) {
            return 0;
        }
    }

    /** Status name of a response, "" for a request. */
    public String status() {
        return message != null && message.header().isResponse() ? NtStatus.name(message.header().status()) : "";
    }

    /** True for the FSCTL_VALIDATE_NEGOTIATE_INFO request or its answer. */
    public boolean isValidate() {
        return title().contains("FSCTL_VALIDATE_NEGOTIATE_INFO");
    }

    /**
     * Same message: by frame, stream offset, compound index and direction when both know their frame (a capture read
     * again); otherwise (the probe's own messages carry no frame) by command, direction, MessageId and bytes.
     */
    public boolean sameAs(Smb2Message m) {
        if (message == null || m == null) {
            return false;
        }
        if (message == m) {
            return true;
        }
        Smb2Header a = message.header();
        Smb2Header b = m.header();
        if (a.isResponse() != b.isResponse() || a.messageId() != b.messageId() || a.command() != b.command()) {
            return false;
        }
        if (message.lastFrame() > 0 && m.lastFrame() > 0) {
            return message.lastFrame() == m.lastFrame() && message.streamOffset() == m.streamOffset()
                    && message.compoundIndex() == m.compoundIndex();
        }
        return java.util.Arrays.equals(message.bytes(), m.bytes());
    }
}
