package org.negscope.analysis;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What identifies one SMB connection at both ends of a path that rewrites it (NAT, a proxy that re-originates TCP, a
 * WAN accelerator that rewrites ClientGuid, dialects or capabilities): values the path cannot change without breaking
 * authentication or the server's own answers. Used by {@link TwoPointMatcher}; never printed.
 *
 * @param sessionIds     the server-assigned SessionIds of the connection's SESSION_SETUP responses (non-zero, in order)
 * @param ntlmChallenge  the NTLMSSP CHALLENGE's ServerChallenge (8 random bytes, hex; in cleartext in the capture), or null
 * @param ntlmResponse   a SHA-256 digest (first 16 bytes, hex) of the AUTHENTICATE's NtChallengeResponse, or null: the
 *                       response itself can be attacked offline, so only the digest is kept
 * @param kerberosApReq  a SHA-256 digest (first 16 bytes, hex) of the first Kerberos AP-REQ token, or null
 */
public record MatchKeys(List<Long> sessionIds, String ntlmChallenge, String ntlmResponse, String kerberosApReq) {
    public static final MatchKeys NONE = new MatchKeys(List.of(), null, null, null);

    public MatchKeys {
        sessionIds = sessionIds == null ? List.of() : List.copyOf(sessionIds);
    }

    /** First 16 bytes of SHA-256, hex. */
    static String digest(byte[] b) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(b);
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
