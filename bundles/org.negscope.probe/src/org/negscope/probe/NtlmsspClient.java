package org.negscope.probe;

import java.security.SecureRandom;
import java.util.Arrays;
import org.negscope.crypto.AvPairs;
import org.negscope.crypto.Ntlm;
import org.negscope.crypto.NtlmClientResponse;
import org.negscope.crypto.Secret;
import org.negscope.smb2.NtlmAuthenticate;
import org.negscope.smb2.NtlmChallenge;
import org.negscope.smb2.NtlmNegotiate;
import org.negscope.smb2.NtlmVersion;
import org.negscope.smb2.Ntlmssp;

/**
 * The client half of NTLMSSP (MS-NLMP 3.1.5.1): what goes into NEGOTIATE_MESSAGE and AUTHENTICATE_MESSAGE.
 * The messages are laid out by the smb2 bundle ({@link NtlmNegotiate}, {@link NtlmAuthenticate}), the
 * cryptography (NTLMv2 response, key exchange) is the crypto bundle's; this class only decides the flags
 * and feeds one into the other.
 */
final class NtlmsspClient {
    /**
     * What a Windows client asks for, less SEAL (the probe never encrypts with NTLM) and TARGET_INFO (a
     * server-to-client flag).
     */
    static final int CLIENT_FLAGS = Ntlmssp.NEGOTIATE_UNICODE | Ntlmssp.REQUEST_TARGET | Ntlmssp.NEGOTIATE_SIGN
            | Ntlmssp.NEGOTIATE_NTLM | Ntlmssp.NEGOTIATE_ALWAYS_SIGN | Ntlmssp.NEGOTIATE_EXTENDED_SESSIONSECURITY
            | Ntlmssp.NEGOTIATE_VERSION | Ntlmssp.NEGOTIATE_128 | Ntlmssp.NEGOTIATE_KEY_EXCH | Ntlmssp.NEGOTIATE_56;

    /**
     * The Version (MS-NLMP 2.2.2.10) the probe sends: 0.0 build 0, NTLMRevisionCurrent 15. It names no
     * Windows build on purpose, so a capture of the probe is never taken for a Windows client.
     */
    static final NtlmVersion VERSION = new NtlmVersion(0, 0, 0, NtlmVersion.NTLMSSP_REVISION_W2K3);

    private final SecureRandom random;

    NtlmsspClient(SecureRandom random) {
        this.random = random;
    }

    /** NEGOTIATE_MESSAGE without domain or workstation, as Windows sends it. */
    byte[] negotiate(boolean anonymous) {
        return new NtlmNegotiate(anonymous ? CLIENT_FLAGS | Ntlmssp.ANONYMOUS : CLIENT_FLAGS, null, null, VERSION).encode();
    }

    /** The AUTHENTICATE_MESSAGE and the key the SMB2 session derives its signing key from (the caller clears it). */
    record Authenticate(byte[] message, Secret exportedSessionKey) {}

    /**
     * NTLMv2 AUTHENTICATE_MESSAGE (MS-NLMP 3.1.5.1.2) with key exchange when the server agreed to it.
     * <p>
     * Without MIC: a MIC obliges the client to also send an SPNEGO mechListMIC (Samba answers the
     * AUTHENTICATE with MORE_PROCESSING_REQUIRED and waits for it; MS-SPNG 3.3.5.1), which is an NTLM message
     * signature (MS-NLMP 3.4.4.2) the crypto bundle does not offer yet. The MIC is a SHOULD (MS-NLMP
     * 3.1.5.1.2); servers accept NTLMv2 without it, and it affects neither the SMB2 session key nor VALIDATE.
     */
    Authenticate authenticate(NtlmChallenge c, String user, String domain, String workstation, Secret passwordOrNtHash) {
        int flags = (c.flags() & CLIENT_FLAGS) | Ntlmssp.NEGOTIATE_UNICODE | Ntlmssp.NEGOTIATE_EXTENDED_SESSIONSECURITY;
        byte[] serverPairs = c.targetInfo().isEmpty() ? new byte[0] : c.targetInfoBytes();
        long serverTime = serverPairs.length > 0 ? AvPairs.timestamp(serverPairs) : -1;
        long timestamp = serverTime >= 0 ? serverTime : fileTimeNow();
        byte[] pairs = serverPairs.length > 0 ? AvPairs.forAuthenticate(serverPairs, 0) : new byte[4];
        byte[] clientChallenge = new byte[8];
        random.nextBytes(clientChallenge);
        byte[] rnd = new byte[16];
        random.nextBytes(rnd);
        NtlmClientResponse r;
        try (Secret randomSessionKey = Secret.bytes(rnd)) {
            r = Ntlm.clientResponse(passwordOrNtHash, user, domain, c.serverChallenge(), clientChallenge, timestamp, pairs,
                    serverTime >= 0, randomSessionKey, flags);
        } finally {
            Arrays.fill(rnd, (byte) 0);
        }
        byte[] m = new NtlmAuthenticate(r.lmChallengeResponse(), r.ntChallengeResponse(), domain, user, workstation,
                r.encryptedRandomSessionKey(), flags, VERSION, null, -1).encode();
        return new Authenticate(m, r.exportedSessionKey());
    }

    /** Anonymous AUTHENTICATE_MESSAGE (MS-NLMP 3.1.5.1.2): empty names, LmChallengeResponse Z(1), no NT response, no key. */
    byte[] authenticateAnonymous(NtlmChallenge c, String workstation) {
        int flags = (c.flags() & CLIENT_FLAGS & ~Ntlmssp.NEGOTIATE_KEY_EXCH & ~Ntlmssp.NEGOTIATE_SIGN)
                | Ntlmssp.NEGOTIATE_UNICODE | Ntlmssp.ANONYMOUS;
        return new NtlmAuthenticate(new byte[1], new byte[0], "", "", workstation, new byte[0], flags, VERSION, null, -1)
                .encode();
    }

    /** 100 ns ticks since 1601-01-01 (FILETIME). */
    static long fileTimeNow() {
        return (System.currentTimeMillis() + 11_644_473_600_000L) * 10_000L;
    }
}
