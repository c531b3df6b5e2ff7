package org.negscope.probe;

import java.security.SecureRandom;
import org.negscope.capture.Progress;
import org.negscope.crypto.PreauthIntegrity;
import org.negscope.crypto.Secret;
import org.negscope.crypto.SignatureCheck;
import org.negscope.crypto.SigningAlgorithm;
import org.negscope.crypto.Smb2Signer;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NegotiateRequest;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Header;
import org.negscope.smb2.Smb2Message;

/**
 * The probe's client state for one connection, as a client's Connection and Session hold it (MS-SMB2 3.2.1.2,
 * 3.2.1.3): transport, next MessageId, SessionId, TreeId, the NEGOTIATE pair, signing key and algorithm, the 3.1.1
 * preauth hash; and what every exchange does with it: build a header, sign, send, wait for the final answer, time
 * the step. The exchanges ({@link NegotiateExchange}, {@link SessionSetupExchange}, {@link TreeConnectExchange},
 * {@link ValidateNegotiateExchange}, {@link LogoffExchange}) share it; {@link Probe} runs them in order.
 */
final class ProbeConnection {
    /** SMB2 CreditRequest on each request: enough for a short exchange, like Windows' first requests. */
    private static final int CREDITS_REQUESTED = 31;
    /** Windows' value for the sync header's Reserved ("ProcessId") field. */
    private static final long PROCESS_ID = 0xFEFF;
    /** Steps of a complete run (connect, NEGOTIATE, 2 x SESSION_SETUP, TREE_CONNECT, IOCTL, LOGOFF, close), for progress. */
    static final int STEPS = 8;
    /** How long the probe waits for the server's FIN after its own at the end. */
    static final long CLOSE_WAIT_MILLIS = 500;

    final ProbeOptions o;
    final Progress progress;
    final ProbeResult r = new ProbeResult();
    final SecureRandom random = new SecureRandom();
    final long startNanos = System.nanoTime();
    final long deadlineNanos;
    SmbTransport transport;
    long nextMessageId;
    long sessionId;
    long treeId;
    NegotiateRequest negotiateRequest;
    NegotiateResponse negotiateResponse;
    Secret signingKey;
    SigningAlgorithm algorithm;
    int signingAlgorithmId = -1;
    PreauthIntegrity preauth;

    ProbeConnection(ProbeOptions o, Progress progress) {
        this.o = o;
        this.progress = progress == null ? Progress.NONE : progress;
        this.deadlineNanos = startNanos + o.deadlineMillis() * 1_000_000L;
    }

    // ---- messages -----------------------------------------------------------------------------------------

    Smb2Header header(int command, long session) {
        long mid = nextMessageId++;
        // CreditCharge 0 for NEGOTIATE and on 2.0.2 (the field is reserved there), else 1 (3.2.4.1.5).
        int charge = command == Smb2Command.NEGOTIATE || r.dialect == Dialect.SMB_2_0_2 ? 0 : 1;
        return new Smb2Header(charge, 0, command, CREDITS_REQUESTED, 0, 0, mid, PROCESS_ID,
                command == Smb2Command.NEGOTIATE || command == Smb2Command.SESSION_SETUP || command == Smb2Command.TREE_CONNECT
                        ? 0 : treeId,
                0, session, null);
    }

    void sign(byte[] message) {
        if (signingKey != null) {
            Smb2Signer.sign(message, 0, message.length, signingKey, algorithm);
        }
    }

    SignatureCheck verify(Smb2Message m) {
        byte[] b = m.bytes();
        return Smb2Signer.verify(b, 0, b.length, signingKey, algorithm);
    }

    void send(byte[] message, Step s) throws ProbeException {
        transport.send(message, stepDeadline(o.stepTimeoutMillis()), s.name);
    }

    /**
     * The final response to the request with {@code messageId}: interim STATUS_PENDING answers (async) are
     * skipped, as are unsolicited messages (MessageId 0xFFFFFFFFFFFFFFFF, e.g. oplock breaks).
     */
    Smb2Message receive(Step s, long messageId) throws ProbeException {
        long deadline = stepDeadline(o.stepTimeoutMillis());
        while (true) {
            byte[] b = transport.receive(deadline, s.name);
            Smb2Message m;
            try {
                m = Smb2Message.of(b);
            } catch (Smb2FormatException e) {
                throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the server's answer during " + s.name
                        + " is not a valid SMB2 message: " + e.getMessage());
            }
            Smb2Header h = m.header();
            if (!h.isResponse()) {
                throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the server sent a request (" + h.commandName()
                        + ") during " + s.name);
            }
            if (h.messageId() == -1L) {
                continue;
            }
            if (h.messageId() != messageId) {
                throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "during " + s.name + " the server answered MessageId "
                        + h.messageId() + " (" + h.commandName() + "), expected " + messageId);
            }
            if (h.isAsync() && h.status() == NtStatus.PENDING) {
                continue;
            }
            return m;
        }
    }

    /**
     * Sends {@code request} (whose MessageId is the last one given out) and returns the server's final answer to it;
     * a failure ends step {@code s} with its reason.
     */
    Smb2Message exchange(byte[] request, Step s) throws ProbeException {
        try {
            send(request, s);
            return receive(s, nextMessageId - 1);
        } catch (ProbeException e) {
            throw s.failed(e);
        }
    }

    long stepDeadline(long stepMillis) {
        return Math.min(deadlineNanos, System.nanoTime() + stepMillis * 1_000_000L);
    }

    // ---- ending the connection ----------------------------------------------------------------------------

    /** A Windows client tears the connection down at once after a failed validation; so does the probe. */
    void closeLikeWindows() {
        drop();
        throw new Stop();
    }

    /**
     * Ends the connection after a failed check: with RST when asked ({@link ProbeOptions#resetOnFailure()}, what
     * Windows does), else with FIN (what Samba's client does), waiting briefly for the server's FIN.
     */
    void drop() {
        if (o.resetOnFailure()) {
            transport.abort();
        } else {
            transport.shutdown(System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000L);
        }
    }

    /** Ends the run after a verdict was reached mid-step (not an error). */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super("verdict reached", null, false, false);
        }
    }

    // ---- steps bookkeeping --------------------------------------------------------------------------------

    Step begin(String name) {
        return new Step(name);
    }

    /** One step of the run as the result lists it: name, start, duration, bytes each way, status, detail. */
    final class Step {
        final String name;
        final long start = System.nanoTime();
        final long sent0 = transport == null ? 0 : transport.bytesSent();
        final long recv0 = transport == null ? 0 : transport.bytesReceived();

        Step(String name) {
            this.name = name;
        }

        void end(String status, String detail) {
            long sent = transport == null ? 0 : transport.bytesSent() - sent0;
            long recv = transport == null ? 0 : transport.bytesReceived() - recv0;
            r.steps.add(new ProbeStep(name, (start - startNanos) / 1_000_000L, (System.nanoTime() - start) / 1_000_000L,
                    sent, recv, status, detail == null ? "" : detail));
            progress.worked(r.steps.size(), STEPS);
        }

        /** Ends the step with the failure's name and message; returns {@code e} to be thrown on. */
        ProbeException failed(ProbeException e) {
            end(e.failure().name(), e.getMessage());
            return e;
        }
    }
}
