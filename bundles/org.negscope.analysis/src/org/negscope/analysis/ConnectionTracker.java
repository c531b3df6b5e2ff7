package org.negscope.analysis;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.negscope.capture.CaptureWarning;
import org.negscope.capture.Direction;
import org.negscope.capture.TcpConnection;
import org.negscope.crypto.SignatureCheck;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Header;
import org.negscope.smb2.Smb2Listener;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.Smb2StreamDecoder;
import org.negscope.smb2.TransformHeader;

/**
 * The per-connection half of the analysis: feeds both directions of one TCP connection to an
 * {@link Smb2StreamDecoder} each, settles the roles, the TCP closes and gaps and the timeline, and hands the decoded
 * messages to a {@link MessageRecorder}, which records in the {@link ConnectionState} those that matter for
 * VALIDATE_NEGOTIATE_INFO. Everything else (READ data, directory listings) passes through the decoders' skip path
 * without being kept.
 */
final class ConnectionTracker {

    /**
     * What a tracker needs of the analysis of its capture, passed in so that it knows no more of it: whether
     * credentials were given, the signature verifier, the listener told of checked and decrypted messages, the
     * capture's SMB warnings, and where to say that the connection proved to carry SMB and that a significant
     * message changed it (to be re-judged).
     */
    record Context(boolean withCredentials, SignatureVerifier signatures, AnalysisListener listener, SmbWarnings warnings,
                   Consumer<ConnectionTracker> recognised, Consumer<ConnectionTracker> changed) {}

    final ConnectionState state;
    private final Context ctx;
    /**
     * One decoder per direction; null once the connection has ended between two messages (see {@link #release}),
     * with its position kept in {@link #clientPaused} / {@link #serverPaused}.
     */
    private Smb2StreamDecoder fromClient;
    private Smb2StreamDecoder fromServer;
    private Smb2StreamDecoder.Paused clientPaused, serverPaused;
    private final int maxKeptBytes;
    /** FIN reported by the TCP client / server side (as the reader saw them), or an RST from either. */
    private boolean finFromTcpClient, finFromTcpServer, resetSeen;
    /** The how-manieth SMB connection of the capture this one is (1-based, 0 until recognised; CaptureAnalyzer). */
    int recognisedAs;
    /** Decoder notes before the connection is known to be SMB: dropped if it turns out not to be. */
    private List<CaptureWarning> early;
    private boolean reported;
    private boolean firstBytesChecked;

    ConnectionTracker(Context ctx, int captureIndex, TcpConnection tcp, int maxKeptBytes) {
        this.ctx = ctx;
        this.state = new ConnectionState(captureIndex, tcp);
        this.maxKeptBytes = maxKeptBytes;
        this.recorder = new MessageRecorder(state, ctx, this::changed);
        this.fromClient = new Smb2StreamDecoder(new Side(true), maxKeptBytes);
        this.fromServer = new Smb2StreamDecoder(new Side(false), maxKeptBytes);
        if (ctx.withCredentials()) {
            state.signatureTally = new SignatureTally(); // every signed message is checked, not only VALIDATE
        }
        if (tcp.sawSyn()) {
            state.timeline.add(tcp.firstFrame(), tcp.firstTimeNanos(), true, TimelineEvent.Kind.TCP_SYN, 0, 0, -1, 0, 0);
        }
    }

    /** True once SMB content was recognised in either direction. */
    boolean isSmb() { return state.smb2Seen || state.smb1Seen || state.encryptedMessages > 0; }

    /** FIN both ways or an RST: nothing more belongs to this connection (late bytes aside). */
    boolean ended() { return resetSeen || (finFromTcpClient && finFromTcpServer); }

    /** Capture time of the close that ended the connection ({@link ReportDetail#COMPACT} judges it a while later). */
    long endedAtNanos;
    /** Waiting in the analysis' queue of ended connections. */
    boolean waitingToBeJudged;

    void data(Direction d, ByteBuffer bytes, long streamOffset, long frame, long timeNanos) {
        if (rejectedEarly) {
            return;
        }
        state.lastFrame = frame;
        state.lastTimeNanos = timeNanos;
        if (!firstBytesChecked && streamOffset == 0 && state.tcp.sawSyn()) {
            firstBytesChecked = true;
            // The SYN was captured, so byte 0 is a message boundary: a non-SMB protocol shows itself at
            // once and the connection can be forgotten without scanning 64 KiB of it.
            if (!SmbStart.plausible(bytes)) {
                rejectedEarly = true;
                return;
            }
        }
        decoder(d).feed(bytes, streamOffset, frame, timeNanos);
    }

    /**
     * The decoder of one direction. Bytes after the end (sent after an RST, in flight, and captured anyway) are
     * rare: the released decoder is then resumed where it stopped, so they are decoded exactly as before.
     */
    private Smb2StreamDecoder decoder(Direction d) {
        if (d == Direction.CLIENT_TO_SERVER) {
            if (fromClient == null) {
                fromClient = Smb2StreamDecoder.resume(clientPaused, new Side(true), maxKeptBytes);
            }
            return fromClient;
        }
        if (fromServer == null) {
            fromServer = Smb2StreamDecoder.resume(serverPaused, new Side(false), maxKeptBytes);
        }
        return fromServer;
    }

