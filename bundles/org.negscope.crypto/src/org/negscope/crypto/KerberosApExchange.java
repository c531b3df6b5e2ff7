package org.negscope.crypto;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;

/**
 * The GSS session key of a Kerberos SMB session, learnt from the capture's AP-REQ (and AP-REP) with the service's
 * long-term key from a keytab (RFC 4120 5.5, RFC 4121 2, MS-KILE; summary in docs/kerberos.md):
 * <ol>
 * <li>the AP-REQ rides in the SPNEGO mechToken of the SESSION_SETUP request, GSS-framed (krb5 OID, token id 0x0100);
 * <li>its Ticket's enc-part, decrypted with the service key (key usage 2), is the EncTicketPart holding the ticket
 *     session key;
 * <li>the Authenticator (usage 11, ticket session key) may hold the initiator's subkey;
 * <li>the AP-REP (token id 0x0200, in the SESSION_SETUP response) enc-part (usage 12, ticket session key) may hold
 *     the acceptor's subkey.
 * </ol>
 * The GSS session key (MS-SMB2's "session key" before truncation to 16 bytes) is the acceptor subkey if present,
 * else the initiator subkey, else the ticket session key. The service key is found by trying every keytab key of
 * the ticket's enctype (the ticket's kvno and principal first): Windows and Samba name the key after the machine
 * account (HOST$), not after the cifs/ SPN the ticket names, and a wrong key fails the integrity check.
 * <p>
 * ASN.1 through BouncyCastle's classes; every hostile-input failure becomes a {@link Result#problem()} sentence.
 * Problems name principals, enctypes and kvnos, never key bytes.
 */
