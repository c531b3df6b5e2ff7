package org.negscope.smb2;

/**
 * NTLMSSP NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1): Signature, MessageType (1), NegotiateFlags @12,
 * DomainNameFields @16, WorkstationFields @24, Version @32 (when NEGOTIATE_VERSION), Payload. Domain and
 * workstation are OEM strings, present only with the *_SUPPLIED flags.
 */
public record NtlmNegotiate(int flags, String domainName, String workstation, NtlmVersion version)
        implements NtlmMessage {
    public NtlmNegotiate {
        domainName = domainName == null ? "" : domainName;
        workstation = workstation == null ? "" : workstation;
        if (version != null) {
            flags |= Ntlmssp.NEGOTIATE_VERSION; // a Version is only read when this flag says it is there
        }
    }

    static NtlmNegotiate read(MessageReader r, int base) {
        int flags = (int) r.u32(base + 12, "NegotiateFlags", v -> Ntlmssp.describeFlags((int) v));
        int[] dom = Ntlmssp.payloadField(r, base, base + 16, "DomainName");
        int[] ws = Ntlmssp.payloadField(r, base, base + 24, "Workstation");
        NtlmVersion version = null;
        int fixedEnd = Ntlmssp.minPayload(r.end, dom, ws);
        if ((flags & Ntlmssp.NEGOTIATE_VERSION) != 0 && fixedEnd >= base + 40) {
            version = NtlmVersion.read(r, base + 32);
        }
        String d = Ntlmssp.string(r, dom, false, "DomainName");
        String w = Ntlmssp.string(r, ws, false, "WorkstationName");
        return new NtlmNegotiate(flags, d, w, version);
    }

    @Override
    public byte[] encode() {
        Ntlmssp.Builder b = new Ntlmssp.Builder(Ntlmssp.NEGOTIATE);
        b.w.u32(flags & 0xffffffffL);
        int dom = b.placeholder();
        int ws = b.placeholder();
        if (version != null) {
            version.write(b.w);
        }
        // MS-NLMP 2.2.1.1: without the *_SUPPLIED flags the fields are all zero (Windows does the same)
        b.payloadOrZero(dom, Ntlmssp.encodeString(domainName, false));
        b.payloadOrZero(ws, Ntlmssp.encodeString(workstation, false));
        return b.w.toByteArray();
    }

    @Override
    public String toString() {
        return "NtlmNegotiate[flags=" + Ntlmssp.describeFlags(flags) + ", version=" + version + "]";
    }
}
