package org.negscope.probe;

import org.negscope.probe.ProbeConnection.Step;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.TreeConnectRequest;
import org.negscope.smb2.TreeConnectResponse;

/**
 * TREE_CONNECT (MS-SMB2 3.2.4.2.4) to the share (IPC$ by default), signed when the session has a key; a share that
 * demands encryption ends the run, because the probe sends VALIDATE in clear. After it a client validates (3.2.5.5).
 */
final class TreeConnectExchange extends ProbeExchange {

    TreeConnectExchange(ProbeConnection conn) {
        super(conn);
    }

    void run() throws ProbeException {
        String path = "\\\\" + o.host() + "\\" + o.share();
        Step s = conn.begin("TREE_CONNECT " + path);
        byte[] req = new TreeConnectRequest(0, path).encode(conn.header(Smb2Command.TREE_CONNECT, conn.sessionId));
        conn.sign(req);
        Smb2Message resp = conn.exchange(req, s);
        long st = resp.header().status();
        if (st != NtStatus.SUCCESS) {
            String msg = "TREE_CONNECT to " + path + " failed with " + NtStatus.name(st);
            s.end(NtStatus.name(st), msg);
            throw new ProbeException(ProbeFailure.TREE_CONNECT_FAILED, msg, st, null);
        }
        conn.treeId = resp.header().treeId();
        TreeConnectResponse tc;
        try {
            tc = TreeConnectResponse.decode(resp);
        } catch (Smb2FormatException e) {
            s.end("PROTOCOL_ERROR", e.getMessage());
            throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the TREE_CONNECT response cannot be decoded: " + e.getMessage());
        }
        if (tc.encryptData()) {
            String msg = "the share " + path + " demands encryption (ShareFlags ENCRYPT_DATA); the probe does not encrypt, "
                    + "so it cannot send VALIDATE in clear";
            s.end(ProbeFailure.ENCRYPTION_REQUIRED.name(), msg);
            throw new ProbeException(ProbeFailure.ENCRYPTION_REQUIRED, msg);
        }
        String detail = String.format("TreeId 0x%08x, ShareFlags 0x%08x", conn.treeId, tc.shareFlags())
                + (conn.signingKey == null ? ", unsigned" : ", signed request; response " + (resp.header().isSigned()
                        ? "signature " + conn.verify(resp).status() : "not signed"));
        s.end("OK", detail);
    }
}