public final class KerberosApExchange {
    /** GSS token ids (RFC 4121 4.1). */
    static final int TOK_AP_REQ = 0x0100;
    static final int TOK_AP_REP = 0x0200;
    static final int USAGE_TICKET = 2;
    static final int USAGE_AUTHENTICATOR = 11;
    static final int USAGE_AP_REP = 12;
    /** The krb5 mechanism OID 1.2.840.113554.1.2.2 and Microsoft's 1.2.840.48018.1.2.2, DER-encoded. */
    private static final byte[] OID_KRB5 = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
    private static final byte[] OID_MS_KRB5 = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x82, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};

    private KerberosApExchange() {
    }

    /** What the ticket names: "cifs/dc1.r@R", its enctype and kvno (-1 when absent). Not secret. */
    public record Ticket(String service, int enctype, int kvno) {
        public String describe() {
            return "the ticket for " + service + " is encrypted with " + KerberosCrypto.enctypeName(enctype)
                    + (kvno >= 0 ? " kvno " + kvno : " (no kvno)");
        }
    }

    /**
     * The outcome: the GSS session key ({@code key}, owned by the caller, who must clear it) and which key it is
     * ("acceptor subkey" | "initiator subkey" | "ticket session key"), or a {@code problem} sentence. {@code ticket} is
     * set whenever the AP-REQ could be read; {@code keytabEntry} names the entry that opened the ticket.
     */
    public record Result(Secret key, int enctype, String source, Ticket ticket, String keytabEntry, String problem) {
        public boolean ok() { return key != null; }

        @Override public String toString() {
            return ok() ? "Kerberos " + source + " (" + KerberosCrypto.enctypeName(enctype) + ")" : "Kerberos: " + problem;
        }
    }

    /** True when {@code token} (a SPNEGO mechToken / responseToken) is a GSS krb5 AP-REQ. */
    public static boolean isApReq(byte[] token) {
        return tokenId(token) == TOK_AP_REQ;
    }

    /** True when {@code token} is a GSS krb5 AP-REP (or a bare AP-REP, [APPLICATION 15]). */
    public static boolean isApRep(byte[] token) {
        return tokenId(token) == TOK_AP_REP || token != null && token.length > 0 && (token[0] & 0xff) == 0x6f;
    }

    /**
     * The session's GSS key from its AP-REQ token (required) and AP-REP token (null when the capture has none).
     * Never throws for bad input.
     */
    public static Result sessionKey(byte[] apReqToken, byte[] apRepToken, Keytab keytab) {
        Ticket ticket = null;
        try {
            ASN1Sequence apReq = application(inner(apReqToken, TOK_AP_REQ), 14, "AP-REQ");
            Map<Integer, ASN1Encodable> req = fields(apReq);
            ASN1Sequence tkt = application(explicit(req, 3, "AP-REQ ticket"), 1, "Ticket");
            Map<Integer, ASN1Encodable> t = fields(tkt);
            String realm = string(explicit(t, 1, "Ticket realm"));
            String sname = principal(explicit(t, 2, "Ticket sname"));
            Map<Integer, ASN1Encodable> encPart = fields(sequence(explicit(t, 3, "Ticket enc-part"), "EncryptedData"));
            int etype = integer(explicit(encPart, 0, "enc-part etype"));
            int kvno = encPart.containsKey(1) ? integer(explicit(encPart, 1, "enc-part kvno")) : -1;
            byte[] tktCipher = octets(explicit(encPart, 2, "enc-part cipher"));
            ticket = new Ticket(sname + "@" + realm, etype, kvno);
            if (!KerberosCrypto.supported(etype)) {
                return fail(ticket, ticket.describe() + ", which this analysis cannot decrypt (aes256-cts, aes128-cts and"
                        + " rc4-hmac only)");
            }
            // The service key: every key of the enctype, the ticket's own kvno and principal first.
            List<Keytab.Entry> candidates = new ArrayList<>();
            for (Keytab.Entry e : keytab.entries()) {
                if (e.enctype() == etype) {
                    candidates.add(e);
                }
            }
            String wanted = sname + "@" + realm;
            candidates.sort((a, b) -> Integer.compare(rank(b, kvno, wanted), rank(a, kvno, wanted)));
            byte[] encTicketPart = null;
            Keytab.Entry opened = null;
            for (Keytab.Entry e : candidates) {
                try {
                    encTicketPart = KerberosCrypto.decrypt(etype, e.key(), USAGE_TICKET, tktCipher);
                    opened = e;
                    break;
                } catch (KerberosCrypto.IntegrityException | IllegalArgumentException wrongKey) {
                    // next key
                }
            }
            if (encTicketPart == null) {
                return fail(ticket, ticket.describe() + "; " + (candidates.isEmpty()
                        ? "the keytab " + keytab.name() + " has no " + KerberosCrypto.enctypeName(etype) + " key: it holds "
                                + keytab.describe()
                        : "none of the keytab's " + candidates.size() + " " + KerberosCrypto.enctypeName(etype)
                                + " key(s) decrypts it (the keytab " + keytab.name() + " holds " + keytab.describe() + ")"));
            }
            Secret ticketKey;
            int ticketKeyType;
            try {
                Map<Integer, ASN1Encodable> etp = fields(application(parse(encTicketPart, "EncTicketPart"), 3, "EncTicketPart"));
                Map<Integer, ASN1Encodable> key = fields(sequence(explicit(etp, 1, "EncTicketPart key"), "EncryptionKey"));
                ticketKeyType = integer(explicit(key, 0, "keytype"));
                byte[] raw = octets(explicit(key, 1, "keyvalue"));
                ticketKey = Secret.bytes(raw);
                Arrays.fill(raw, (byte) 0);
            } finally {
                Arrays.fill(encTicketPart, (byte) 0);
            }
            return withTicketKey(req, apRepToken, ticketKey, ticketKeyType, ticket, "the ticket opened with " + opened.describe(),
                    opened.describe());
        } catch (Malformed e) {
            return fail(ticket, e.getMessage());
        } catch (RuntimeException e) {
            // BouncyCastle's classes throw unchecked exceptions of several kinds for hostile encodings.
            return fail(ticket, "the Kerberos token cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /**
     * The GSS session key from the ticket session key a client already holds (the probe: JGSS keeps the service ticket
     * in its Subject): the authenticator of its own AP-REQ (usage 11) gives the initiator subkey, the server's AP-REP
     * (usage 12) the acceptor subkey. {@code ticketKey} stays the caller's (copied here). Never throws for bad input.
     */
    public static Result sessionKeyFromTicketKey(byte[] apReqToken, byte[] apRepToken, Secret ticketKey, int ticketKeyType) {
        try {
            Map<Integer, ASN1Encodable> req = fields(application(inner(apReqToken, TOK_AP_REQ), 14, "AP-REQ"));
            return withTicketKey(req, apRepToken, Secret.bytes(ticketKey.copyBytes()), ticketKeyType, null,
                    "the client's ticket session key", null);
        } catch (Malformed e) {
            return fail(null, e.getMessage());
        } catch (RuntimeException e) {
            return fail(null, "the Kerberos token cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Authenticator (usage 11) -> initiator subkey; AP-REP (usage 12) -> acceptor subkey; the best one wins. Owns ticketKey. */
    private static Result withTicketKey(Map<Integer, ASN1Encodable> req, byte[] apRepToken, Secret ticketKey, int ticketKeyType,
            Ticket ticket, String how, String via) {
        // Both with the ticket session key.
        Key initiator;
        try {
            Map<Integer, ASN1Encodable> auth = fields(sequence(explicit(req, 4, "AP-REQ authenticator"), "EncryptedData"));
            initiator = subkey(ticketKey, ticketKeyType, auth, USAGE_AUTHENTICATOR, 2, 6, "Authenticator");
        } catch (KerberosCrypto.IntegrityException | Malformed e) {
            ticketKey.clear();
            return fail(ticket, how + ", but the authenticator cannot be read with its"
                    + " session key: " + e.getMessage());
        }
        Key acceptor = null;
        String apRepProblem = null;
        if (apRepToken != null) {
            try {
                byte[] rep = inner(apRepToken, TOK_AP_REP);
                Map<Integer, ASN1Encodable> ap = fields(application(rep, 15, "AP-REP"));
                Map<Integer, ASN1Encodable> enc = fields(sequence(explicit(ap, 2, "AP-REP enc-part"), "EncryptedData"));
                acceptor = subkey(ticketKey, ticketKeyType, enc, USAGE_AP_REP, 27, 2, "EncAPRepPart");
            } catch (KerberosCrypto.IntegrityException | Malformed e) {
                apRepProblem = e.getMessage();
            }
        }
        if (apRepProblem != null) {
            ticketKey.clear();
            if (initiator != null) {
                initiator.key.clear();
            }
            return fail(ticket, how + ", but the AP-REP cannot be read: " + apRepProblem);
        }
        if (acceptor != null) {
            ticketKey.clear();
            if (initiator != null) {
                initiator.key.clear();
            }
            return new Result(acceptor.key, acceptor.type, "acceptor subkey", ticket, via, null);
        }
        if (initiator != null) {
            ticketKey.clear();
            return new Result(initiator.key, initiator.type, "initiator subkey", ticket, via, null);
        }
        return new Result(ticketKey, ticketKeyType, "ticket session key", ticket, via, null);
    }

    private static int rank(Keytab.Entry e, int kvno, String principal) {
        return (e.kvno() == kvno ? 2 : 0) + (e.principal().equalsIgnoreCase(principal) ? 1 : 0);
    }

    private static Result fail(Ticket ticket, String problem) {
        return new Result(null, 0, null, ticket, null, problem);
    }

    private record Key(Secret key, int type) {
    }

    /** The subkey [subkeyTag] of the EncryptedData {@code enc} (Authenticator or EncAPRepPart), or null when absent. */
    private static Key subkey(Secret ticketKey, int ticketKeyType, Map<Integer, ASN1Encodable> enc, int usage, int app,
            int subkeyTag, String what) throws KerberosCrypto.IntegrityException {
        int etype = integer(explicit(enc, 0, what + " etype"));
        if (etype != ticketKeyType) {
            throw new Malformed(what + " is encrypted with " + KerberosCrypto.enctypeName(etype) + ", the ticket session key is "
                    + KerberosCrypto.enctypeName(ticketKeyType));
        }
        byte[] plain = KerberosCrypto.decrypt(etype, ticketKey, usage, octets(explicit(enc, 2, what + " cipher")));
        try {
            Map<Integer, ASN1Encodable> f = fields(application(parse(plain, what), app, what));
            if (!f.containsKey(subkeyTag)) {
                return null;
            }
            Map<Integer, ASN1Encodable> key = fields(sequence(explicit(f, subkeyTag, what + " subkey"), "EncryptionKey"));
            int type = integer(explicit(key, 0, "subkey keytype"));
            byte[] raw = octets(explicit(key, 1, "subkey keyvalue"));
            Key k = new Key(Secret.bytes(raw), type);
            Arrays.fill(raw, (byte) 0);
            return k;
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    // ------------------------------------------------------------------------------ GSS framing and ASN.1

    /** A hostile or unexpected encoding; the message says what and where (no secret). */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /** The token id of a GSS krb5 token (RFC 1964 / 4121: [APPLICATION 0] { OID, tok-id, message }), or -1. */
    static int tokenId(byte[] t) {
        int p = mechStart(t);
        return p < 0 || p + 2 > t.length ? -1 : (t[p] & 0xff) << 8 | (t[p + 1] & 0xff);
    }

    /** Offset just after the krb5 OID in a GSS token, or -1. */
    private static int mechStart(byte[] t) {
        if (t == null || t.length < 2 || (t[0] & 0xff) != 0x60) {
            return -1;
        }
        int p = 1;
        int len = t[p++] & 0xff;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3 || p + n > t.length) {
                return -1;
            }
            p += n;
        }
        for (byte[] oid : new byte[][] {OID_KRB5, OID_MS_KRB5}) {
            if (p + oid.length <= t.length && Arrays.equals(t, p, p + oid.length, oid, 0, oid.length)) {
                return p + oid.length;
            }
        }
        return -1;
    }

    /** The Kerberos message inside a GSS token with the given id (a bare AP-REP is accepted as is). */
    private static byte[] inner(byte[] token, int tokId) {
        if (token == null) {
            throw new Malformed("no Kerberos token");
        }
        int p = mechStart(token);
        if (p < 0) {
            if (tokId == TOK_AP_REP && token.length > 0 && (token[0] & 0xff) == 0x6f) {
                return token;
            }
            throw new Malformed("the token is not a GSS Kerberos token (krb5 OID expected)");
        }
        int id = p + 2 <= token.length ? (token[p] & 0xff) << 8 | (token[p + 1] & 0xff) : -1;
        if (id != tokId) {
            throw new Malformed(String.format("GSS token id 0x%04x where 0x%04x was expected", id, tokId));
        }
        return Arrays.copyOfRange(token, p + 2, token.length);
    }

    private static ASN1Primitive parse(byte[] der, String what) {
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            ASN1Primitive p = in.readObject();
            if (p == null) {
                throw new Malformed(what + " is empty");
            }
            return p;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new Malformed(what + " cannot be decoded: " + e.getMessage());
        }
    }

    private static ASN1Sequence application(byte[] der, int tag, String what) {
        return application(parse(der, what), tag, what);
    }

    private static ASN1Sequence application(ASN1Encodable e, int tag, String what) {
        ASN1Primitive p = e == null ? null : e.toASN1Primitive();
        if (!(p instanceof ASN1TaggedObject t) || t.getTagClass() != BERTags.APPLICATION || t.getTagNo() != tag) {
            throw new Malformed(what + ": [APPLICATION " + tag + "] expected");
        }
        return sequence(t.getExplicitBaseObject(), what);
    }

    private static ASN1Sequence sequence(ASN1Encodable e, String what) {
        if (e instanceof ASN1Sequence s) {
            return s;
        }
        throw new Malformed(what + ": SEQUENCE expected");
    }

    /** The context-tagged ([n] EXPLICIT) fields of a Kerberos SEQUENCE, by tag number. */
    private static Map<Integer, ASN1Encodable> fields(ASN1Sequence s) {
        Map<Integer, ASN1Encodable> m = new HashMap<>();
        for (ASN1Encodable e : s) {
            if (e instanceof ASN1TaggedObject t && t.getTagClass() == BERTags.CONTEXT_SPECIFIC) {
                m.put(t.getTagNo(), t.getExplicitBaseObject());
            }
        }
        return m;
    }

    private static ASN1Encodable explicit(Map<Integer, ASN1Encodable> f, int tag, String what) {
        ASN1Encodable e = f.get(tag);
        if (e == null) {
            throw new Malformed(what + " ([" + tag + "]) is missing");
        }
        return e;
    }

    private static int integer(ASN1Encodable e) {
        if (e instanceof ASN1Integer i) {
            return i.intValueExact();
        }
        throw new Malformed("INTEGER expected");
    }

    private static byte[] octets(ASN1Encodable e) {
        if (e instanceof ASN1OctetString o) {
            return o.getOctets();
        }
        throw new Malformed("OCTET STRING expected");
    }

    private static String string(ASN1Encodable e) {
        if (e instanceof ASN1String s) {
            return s.getString();
        }
        throw new Malformed("KerberosString expected");
    }

    /** PrincipalName ::= SEQUENCE { name-type [0], name-string [1] SEQUENCE OF KerberosString }: "cifs/host". */
    private static String principal(ASN1Encodable e) {
        Map<Integer, ASN1Encodable> f = fields(sequence(e, "PrincipalName"));
        StringBuilder sb = new StringBuilder();
        for (ASN1Encodable part : sequence(explicit(f, 1, "name-string"), "name-string")) {
            sb.append(sb.length() == 0 ? "" : "/").append(string(part));
        }
        return sb.toString();
    }
}
