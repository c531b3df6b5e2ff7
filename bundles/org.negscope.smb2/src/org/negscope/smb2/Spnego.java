package org.negscope.smb2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parts of an SPNEGO token (RFC 4178, MS-SPNG) NegScope needs: the mechanisms offered and the
 * inner mechanism token (the NTLMSSP message, or a Kerberos AP-REQ/AP-REP) found in a SESSION_SETUP or
 * NEGOTIATE SecurityBuffer. A small bounded DER walker, not a general ASN.1 decoder:
 * <pre>
 * InitialContextToken ::= [APPLICATION 0] { thisMech OID 1.3.6.1.5.5.2, [0] NegTokenInit }
 * NegTokenInit ::= SEQUENCE { mechTypes [0], reqFlags [1], mechToken [2] OCTET STRING, mechListMIC [3] }
 *   (NegTokenInit2 of MS-SPNG: [3] negHints, [4] mechListMIC)
 * NegTokenResp ::= [1] SEQUENCE { negState [0] ENUMERATED, supportedMech [1] OID, responseToken [2], mechListMIC [3] }
 * </pre>
 * A raw NTLMSSP message (no SPNEGO around it, as some clients send) is accepted too.
 * {@code tokenOffset} is the offset of the mechanism token in the array that was decoded.
 */