    private boolean rejectedEarly;
    /** Records the messages that matter in {@link #state}. */
    private final MessageRecorder recorder;

    /**
     * True when the connection has shown it carries no SMB: the analyzer then forgets it. With the SYN in
     * the capture one direction is proof enough (its first bytes are a message start); without it, a
     * direction may begin deep inside a large READ answer, so both must have been given up on.
     */
    boolean rejected() {
        if (isSmb()) {
            return false;
        }
        if (rejectedEarly) {
            return true;
        }
        return state.tcp.sawSyn() ? fromClient.isRejected() || fromServer.isRejected()
                : fromClient.isRejected() && fromServer.isRejected();
    }

    void gap(Direction d, long streamOffset, long missing, long frame) {
        boolean senderIsClient = (d == Direction.CLIENT_TO_SERVER) != state.rolesSwapped;
        if (isSmb()) {
            if (senderIsClient) {
                if (state.firstClientGapFrame == 0) state.firstClientGapFrame = frame;
                state.lastClientGapFrame = frame;
            } else {
                if (state.firstServerGapFrame == 0) state.firstServerGapFrame = frame;
                state.lastServerGapFrame = frame;
            }
        }
        if (isSmb()) {
            state.timeline.add(frame, state.lastTimeNanos, senderIsClient, TimelineEvent.Kind.TCP_GAP, 0, 0, -1, 0, missing);
        }
        decoder(d).gap(streamOffset, missing, frame);
    }

    void closed(Direction from, boolean reset, long frame, long timeNanos) {
        state.lastFrame = Math.max(state.lastFrame, frame);
        if (state.closes.size() < ConnectionState.MAX_CLOSES) {
            boolean byClient = (from == Direction.CLIENT_TO_SERVER) != state.rolesSwapped;
            state.closes.add(new TcpClose(byClient, reset, frame, timeNanos));
            state.timeline.add(frame, timeNanos, byClient, reset ? TimelineEvent.Kind.TCP_RST : TimelineEvent.Kind.TCP_FIN, 0, 0, -1, 0, 0);
            changed();
        }
        if (reset) {
            resetSeen = true;
        } else if (from == Direction.CLIENT_TO_SERVER) {
            finFromTcpClient = true;
        } else {
            finFromTcpServer = true;
        }
        if (isSmb() && (resetSeen || (finFromTcpClient && finFromTcpServer))) {
            release();
        }
    }

    /**
     * The connection has ended (FIN both ways, or RST; the reader reports a FIN only after every byte before it):
     * the streaming state goes, only what the final report needs stays. Captures with many connections kept
     * the decoders and the timeline's spare room of every finished one (releng/bench/README.md: memory independent of the
     * file size). Only for SMB connections ({@link #rejected()} still asks a non-SMB connection's decoders), and
     * only when both decoders stand between two messages, so that a resumed one decodes late bytes as before.
     */
    private void release() {
        if (fromClient == null || fromServer == null || !fromClient.betweenMessages() || !fromServer.betweenMessages()) {
            return;
        }
        clientPaused = fromClient.pause();
        serverPaused = fromServer.pause();
        fromClient = null;
        fromServer = null;
        state.timeline.trim();
    }

    /** True while a decoder exists (tests look inside: false once the connection has ended and released them). */
    boolean streaming() { return fromClient != null || fromServer != null; }

    /** Re-judges the connection after a significant event and tells the listener if the verdict changed. */
    private void changed() {
        if (isSmb()) {
            ctx.changed().accept(this);
        }
    }

