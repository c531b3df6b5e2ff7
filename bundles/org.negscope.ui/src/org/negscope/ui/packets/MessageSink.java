package org.negscope.ui.packets;

import java.util.List;
import org.negscope.smb2.Smb2Header;
import org.negscope.smb2.Smb2Listener;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.TransformHeader;

/**
 * Collects one direction's messages into a list shared with the other direction, within the bounds of
 * {@link ConnectionMessages}: at most {@link ConnectionMessages#MAX_MESSAGES} entries, and only headers once the
 * budget's {@link ConnectionMessages#BODY_BUDGET} bytes of bodies are kept. Without a budget (the probe's own,
 * small exchange) only the entry limit applies.
 */
final class MessageSink implements Smb2Listener {
    /** What the sinks of one capture reading have kept and left out, shared by all of them. */
    static final class Budget {
        long kept;
        long dropped;

        /** What is missing from the lists because of the bounds, "" when nothing. */
        String note() {
            StringBuilder b = new StringBuilder();
            if (dropped > 0) {
                b.append(dropped).append(" later message(s) not listed (at most ").append(ConnectionMessages.MAX_MESSAGES).append(")");
            }
            if (kept >= ConnectionMessages.BODY_BUDGET) {
                b.append(b.length() == 0 ? "" : "; ").append("bodies of later messages not kept (")
                        .append(ConnectionMessages.BODY_BUDGET / (1024 * 1024)).append(" MiB kept)");
            }
            return b.toString();
        }
    }

    private final List<MessageEntry> out;
    private final boolean fromClient;
    private final Budget budget;

    /** {@code budget} null: no byte budget. */
    MessageSink(List<MessageEntry> out, boolean fromClient, Budget budget) {
        this.out = out;
        this.fromClient = fromClient;
        this.budget = budget;
    }

    @Override
    public void message(Smb2Message m) {
        if (out.size() < ConnectionMessages.MAX_MESSAGES) {
            out.add(MessageEntry.of(m, fromClient));
            if (budget != null) {
                budget.kept += m.keptLength();
            }
        } else if (budget != null) {
            budget.dropped++;
        }
    }

    @Override
    public void encrypted(TransformHeader t, long firstFrame, long lastFrame, long timeNanos) {
        if (out.size() < ConnectionMessages.MAX_MESSAGES) {
            out.add(MessageEntry.encrypted(t, fromClient));
        } else if (budget != null) {
            budget.dropped++;
        }
    }

    @Override
    public int keepBytes(Smb2Header header, int maxKeptBytes) {
        // Past the budget only headers are kept: the list stays complete, bulk bodies are not copied.
        return budget != null && budget.kept >= ConnectionMessages.BODY_BUDGET ? Smb2Header.SIZE : maxKeptBytes;
    }
}
