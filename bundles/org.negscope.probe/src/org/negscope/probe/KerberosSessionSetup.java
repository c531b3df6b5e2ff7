package org.negscope.probe;

import java.util.Arrays;
import java.util.List;
import org.negscope.crypto.PreauthIntegrity;
import org.negscope.crypto.Secret;
import org.negscope.probe.ProbeConnection.Step;
import org.negscope.smb2.Capabilities;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.SessionSetupRequest;
import org.negscope.smb2.SessionSetupResponse;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.Spnego;

/**
 * Kerberos logon (MS-SMB2 3.2.5.3, MS-KILE): AS and TGS exchange with the KDC ({@link KerberosClient}), then one
 * SESSION_SETUP round whose SPNEGO NegTokenInit carries the AP-REQ; the server's final response carries the AP-REP,
 * which completes mutual authentication and gives the GSS session key (acceptor subkey).
 */
final class KerberosSessionSetup extends ProbeExchange {
    private final SessionSetupExchange sessionSetup;

    KerberosSessionSetup(ProbeConnection conn, SessionSetupExchange sessionSetup) {
        super(conn);
        this.sessionSetup = sessionSetup;
    }

    /** @param sessionHash the 3.1.1 preauth hash of this session (null below 3.1.1) */
    void run(PreauthIntegrity sessionHash) throws ProbeException {
        int secMode = o.securityMode() & 0x03;
        Step sk = conn.begin("Kerberos AS/TGS (KDC " + o.kdc() + ", " + o.spn() + ")");
        KerberosClient krb;
        byte[] apReq;
        char[] pw = o.password();
        if (pw == null) {
            String msg = "Kerberos needs the password (--password-file), not an NT hash";
            sk.end(ProbeFailure.NO_CREDENTIALS.name(), msg);
            throw new ProbeException(ProbeFailure.NO_CREDENTIALS, msg);
        }
        try {
            krb = KerberosClient.logon(o.user(), pw, o.kdc(), o.spn());
        } catch (ProbeException e) {
            throw sk.failed(e);
        } finally {
            Arrays.fill(pw, '\0');
        }
        try (krb) {
            try {
                apReq = krb.apReq();
            } catch (ProbeException e) {
                throw sk.failed(e);
            }
            sk.end("OK", "TGT for " + o.user() + ", service ticket for " + krb.servicePrincipal());
            Step s2 = conn.begin("SESSION_SETUP (Kerberos AP-REQ)");
            byte[] req = new SessionSetupRequest(0, secMode, Capabilities.DFS, 0, 0,
                    Spnego.encodeInit(List.of(Spnego.OID_MS_KERBEROS, Spnego.OID_KERBEROS), apReq))
                    .encode(conn.header(Smb2Command.SESSION_SETUP, 0));
            if (sessionHash != null) {
                sessionHash.update(req);
            }
            Smb2Message resp = conn.exchange(req, s2);
            conn.sessionId = resp.header().sessionId();
            Secret gss = null;
            try {
                if (resp.header().status() == NtStatus.SUCCESS) {
                    byte[] apRep;
                    try {
                        apRep = Spnego.decode(SessionSetupResponse.decode(resp).securityBuffer()).mechToken();
                    } catch (Smb2FormatException e) {
                        s2.end("PROTOCOL_ERROR", e.getMessage());
                        throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the SESSION_SETUP response's SPNEGO cannot be read: "
                                + e.getMessage());
                    }
                    try {
                        gss = krb.sessionKey(apRep);
                    } catch (ProbeException e) {
                        throw s2.failed(e);
                    }
                }
                sessionSetup.finish(s2, resp, gss, sessionHash, false);
            } finally {
                if (gss != null) {
                    gss.clear();
                }
            }
        }
    }
}
