package org.negscope.probe;

import org.negscope.probe.ProbeConnection.Step;
import org.negscope.smb2.Logoff;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2Message;

/**
 * The orderly end of a run: LOGOFF (MS-SMB2 2.2.7), then FIN, waiting briefly
 * for the server's FIN. A failing LOGOFF goes only into the step list: the verdict is known by then.
 */
final class LogoffExchange extends ProbeExchange {

    LogoffExchange(ProbeConnection conn) {
        super(conn);
    }

    /** LOGOFF and an orderly TCP close, unless the server has closed already. */
    void run() throws ProbeException {
        if (conn.transport == null || conn.transport.closedByPeer()) {
            return;
        }
        Step s = conn.begin("LOGOFF");
        byte[] req = Logoff.encode(conn.header(Smb2Command.LOGOFF, conn.sessionId));
        conn.sign(req);
        try {
            conn.send(req, s);
            Smb2Message resp = conn.receive(s, conn.nextMessageId - 1);
            s.end(NtStatus.name(resp.header().status()), "");
        } catch (ProbeException e) {
            // The verdict is already known; a failing LOGOFF only goes into the step list.
            s.end(e.failure().name(), e.getMessage());
        }
        Step c = conn.begin("TCP close");
        conn.transport.shutdown(Math.min(conn.deadlineNanos, System.nanoTime() + ProbeConnection.CLOSE_WAIT_MILLIS * 1_000_000L));
        c.end("OK", "");
    }
}
