package org.negscope.analysis;

import java.nio.file.Path;
import java.util.List;
import org.negscope.capture.CaptureException;
import org.negscope.capture.Direction;
import org.negscope.capture.TcpConnection;
import org.negscope.crypto.SignatureCheck;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.TransformHeader;

/**
 * Progressive results for the workbench. Methods are called on the analysing thread (not the UI thread):
 * implementations hand the data over to their UI themselves.
 */
public interface AnalysisListener {
    /**
     * A connection's verdict became known or changed (it may change again until the capture has been
     * read to its end; the last call per connection is final). The report is immutable.
     */
    default void connectionUpdated(ConnectionReport report) {}

    /** A capture has been read completely (or up to cancellation). */
    default void captureFinished(CaptureReport capture) {}

    /**
     * A file could not be read at all (missing, a directory, not a capture). The default stops the whole
     * analysis by rethrowing; return normally to go on with the remaining files (the CLI does, so that
     * it can name every unreadable file and still exit 2).
     */
    default void captureFailed(Path file, CaptureException e) throws CaptureException {
        throw e;
    }

    /**
     * With credentials only: the check of one signed SMB2 message (also of one decrypted from a TRANSFORM message),
     * exactly as {@link ConnectionReport#signatureChecks()} counts it, for views that list every message (the
     * workbench's packet detail) and so must not check signatures a second way. {@code direction} is the TCP
     * direction as the reader saw it; the message's stream offset and compound index identify it within that
     * direction. In stream order; {@code message} must not be kept beyond what the caller needs (it holds its bytes).
     */
    default void messageChecked(TcpConnection connection, Direction direction, Smb2Message message, SignatureCheck check) {}

    /**
     * With credentials only: the SMB2 messages decrypted from one TRANSFORM message (called before they are
     * analysed, so before their own {@link #messageChecked}).
     */
    default void messagesDecrypted(TcpConnection connection, Direction direction, TransformHeader encrypted,
                                   List<Smb2Message> messages) {}

    AnalysisListener NONE = new AnalysisListener() {};
}
