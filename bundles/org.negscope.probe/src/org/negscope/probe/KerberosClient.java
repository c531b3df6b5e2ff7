package org.negscope.probe;

import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Arrays;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.negscope.crypto.KerberosApExchange;
import org.negscope.crypto.Secret;

/**
 * The probe's Kerberos initiator, on the JDK's own JAAS Krb5LoginModule and JGSS (no extra library): an AS exchange
 * with the user's password (a TGT in a private Subject, no ticket cache read or written), a TGS exchange for the
 * service principal, and the GSS krb5 AP-REQ token for SESSION_SETUP (mutual authentication, no delegation). After
 * the server's AP-REP the GSS session key is learnt the way NegScope's analysis learns it (docs/kerberos.md): the
 * JDK keeps the service ticket in the Subject, whose session key decrypts the probe's own authenticator and the
 * server's AP-REP (KerberosApExchange), so the probe needs no JDK-internal API.
 * <p>
 * The KDC and realm go to the JDK as the system properties {@code java.security.krb5.kdc} / {@code .realm} (one
 * realm per JVM: the command line runs one probe). The service principal is named as a krb5 principal name
 * ({@code cifs/host@REALM}), so the JDK does not canonicalise the host name through DNS.
 */
final class KerberosClient implements AutoCloseable {
    private static final Oid KRB5;
    private static final Oid KRB5_PRINCIPAL_NAME;

    static {
        try {
            KRB5 = new Oid("1.2.840.113554.1.2.2");
            KRB5_PRINCIPAL_NAME = new Oid("1.2.840.113554.1.2.2.1");
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Subject subject;
    private final LoginContext login;
    private final String servicePrincipal;
    private GSSContext context;
    private byte[] apReq;

    private KerberosClient(Subject subject, LoginContext login, String servicePrincipal) {
        this.subject = subject;
        this.login = login;
        this.servicePrincipal = servicePrincipal;
    }

    /** "U@REALM" -> REALM (upper case), or null without a realm. */
    static String realmOf(String user) {
        int at = user.lastIndexOf('@');
        return at < 0 || at == user.length() - 1 ? null : user.substring(at + 1).toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * AS exchange: logs {@code user} (U@REALM) on at {@code kdc} with the password (copied, wiped here when done).
     *
     * @throws ProbeException AUTH_FAILED with the KDC's reason (wrong password, unknown user, KDC unreachable)
     */
    static KerberosClient logon(String user, char[] password, String kdc, String spn) throws ProbeException {
        String realm = realmOf(user);
        if (realm == null) {
            throw new ProbeException(ProbeFailure.AUTH_FAILED, "Kerberos needs the user as USER@REALM, not '" + user + "'");
        }
        System.setProperty("java.security.krb5.realm", realm);
        System.setProperty("java.security.krb5.kdc", kdc);
        char[] pw = password.clone();
        Configuration config = new Configuration() {
            @Override public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of("useTicketCache", "false", "doNotPrompt", "false", "storeKey", "false", "refreshKrb5Config", "true"))};
            }
        };
        Subject subject = new Subject();
        try {
            LoginContext lc = new LoginContext("negscope-probe", subject, callbacks -> {
                for (Callback c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName(user);
                    } else if (c instanceof PasswordCallback p) {
                        p.setPassword(pw); // PasswordCallback copies it
                    } else {
                        throw new UnsupportedCallbackException(c);
                    }
                }
            }, config);
            lc.login();
            String service = spn.contains("@") ? spn : spn + "@" + realm;
            return new KerberosClient(subject, lc, service);
        } catch (LoginException e) {
            throw new ProbeException(ProbeFailure.AUTH_FAILED, "Kerberos logon of " + user + " at KDC " + kdc + " failed: "
                    + e.getMessage());
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /** TGS exchange and the GSS AP-REQ token (krb5 OID, token id 0x0100) for the SESSION_SETUP request. */
    byte[] apReq() throws ProbeException {
        try {
            apReq = Subject.doAs(subject, (PrivilegedExceptionAction<byte[]>) () -> {
                GSSManager m = GSSManager.getInstance();
                GSSName name = m.createName(servicePrincipal, KRB5_PRINCIPAL_NAME);
                context = m.createContext(name, KRB5, null, GSSContext.DEFAULT_LIFETIME);
                context.requestMutualAuth(true);
                context.requestCredDeleg(false);
                context.requestInteg(true);
                return context.initSecContext(new byte[0], 0, 0);
            });
            return apReq.clone();
        } catch (PrivilegedActionException e) {
            throw new ProbeException(ProbeFailure.AUTH_FAILED, "no Kerberos ticket for " + servicePrincipal + ": "
                    + e.getCause().getMessage());
        }
    }

    /**
     * Completes the context with the server's AP-REP (null when the server sent none) and returns the GSS session key
     * (the caller clears it).
     */
    Secret sessionKey(byte[] apRep) throws ProbeException {
        if (apRep != null) {
            try {
                Subject.doAs(subject, (PrivilegedExceptionAction<byte[]>) () -> context.initSecContext(apRep, 0, apRep.length));
            } catch (PrivilegedActionException e) {
                throw new ProbeException(ProbeFailure.AUTH_FAILED, "the server's Kerberos AP-REP does not verify: "
                        + e.getCause().getMessage());
            }
        }
        KerberosTicket ticket = null;
        for (KerberosTicket t : subject.getPrivateCredentials(KerberosTicket.class)) {
            if (t.getServer() != null && t.getServer().getName().equalsIgnoreCase(servicePrincipal)) {
                ticket = t;
            }
        }
        if (ticket == null) {
            throw new ProbeException(ProbeFailure.AUTH_FAILED, "the service ticket for " + servicePrincipal
                    + " is not in the probe's credentials, so its session key is unknown");
        }
        byte[] k = ticket.getSessionKey().getEncoded();
        try (Secret ticketKey = Secret.bytes(k)) {
            KerberosApExchange.Result r = KerberosApExchange.sessionKeyFromTicketKey(apReq, apRep, ticketKey,
                    ticket.getSessionKeyType());
            if (!r.ok()) {
                throw new ProbeException(ProbeFailure.AUTH_FAILED, "the Kerberos session key cannot be learnt: " + r.problem());
            }
            return r.key();
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    String servicePrincipal() { return servicePrincipal; }

    @Override
    public void close() {
        try {
            if (context != null) {
                context.dispose();
            }
        } catch (GSSException e) {
            // nothing to release then
        }
        try {
            login.logout(); // destroys the TGT and service ticket in the Subject
        } catch (LoginException e) {
            // the Subject is dropped anyway
        }
    }
}
