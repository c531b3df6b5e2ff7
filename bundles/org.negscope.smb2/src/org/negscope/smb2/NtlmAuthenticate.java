package org.negscope.smb2;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * NTLMSSP AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3): Signature, MessageType (3), LmChallengeResponseFields
 * @12, NtChallengeResponseFields @20, DomainNameFields @28, UserNameFields @36, WorkstationFields @44,
 * EncryptedRandomSessionKeyFields @52, NegotiateFlags @60, Version @64, MIC @72 (16), Payload.
 * <p>
 * Version and MIC are optional and not announced by a flag of their own; like other decoders we take
 * them as present when the payloads start at or after their end (Windows always leaves room for both).
 * {@code micOffset} is the MIC's offset from the start of the NTLMSSP message (-1 without MIC): the MIC
 * is computed over the message with those 16 bytes zeroed.
 * <p>
 * The responses and the session key are credentials material: {@link #toString()} shows their lengths only.
 */
public record NtlmAuthenticate(byte[] lmChallengeResponse, byte[] ntChallengeResponse, String domainName,
        String userName, String workstation, byte[] encryptedRandomSessionKey, int flags, NtlmVersion version,
        byte[] mic, int micOffset) implements NtlmMessage {
    public static final int MIC_OFFSET = 72;

    public NtlmAuthenticate {
        lmChallengeResponse = lmChallengeResponse == null ? new byte[0] : lmChallengeResponse.clone();
        ntChallengeResponse = ntChallengeResponse == null ? new byte[0] : ntChallengeResponse.clone();
        domainName = domainName == null ? "" : domainName;
        userName = userName == null ? "" : userName;
        workstation = workstation == null ? "" : workstation;
        encryptedRandomSessionKey = encryptedRandomSessionKey == null ? new byte[0] : encryptedRandomSessionKey.clone();
        if (mic != null && mic.length != 16) {
            throw new IllegalArgumentException("MIC must be 16 bytes");
        }
        mic = mic == null ? null : mic.clone();
        if (version != null) {
            flags |= Ntlmssp.NEGOTIATE_VERSION; // a Version is only read when this flag says it is there
        }
    }

    @Override
    public byte[] lmChallengeResponse() {
        return lmChallengeResponse.clone();
    }

    @Override
    public byte[] ntChallengeResponse() {
        return ntChallengeResponse.clone();
    }

    @Override
    public byte[] encryptedRandomSessionKey() {
        return encryptedRandomSessionKey.clone();
    }

    @Override
    public byte[] mic() {
        return mic == null ? null : mic.clone();
    }

    /** True for an anonymous AUTHENTICATE (MS-NLMP 3.2.5.1.2: empty user name and empty or single-zero responses). */
    public boolean isAnonymous() {
        return userName.isEmpty() && ntChallengeResponse.length == 0
                && (lmChallengeResponse.length == 0 || (lmChallengeResponse.length == 1 && lmChallengeResponse[0] == 0));
    }

    /** True when NtChallengeResponse is an NTLMv2 response (longer than the 24 bytes of NTLMv1). */
    public boolean isNtlmV2() {
        return ntChallengeResponse.length > 24;
    }

    /**
     * The AV pairs inside an NTLMv2 response (NTLMv2_CLIENT_CHALLENGE after NTProofStr, at 16+28), or an empty list.
     *
     * @throws Smb2FormatException when an AvLen runs past the response
     */
    public List<AvPair> ntlmV2AvPairs() {
        if (ntChallengeResponse.length < 16 + 28) {
            return List.of();
        }
        byte[] b = ntChallengeResponse;
        return AvPair.readList(new MessageReader("NTLMv2_CLIENT_CHALLENGE", b, 16 + 28, b.length, b.length - 44,
                "NTLMv2 response", false), 16 + 28, b.length, "AvPairs");
    }

    static NtlmAuthenticate read(MessageReader r, int base) {
        int[] lm = Ntlmssp.payloadField(r, base, base + 12, "LmChallengeResponse");
        int[] nt = Ntlmssp.payloadField(r, base, base + 20, "NtChallengeResponse");
        int[] dom = Ntlmssp.payloadField(r, base, base + 28, "DomainName");
        int[] user = Ntlmssp.payloadField(r, base, base + 36, "UserName");
        int[] ws = Ntlmssp.payloadField(r, base, base + 44, "Workstation");
        int[] key = Ntlmssp.payloadField(r, base, base + 52, "EncryptedRandomSessionKey");
        int flags = (int) r.u32(base + 60, "NegotiateFlags", v -> Ntlmssp.describeFlags((int) v));
        int fixedEnd = Ntlmssp.minPayload(r.end, lm, nt, dom, user, ws, key);
        NtlmVersion version = null;
        if (fixedEnd >= base + 72 && (flags & Ntlmssp.NEGOTIATE_VERSION) != 0) {
            version = NtlmVersion.read(r, base + 64);
        }
        byte[] mic = null;
        int micOffset = -1;
        if (fixedEnd >= base + 88) {
            mic = r.bytes(base + MIC_OFFSET, 16, "MIC");
            micOffset = MIC_OFFSET;
        }
        boolean unicode = (flags & Ntlmssp.NEGOTIATE_UNICODE) != 0;
        String d = Ntlmssp.string(r, dom, unicode, "DomainName");
        String u = Ntlmssp.string(r, user, unicode, "UserName");
        String w = Ntlmssp.string(r, ws, unicode, "Workstation");
        byte[] lmr = r.secretBytes(lm[0], lm[1], "LmChallengeResponse");
        byte[] ntr = r.secretBytes(nt[0], nt[1], "NtChallengeResponse");
        byte[] k = r.secretBytes(key[0], key[1], "EncryptedRandomSessionKey");
        return new NtlmAuthenticate(lmr, ntr, d, u, w, k, flags, version, mic, micOffset);
    }

    /**
     * Encodes with the fixed part 88 bytes long when a MIC is given (pass 16 zero bytes, compute the MIC
     * over the result, then {@link #putMic}), 72 with only a Version, else 64. Payload order as Windows:
     * domain, user, workstation, LM, NT, session key.
     */
    @Override
    public byte[] encode() {
        Ntlmssp.Builder b = new Ntlmssp.Builder(Ntlmssp.AUTHENTICATE);
        int lm = b.placeholder();
        int nt = b.placeholder();
        int dom = b.placeholder();
        int user = b.placeholder();
        int ws = b.placeholder();
        int key = b.placeholder();
        int f = flags;
        b.w.u32(f & 0xffffffffL);
        if (version != null || mic != null) {
            if (version != null) {
                version.write(b.w);
            } else {
                b.w.zeros(8);
            }
        }
        if (mic != null) {
            b.w.bytes(mic);
        }
        boolean unicode = (flags & Ntlmssp.NEGOTIATE_UNICODE) != 0;
        b.payload(dom, Ntlmssp.encodeString(domainName, unicode));
        b.payload(user, Ntlmssp.encodeString(userName, unicode));
        b.payload(ws, Ntlmssp.encodeString(workstation, unicode));
        b.payload(lm, lmChallengeResponse);
        b.payload(nt, ntChallengeResponse);
        b.payload(key, encryptedRandomSessionKey);
        return b.w.toByteArray();
    }

    /** Writes a computed MIC into an encoded AUTHENTICATE message (fixed part of 88 bytes). */
    public static void putMic(byte[] token, byte[] mic16) {
        if (mic16.length != 16 || token.length < MIC_OFFSET + 16) {
            throw new IllegalArgumentException("MIC must be 16 bytes and the token hold the 88-byte fixed part");
        }
        System.arraycopy(mic16, 0, token, MIC_OFFSET, 16);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NtlmAuthenticate a && Arrays.equals(lmChallengeResponse, a.lmChallengeResponse)
                && Arrays.equals(ntChallengeResponse, a.ntChallengeResponse) && domainName.equals(a.domainName)
                && userName.equals(a.userName) && workstation.equals(a.workstation)
                && Arrays.equals(encryptedRandomSessionKey, a.encryptedRandomSessionKey) && flags == a.flags
                && Objects.equals(version, a.version) && Arrays.equals(mic, a.mic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domainName, userName, workstation, flags, version);
    }

    @Override
    public String toString() {
        return "NtlmAuthenticate[domain=" + domainName + ", user=" + userName + ", workstation=" + workstation
                + ", flags=" + Ntlmssp.describeFlags(flags) + ", version=" + version + ", lmResponse="
                + lmChallengeResponse.length + " bytes, ntResponse=" + ntChallengeResponse.length
                + " bytes, sessionKey=" + encryptedRandomSessionKey.length + " bytes, mic=" + (mic == null ? "none" : "present") + "]";
    }
}