public record Spnego(Kind kind, List<String> mechTypes, int negState, String supportedMech, byte[] mechToken,
        int tokenOffset, byte[] mechListMic) {
    public enum Kind { NEG_TOKEN_INIT, NEG_TOKEN_RESP, RAW_NTLMSSP }

    public static final String OID_SPNEGO = "1.3.6.1.5.5.2";
    public static final String OID_NTLMSSP = "1.3.6.1.4.1.311.2.2.10";
    public static final String OID_KERBEROS = "1.2.840.113554.1.2.2";
    public static final String OID_MS_KERBEROS = "1.2.840.48018.1.2.2";
    public static final String OID_NEGOEX = "1.3.6.1.4.1.311.2.2.30";

    public static final int ACCEPT_COMPLETED = 0;
    public static final int ACCEPT_INCOMPLETE = 1;
    public static final int REJECT = 2;
    public static final int REQUEST_MIC = 3;

    static final byte[] NTLMSSP_SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

    public Spnego {
        mechTypes = mechTypes == null ? List.of() : List.copyOf(mechTypes);
        mechToken = mechToken == null ? null : mechToken.clone();
        mechListMic = mechListMic == null ? null : mechListMic.clone();
    }

    /** mechToken / responseToken, or null when the token carries none. */
    @Override
    public byte[] mechToken() {
        return mechToken == null ? null : mechToken.clone();
    }

    @Override
    public byte[] mechListMic() {
        return mechListMic == null ? null : mechListMic.clone();
    }

    /** The inner token when it is an NTLMSSP message, else null. */
    public byte[] ntlmssp() {
        return isNtlmssp(mechToken, 0, mechToken == null ? 0 : mechToken.length) ? mechToken.clone() : null;
    }

    /** True when the inner token is a Kerberos GSS token (OID 1.2.840.113554.1.2.2 or the MS variant). */
    public boolean isKerberos() {
        if (mechToken == null || mechToken.length < 4 || (mechToken[0] & 0xff) != 0x60) {
            return false;
        }
        try {
            Der.Tlv app = Der.read(mechToken, 0, mechToken.length, "Kerberos token");
            Der.Tlv oid = Der.read(mechToken, app.valueOff(), app.end(), "Kerberos token OID");
            String o = Der.oid(mechToken, oid.valueOff(), oid.length());
            return oid.tag() == 0x06 && (o.equals(OID_KERBEROS) || o.equals(OID_MS_KERBEROS));
        } catch (Smb2FormatException e) {
            return false;
        }
    }

    public static String mechName(String oid) {
        return switch (oid) {
            case OID_NTLMSSP -> "NTLMSSP";
            case OID_KERBEROS -> "Kerberos 5";
            case OID_MS_KERBEROS -> "MS Kerberos 5";
            case OID_NEGOEX -> "NEGOEX";
            case "1.2.840.113554.1.2.2.3" -> "Kerberos 5 User to User";
            default -> oid;
        };
    }

    public static String negStateName(int s) {
        return switch (s) {
            case ACCEPT_COMPLETED -> "accept-completed";
            case ACCEPT_INCOMPLETE -> "accept-incomplete";
            case REJECT -> "reject";
            case REQUEST_MIC -> "request-mic";
            case -1 -> "absent";
            default -> Integer.toString(s);
        };
    }

    static boolean isNtlmssp(byte[] b, int off, int len) {
        if (b == null || len < 8 || off + 8 > b.length) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            if (b[off + i] != NTLMSSP_SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    public static Spnego decode(byte[] token) {
        return decode(token, 0, token.length);
    }

    /** Decodes the token in {@code b[off, off+len)}; offsets in errors and {@link #tokenOffset()} are indices into {@code b}. */
    public static Spnego decode(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new Smb2FormatException("SPNEGO token at offset " + off + " (" + len + " bytes) lies outside the "
                    + b.length + "-byte buffer");
        }
        return walk(b, off, off + len, null);
    }

    /** Walks the token, recording fields into {@code r} when it records; returns the decoded parts. */
    private static Spnego walk(byte[] b, int off, int end, MessageReader r) {
        if (isNtlmssp(b, off, end - off)) {
            return new Spnego(Kind.RAW_NTLMSSP, List.of(), -1, null, Arrays.copyOfRange(b, off, end), off, null);
        }
        if (off >= end) {
            throw new Smb2FormatException("SPNEGO token at offset 0x" + Integer.toHexString(off) + " is empty");
        }
        int tag = b[off] & 0xff;
        if (tag == 0x60) {
            Der.Tlv app = Der.read(b, off, end, "SPNEGO InitialContextToken");
            Der.Tlv oid = Der.read(b, app.valueOff(), app.end(), "SPNEGO thisMech");
            String mech = oid.tag() == 0x06 ? Der.oid(b, oid.valueOff(), oid.length()) : "";
            if (!mech.equals(OID_SPNEGO)) {
                throw new Smb2FormatException(String.format(
                        "SPNEGO InitialContextToken at offset 0x%x carries mechanism %s, not SPNEGO %s", off,
                        mech.isEmpty() ? "(no OID)" : mech, OID_SPNEGO));
            }
            if (r != null) {
                r.open("GSS-API InitialContextToken", off, "");
                r.field("thisMech", oid.offset(), oid.end() - oid.offset(), mech + " (SPNEGO)");
            }
            Der.Tlv inner = Der.read(b, oid.end(), app.end(), "SPNEGO NegotiationToken");
            Spnego s = negotiationToken(b, inner, r);
            if (r != null) {
                r.close(app.end());
            }
            return s;
        }
        return negotiationToken(b, Der.read(b, off, end, "SPNEGO NegotiationToken"), r);
    }

    private static Spnego negotiationToken(byte[] b, Der.Tlv t, MessageReader r) {
        boolean init = t.tag() == 0xa0;
        if (!init && t.tag() != 0xa1) {
            throw new Smb2FormatException(String.format(
                    "SPNEGO NegotiationToken at offset 0x%x has tag 0x%02x, not [0] negTokenInit or [1] negTokenResp",
                    t.offset(), t.tag()));
        }
        String name = init ? "negTokenInit" : "negTokenResp";
        // Constant texts, not concatenations built on every walk: the analysis walks every SESSION_SETUP token of a
        // capture, and these names appear only in errors and in the packet-detail tree.
        String spnegoName = init ? "SPNEGO negTokenInit" : "SPNEGO negTokenResp";
        String elementName = init ? "SPNEGO negTokenInit element" : "SPNEGO negTokenResp element";
        Der.Tlv seq = Der.read(b, t.valueOff(), t.end(), spnegoName);
        if (seq.tag() != 0x30) {
            throw new Smb2FormatException(String.format("SPNEGO %s at offset 0x%x is not a SEQUENCE (tag 0x%02x)",
                    name, seq.offset(), seq.tag()));
        }
        if (r != null) {
            r.open(spnegoName, t.offset(), "");
        }
        List<String> mechs = new ArrayList<>();
        int negState = -1;
        String supported = null;
        byte[] token = null;
        int tokenOff = -1;
        byte[] mic = null;
        int p = seq.valueOff();
        // Each element consumes at least 2 bytes, so this loop is bounded by the sequence length.
        while (p < seq.end()) {
            Der.Tlv e = Der.read(b, p, seq.end(), elementName);
            int ctx = e.tag() - 0xa0;
            if (init && ctx == 0) {
                Der.Tlv list = Der.read(b, e.valueOff(), e.end(), "SPNEGO mechTypes");
                int q = list.valueOff();
                while (q < list.end()) {
                    Der.Tlv o = Der.read(b, q, list.end(), "SPNEGO MechType");
                    if (o.tag() == 0x06) {
                        mechs.add(Der.oid(b, o.valueOff(), o.length()));
                    }
                    q = o.end();
                }
                if (r != null) {
                    List<String> names = new ArrayList<>();
                    mechs.forEach(m -> names.add(mechName(m)));
                    r.field("mechTypes", e.offset(), e.end() - e.offset(), String.join(", ", names));
                }
            } else if (init && ctx == 1) {
                if (r != null) {
                    r.field("reqFlags", e.offset(), e.end() - e.offset(), "");
                }
            } else if (!init && ctx == 0) {
                Der.Tlv en = Der.read(b, e.valueOff(), e.end(), "SPNEGO negState");
                negState = en.length() == 1 ? b[en.valueOff()] & 0xff : -2;
                if (r != null) {
                    r.field("negState", e.offset(), e.end() - e.offset(), negStateName(negState));
                }
            } else if (!init && ctx == 1) {
                Der.Tlv o = Der.read(b, e.valueOff(), e.end(), "SPNEGO supportedMech");
                supported = Der.oid(b, o.valueOff(), o.length());
                if (r != null) {
                    r.field("supportedMech", e.offset(), e.end() - e.offset(), mechName(supported));
                }
            } else if (ctx == 2) {
                Der.Tlv os = Der.read(b, e.valueOff(), e.end(), init ? "SPNEGO mechToken" : "SPNEGO responseToken");
                token = Arrays.copyOfRange(b, os.valueOff(), os.end());
                tokenOff = os.valueOff();
                if (r != null) {
                    r.open(init ? "mechToken" : "responseToken", e.offset(), token.length + " bytes");
                    if (isNtlmssp(b, os.valueOff(), os.length())) {
                        Ntlmssp.describeInto(r, os.valueOff(), os.length());
                    }
                    r.close(e.end());
                }
            } else if ((init && ctx == 4) || (!init && ctx == 3) || (init && ctx == 3 && isOctetString(b, e))) {
                Der.Tlv os = Der.read(b, e.valueOff(), e.end(), "SPNEGO mechListMIC");
                mic = Arrays.copyOfRange(b, os.valueOff(), os.end());
                if (r != null) {
                    r.field("mechListMIC", e.offset(), e.end() - e.offset(), mic.length + " bytes");
                }
            } else if (r != null) {
                r.field(init && ctx == 3 ? "negHints" : String.format("[%d]", ctx), e.offset(), e.end() - e.offset(), "");
            }
            p = e.end();
        }
        if (r != null) {
            r.close(t.end());
        }
        return new Spnego(init ? Kind.NEG_TOKEN_INIT : Kind.NEG_TOKEN_RESP, mechs, negState, supported, token, tokenOff,
                mic);
    }

    private static boolean isOctetString(byte[] b, Der.Tlv e) {
        return e.length() > 0 && (b[e.valueOff()] & 0xff) == 0x04;
    }

    /** Records the token at {@code off} into the reader's tree; a malformed token becomes one "(malformed)" field. */
    static void describeInto(MessageReader r, int off, int len) {
        int mark = r.mark();
        try {
            walk(r.b, off, off + len, r);
        } catch (Smb2FormatException e) {
            r.reset(mark, off + len);
            r.field("(malformed security blob)", off, len, e.getMessage());
        }
    }

    // ---- encoders ----------------------------------------------------------------------------------

    /** InitialContextToken with a NegTokenInit offering {@code mechOids} and carrying {@code mechToken} (may be null). */
    public static byte[] encodeInit(List<String> mechOids, byte[] mechToken) {
        byte[][] oids = new byte[mechOids.size()][];
        for (int i = 0; i < oids.length; i++) {
            oids[i] = Der.encodeOid(mechOids.get(i));
        }
        byte[] mechTypes = Der.tlv(0xa0, Der.tlv(0x30, oids));
        byte[] seq = mechToken == null ? Der.tlv(0x30, mechTypes)
                : Der.tlv(0x30, mechTypes, Der.tlv(0xa2, Der.tlv(0x04, mechToken)));
        return Der.tlv(0x60, Der.encodeOid(OID_SPNEGO), Der.tlv(0xa0, seq));
    }

    /** NegTokenResp; {@code negState} -1, {@code supportedMech}, {@code responseToken}, {@code mechListMic} null to leave out. */
    public static byte[] encodeResp(int negState, String supportedMech, byte[] responseToken, byte[] mechListMic) {
        List<byte[]> parts = new ArrayList<>();
        if (negState >= 0) {
            parts.add(Der.tlv(0xa0, Der.tlv(0x0a, new byte[] {(byte) negState})));
        }
        if (supportedMech != null) {
            parts.add(Der.tlv(0xa1, Der.encodeOid(supportedMech)));
        }
        if (responseToken != null) {
            parts.add(Der.tlv(0xa2, Der.tlv(0x04, responseToken)));
        }
        if (mechListMic != null) {
            parts.add(Der.tlv(0xa3, Der.tlv(0x04, mechListMic)));
        }
        return Der.tlv(0xa1, Der.tlv(0x30, parts.toArray(new byte[0][])));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Spnego s && kind == s.kind && mechTypes.equals(s.mechTypes) && negState == s.negState
                && java.util.Objects.equals(supportedMech, s.supportedMech) && Arrays.equals(mechToken, s.mechToken)
                && Arrays.equals(mechListMic, s.mechListMic);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + mechTypes.hashCode();
    }

    @Override
    public String toString() {
        return "Spnego[" + kind + ", mechTypes=" + mechTypes + ", negState=" + negStateName(negState)
                + (supportedMech != null ? ", supportedMech=" + mechName(supportedMech) : "")
                + ", token=" + (mechToken == null ? "none" : mechToken.length + " bytes") + "]";
    }
}
