package org.negscope.ui.packets;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.negscope.analysis.AnalysisListener;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.SignatureChecks;
import org.negscope.capture.Direction;
import org.negscope.capture.TcpConnection;
import org.negscope.crypto.SignatureCheck;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.TransformHeader;
import org.negscope.ui.credentials.Credentials;

/**
 * The analysis run with the user's credentials over the same bytes as one connection's packet-detail list, so that
 * every signed message's signature is checked by the analysis itself ({@link AnalysisListener#messageChecked}) and
 * never a second way here: the list shows exactly what {@link ConnectionReport#signatureChecks()} counts, SMB 3.1.1
 * (preauth hash) and messages decrypted from SMB3 TRANSFORM messages included. The checks are kept by where each
 * message sits in its direction's stream (both decoders see the same bytes, so the positions agree).
 * <p>
 * The analysis gets a {@link TcpConnection} of its own: the reader's one carries the list's state in its attachment.
 * {@link #finish()} wipes the keys the analysis derived (and session keys copied for it).
 */
final class AnalysedConnection implements AnalysisListener {
    /** Direction as the reader saw it, stream offset of the message (of its TRANSFORM when decrypted), compound index. */
    private record Key(boolean fromClient, long streamOffset, int compoundIndex) {}

    private final CaptureAnalyzer analyzer;
    private final TcpConnection own;
    private final AnalysisOptions options;
    private final boolean ownsOptions;
    private final Map<Key, SignatureCheck> checks = new HashMap<>();
    private final Map<Key, List<Smb2Message>> decrypted = new HashMap<>();
    private int decryptedKept;
    private SignatureChecks summary = SignatureChecks.NONE;
    private boolean finished;

    private AnalysedConnection(TcpConnection like, AnalysisOptions options, boolean ownsOptions, String name) {
        this.own = new TcpConnection(like.index(), like.client(), like.server(), like.firstFrame(), like.firstTimeNanos(),
                like.sawSyn());
        this.options = options;
        this.ownsOptions = ownsOptions;
        this.analyzer = new CaptureAnalyzer(0, name, options, this);
        analyzer.connectionOpened(own);
    }

    /** Starts the analysis of the connection {@code like} with {@code credentials}; null when there are none to use. */
    static AnalysedConnection start(Credentials credentials, TcpConnection like, String name) {
        if (credentials == null || credentials.isCleared()) {
            return null;
        }
        // Session keys are copied into the options (the password / NT hash is shared): the copies are ours to wipe.
        return new AnalysedConnection(like, credentials.toOptions(), credentials.kind() == Credentials.Kind.SESSION_KEYS, name);
    }

    void data(Direction d, ByteBuffer bytes, long streamOffset, long frame, long timeNanos) {
        if (!finished) {
            analyzer.data(own, d, bytes.duplicate(), streamOffset, frame, timeNanos); // the list's decoder reads the original
        }
    }

    void gap(Direction d, long streamOffset, long missingBytes, long frame) {
        if (!finished) {
            analyzer.gap(own, d, streamOffset, missingBytes, frame);
        }
    }

    void closed(Direction from, boolean reset, long frame, long timeNanos) {
        if (!finished) {
            analyzer.closed(own, from, reset, frame, timeNanos);
        }
    }

    @Override
    public void messageChecked(TcpConnection connection, Direction direction, Smb2Message m, SignatureCheck check) {
        if (connection == own && check != null && checks.size() < ConnectionMessages.MAX_MESSAGES) {
            checks.put(new Key(direction == Direction.CLIENT_TO_SERVER, m.streamOffset(), m.compoundIndex()), check);
        }
    }

    @Override
    public void messagesDecrypted(TcpConnection connection, Direction direction, TransformHeader t, List<Smb2Message> inner) {
        if (connection == own && decryptedKept < ConnectionMessages.MAX_MESSAGES) {
            decrypted.put(new Key(direction == Direction.CLIENT_TO_SERVER, t.streamOffset(), -1), List.copyOf(inner));
            decryptedKept += inner.size();
        }
    }

    /** Ends the analysis (idempotent): the connection's counts are final, every derived key is wiped. */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            List<ConnectionReport> reports = analyzer.finish();
            summary = reports.isEmpty() ? SignatureChecks.NONE : reports.get(0).signatureChecks();
        } finally {
            if (ownsOptions) {
                options.destroy();
            }
        }
    }

    /** The analysis' counts for the connection (call {@link #finish()} first). */
    SignatureChecks summary() {
        return summary;
    }

    /**
     * The list with each signed message's check, and the messages the analysis decrypted in place of their TRANSFORM
     * message (one that stayed encrypted stays as it is).
     */
    List<MessageEntry> apply(List<MessageEntry> raw) {
        finish();
        List<MessageEntry> out = new ArrayList<>(raw.size());
        for (MessageEntry e : raw) {
            if (e.message() == null) {
                List<Smb2Message> inner = decrypted.get(new Key(e.fromClient(), e.encrypted().streamOffset(), -1));
                if (inner == null || inner.isEmpty()) {
                    out.add(e);
                    continue;
                }
                for (Smb2Message m : inner) {
                    out.add(checked(MessageEntry.decrypted(m, e.encrypted(), e.fromClient())));
                }
            } else {
                out.add(checked(e));
            }
        }
        return out;
    }

    private MessageEntry checked(MessageEntry e) {
        if (!e.isSigned()) {
            return e;
        }
        Smb2Message m = e.message();
        SignatureCheck c = checks.get(new Key(e.fromClient(), m.streamOffset(), m.compoundIndex()));
        return e.withSignature(c != null ? MessageSignature.of(c)
                : MessageSignature.unverified("the analysis did not reach this message (more than "
                        + ConnectionMessages.MAX_MESSAGES + " signed messages, or the connection was not recognised as SMB)"));
    }
}
