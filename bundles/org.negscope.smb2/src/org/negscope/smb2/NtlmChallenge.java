package org.negscope.smb2;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * NTLMSSP CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2): Signature, MessageType (2), TargetNameFields @12,
 * NegotiateFlags @20, ServerChallenge @24 (8), Reserved @32 (8), TargetInfoFields @40, Version @48, Payload.
 */
public record NtlmChallenge(int flags, String targetName, byte[] serverChallenge, List<AvPair> targetInfo,
        NtlmVersion version) implements NtlmMessage {
    public NtlmChallenge {
        targetName = targetName == null ? "" : targetName;
        if (serverChallenge.length != 8) {
            throw new IllegalArgumentException("ServerChallenge must be 8 bytes");
        }
        serverChallenge = serverChallenge.clone();
        targetInfo = targetInfo == null ? List.of() : List.copyOf(targetInfo);
        if (version != null) {
            flags |= Ntlmssp.NEGOTIATE_VERSION; // a Version is only read when this flag says it is there
        }
    }

    @Override
    public byte[] serverChallenge() {
        return serverChallenge.clone();
    }

    /** The first AV pair with this id, or null. */
    public AvPair avPair(int id) {
        for (AvPair a : targetInfo) {
            if (a.id() == id) {
                return a;
            }
        }
        return null;
    }

    /** MsvAvTimestamp of TargetInfo, or null. */
    public Instant timestamp() {
        AvPair a = avPair(AvPair.MSV_AV_TIMESTAMP);
        return a == null ? null : a.timestamp();
    }

    /** TargetInfo exactly as encoded (what NTLMv2 clients copy into their response). */
    public byte[] targetInfoBytes() {
        LeWriter w = new LeWriter(64);
        if (!targetInfo.isEmpty()) {
            AvPair.writeList(w, targetInfo);
        }
        return w.toByteArray();
    }

    static NtlmChallenge read(MessageReader r, int base) {
        int[] target = Ntlmssp.payloadField(r, base, base + 12, "TargetName");
        int flags = (int) r.u32(base + 20, "NegotiateFlags", v -> Ntlmssp.describeFlags((int) v));
        byte[] challenge = r.bytes(base + 24, 8, "ServerChallenge");
        r.bytes(base + 32, 8, "Reserved");
        int[] info = Ntlmssp.payloadField(r, base, base + 40, "TargetInfo");
        NtlmVersion version = null;
        int fixedEnd = Ntlmssp.minPayload(r.end, target, info);
        if ((flags & Ntlmssp.NEGOTIATE_VERSION) != 0 && fixedEnd >= base + 56) {
            version = NtlmVersion.read(r, base + 48);
        }
        String name = Ntlmssp.string(r, target, (flags & Ntlmssp.NEGOTIATE_UNICODE) != 0, "TargetName");
        List<AvPair> pairs = info[1] == 0 ? List.of() : AvPair.readList(r, info[0], info[0] + info[1], "TargetInfo");
        return new NtlmChallenge(flags, name, challenge, pairs, version);
    }

    @Override
    public byte[] encode() {
        Ntlmssp.Builder b = new Ntlmssp.Builder(Ntlmssp.CHALLENGE);
        int target = b.placeholder();
        int f = flags;
        b.w.u32(f & 0xffffffffL).bytes(serverChallenge).zeros(8);
        int info = b.placeholder();
        if (version != null) {
            version.write(b.w);
        }
        b.payload(target, Ntlmssp.encodeString(targetName, (flags & Ntlmssp.NEGOTIATE_UNICODE) != 0));
        b.payload(info, targetInfoBytes());
        return b.w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NtlmChallenge c && flags == c.flags && targetName.equals(c.targetName)
                && Arrays.equals(serverChallenge, c.serverChallenge) && targetInfo.equals(c.targetInfo)
                && Objects.equals(version, c.version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flags, targetName, targetInfo, version);
    }

    @Override
    public String toString() {
        return "NtlmChallenge[flags=" + Ntlmssp.describeFlags(flags) + ", target=" + targetName + ", targetInfo="
                + targetInfo + ", version=" + version + "]";
    }
}