    private void confirmSmb(long frame) {
        if (state.firstSmbFrame == 0) {
            state.firstSmbFrame = frame;
        }
        if (!reported) {
            reported = true;
            ctx.recognised().accept(this);
            if (early != null) {
                early.forEach(ctx.warnings()::add);
                early = null;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ messages

    /** Listener for one direction; {@code tcpClient} is the side as the capture reader saw it. */
    private final class Side implements Smb2Listener {
        private final boolean tcpClient;

        Side(boolean tcpClient) { this.tcpClient = tcpClient; }

        /** The TCP direction this side decodes, as the reader saw it (before any role swap). */
        private Direction direction() { return tcpClient ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT; }

        @Override public void message(Smb2Message m) {
            Smb2Header h = m.header();
            if (!state.rolesFixed) {
                state.rolesFixed = true;
                // Without the SYN the reader guessed the roles; the first SMB2 message settles them:
                // requests flow client -> server.
                if (!state.tcp.sawSyn() && tcpClient == h.isResponse()) {
                    state.rolesSwapped = true;
                }
            }
            state.smb2Seen = true;
            confirmSmb(m.firstFrame());
            boolean fromClient = tcpClient != state.rolesSwapped;
            recorder.eventDetail = 0;
            recorder.eventValidate = false;
            try {
                recorder.message(m, h, fromClient);
            } catch (Smb2FormatException e) {
                recorder.warn(m.lastFrame(), Smb2Command.name(h.command()) + (h.isResponse() ? " response" : " request")
                        + " (frame " + m.lastFrame() + "): " + e.getMessage());
            } catch (RuntimeException e) {
                // A defect here must not cost the user the rest of the capture: say where, and go on.
                recorder.warn(m.lastFrame(), "internal error analysing the " + Smb2Command.name(h.command())
                        + (h.isResponse() ? " response" : " request") + " (frame " + m.lastFrame() + "): " + e);
            }
            if (h.isSigned() && state.signatureTally != null) {
                // after the recorder: a 3.1.1 session's hash is final by then
                SignatureCheck c = ctx.signatures().checkMessage(state, m);
                ctx.listener().messageChecked(state.tcp, direction(), m, c);
            }
            int flags = (h.isSigned() ? TimelineRecorder.SIGNED : 0) | (h.isAsync() ? TimelineRecorder.ASYNC : 0)
                    | (recorder.decrypting ? TimelineRecorder.DECRYPTED : 0);
            state.timeline.add(m.lastFrame(), m.timeNanos(), fromClient,
                    h.isResponse() ? TimelineEvent.Kind.SMB2_RESPONSE : TimelineEvent.Kind.SMB2_REQUEST, h.command(),
                    h.status(), h.messageId(), flags, recorder.eventDetail);
            if (recorder.eventValidate) {
                state.timeline.markValidate();
            }
        }

        /**
         * Only NEGOTIATE, SESSION_SETUP, TREE_CONNECT and IOCTL bodies are read ({@link MessageRecorder}); of every other
         * message (bulk READ/WRITE above all) the 64-byte header is enough, so the decoder skips the body instead
         * of copying up to MAX_KEPT_BYTES of it into a new array per message.
         */
        @Override public int keepBytes(Smb2Header h, int maxKeptBytes) {
            return switch (h.command()) {
                case Smb2Command.NEGOTIATE, Smb2Command.SESSION_SETUP, Smb2Command.TREE_CONNECT, Smb2Command.IOCTL -> maxKeptBytes;
                // With credentials every signed message is verified, which needs all of it.
                default -> h.isSigned() && state.signatureTally != null ? maxKeptBytes : Smb2Header.SIZE;
            };
        }

        @Override public void encrypted(TransformHeader t, long firstFrame, long lastFrame, long timeNanos) {
            boolean wasSmb = isSmb();
            if (state.encryptedMessages++ == 0) {
                state.firstEncryptedFrame = lastFrame;
            }
            confirmSmb(firstFrame);
            boolean fromClient = tcpClient != state.rolesSwapped;
            if (ctx.withCredentials()) {
                List<Smb2Message> inner = ctx.signatures().decrypt(state, t, fromClient);
                if (inner != null) {
                    ctx.listener().messagesDecrypted(state.tcp, direction(), t, inner);
                    state.decryptedMessages++;
                    recorder.decrypting = true;
                    try {
                        for (Smb2Message m : inner) {
                            message(m);
                        }
                    } finally {
                        recorder.decrypting = false;
                    }
                    return;
                }
            }
            state.timeline.add(lastFrame, timeNanos, fromClient, TimelineEvent.Kind.SMB3_ENCRYPTED, 0, 0, -1, 0, 0);
            if (!wasSmb || state.encryptedMessages == 1) {
                changed();
            }
        }

        @Override public void smb1(int command, long firstFrame, long timeNanos) {
            state.smb1Seen = true;
            confirmSmb(firstFrame);
            boolean fromClient = tcpClient != state.rolesSwapped;
            if (command == 0x72 && fromClient && state.smb1NegotiateFrame == 0) { // SMB_COM_NEGOTIATE
                state.smb1NegotiateFrame = firstFrame;
            }
            state.timeline.add(firstFrame, timeNanos, fromClient, TimelineEvent.Kind.SMB1, command, 0, -1, 0, 0);
        }

        @Override public void smb1Negotiate(List<String> dialects, long firstFrame, long timeNanos) {
            if (tcpClient != state.rolesSwapped) {
                state.smb1DialectsSeen = true;
                state.smb1Offers2002 |= dialects.contains("SMB 2.002");
                state.smb1OffersWildcard |= dialects.contains("SMB 2.???");
            }
        }

        @Override public void malformed(String msg, long frame, long streamOffset) {
            String who = (tcpClient != state.rolesSwapped) ? "client" : "server";
            CaptureWarning w = ctx.warnings().warningFor(frame, state.tcp + " (" + who + " stream offset " + streamOffset + "): " + msg);
            if (reported) {
                ctx.warnings().add(w);
            } else if (early == null || early.size() < ConnectionState.MAX_NOTES) {
                if (early == null) {
                    early = new ArrayList<>(2);
                }
                early.add(w);
            }
        }
    }

}
