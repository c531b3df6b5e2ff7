package org.negscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Header;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.TransformHeader;

/**
 * Fuzz target: every SMB2 message decoder (header, NEGOTIATE request/response with contexts,
 * SESSION_SETUP with SPNEGO/NTLMSSP, TREE_CONNECT, LOGOFF, IOCTL and VALIDATE_NEGOTIATE_INFO, ERROR
 * responses, compound splitting, the transform header) and its field tree. Input: byte 0 chooses the
 * command and direction written into the header (so that the bytes reach that body decoder; values past
 * the table leave the header as it is), the rest is the message from its ProtocolId. Seeds: every
 * message of the real captures, with its own command.
 */
class Smb2MessageFuzz {
    static final FuzzStats STATS = new FuzzStats("Smb2Message");
    /** (command, response) pairs the selector byte writes into the header. */
    private static final int[][] TARGETS = {
        {Smb2Command.NEGOTIATE, 0}, {Smb2Command.NEGOTIATE, 1}, {Smb2Command.SESSION_SETUP, 0}, {Smb2Command.SESSION_SETUP, 1},
        {Smb2Command.TREE_CONNECT, 0}, {Smb2Command.TREE_CONNECT, 1}, {Smb2Command.LOGOFF, 0}, {Smb2Command.LOGOFF, 1},
        {Smb2Command.IOCTL, 0}, {Smb2Command.IOCTL, 1},
    };

    /** The selector byte that keeps a message's own command (used by the seed generator). */
    static int selector(int command, boolean response) {
        for (int i = 0; i < TARGETS.length; i++) {
            if (TARGETS[i][0] == command && (TARGETS[i][1] == 1) == response) return i;
        }
        return 0xFF;
    }

    @FuzzTest(maxDuration = "15s")
    void fuzz(byte[] data) {
        STATS.execution();
        if (data.length < 1) return;
        byte[] msg = java.util.Arrays.copyOfRange(data, 1, data.length);
        int sel = data[0] & 0xFF;
        if (sel < TARGETS.length && msg.length >= 20) {
            msg[12] = (byte) TARGETS[sel][0];
            msg[13] = 0;
            msg[16] = (byte) ((msg[16] & ~1) | TARGETS[sel][1]); // Flags bit 0: SERVER_TO_REDIR (response)
        }
        Smb2Message m;
        try {
            m = Smb2Message.of(msg);
        } catch (Smb2FormatException e) {
            Decoders.formatException(e);
            STATS.outcome("badHeader");
            transformAndCompound(msg);
            return;
        }
        int accepted = Decoders.all(m);
        STATS.outcome(accepted > 0 ? "decoded" : "rejected");
        transformAndCompound(msg);
    }

    private static void transformAndCompound(byte[] msg) {
        try {
            List<Smb2Message> parts = Smb2Message.splitCompound(msg, 1, 1, 0, 0);
            int sum = 0;
            for (Smb2Message p : parts) {
                sum += p.keptLength();
                if (p.keptLength() < Smb2Header.SIZE) throw new AssertionError("compound element shorter than a header");
            }
            if (sum != msg.length) throw new AssertionError("compound elements cover " + sum + " of " + msg.length + " bytes");
        } catch (Smb2FormatException e) {
            Decoders.formatException(e);
        }
        try {
            TransformHeader.decode(msg).toString();
            Decoders.fields(TransformHeader.describe(msg));
        } catch (Smb2FormatException e) {
            Decoders.formatException(e);
        }
    }

    @AfterAll static void report() { STATS.report(); }
}
