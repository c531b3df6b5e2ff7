package org.negscope.analysis;

import java.nio.ByteBuffer;

/**
 * Quick look at the first bytes of a stream whose SYN was captured: SMB over direct TCP starts with a
 * zero byte, a 24-bit length and FE/FD/FF/FC 'SMB'; over NetBIOS (port 139) with an RFC 1002 session
 * packet type 0x81..0x85. Anything else (TLS, HTTP, SSH banners) is not SMB, whatever the port.
 */
final class SmbStart {
    private SmbStart() {}

    /** False only when the bytes prove the stream is not SMB; too few bytes to tell count as plausible. */
    static boolean plausible(ByteBuffer b) {
        int p = b.position();
        int n = b.remaining();
        if (n == 0) {
            return true;
        }
        int type = b.get(p) & 0xff;
        if (type >= 0x81 && type <= 0x85) {
            return true;
        }
        if (type != 0) {
            return false;
        }
        if (n < 8) {
            return true;
        }
        int m1 = b.get(p + 4) & 0xff;
        return (m1 == 0xFE || m1 == 0xFD || m1 == 0xFF || m1 == 0xFC)
                && b.get(p + 5) == 'S' && b.get(p + 6) == 'M' && b.get(p + 7) == 'B';
    }
}
