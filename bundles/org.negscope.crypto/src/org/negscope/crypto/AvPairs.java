package org.negscope.crypto;

import java.io.ByteArrayOutputStream;

/**
 * The few AV_PAIR operations (MS-NLMP 2.2.2.1) the NTLMv2 response computation needs: the client
 * copies the server's TargetInfo into its response, adds MsvAvFlags when it sends a MIC, and looks
 * for MsvAvTimestamp (which decides whether the LM response is zeros). Full NTLMSSP decoding lives
 * in the smb2 bundle.
 */
public final class AvPairs {

    public static final int MSV_AV_EOL = 0x0000;
    public static final int MSV_AV_NB_COMPUTER_NAME = 0x0001;
    public static final int MSV_AV_NB_DOMAIN_NAME = 0x0002;
    public static final int MSV_AV_DNS_COMPUTER_NAME = 0x0003;
    public static final int MSV_AV_DNS_DOMAIN_NAME = 0x0004;
    public static final int MSV_AV_DNS_TREE_NAME = 0x0005;
    public static final int MSV_AV_FLAGS = 0x0006;
    public static final int MSV_AV_TIMESTAMP = 0x0007;
    public static final int MSV_AV_SINGLE_HOST = 0x0008;
    public static final int MSV_AV_TARGET_NAME = 0x0009;
    public static final int MSV_AV_CHANNEL_BINDINGS = 0x000A;

    /** MsvAvFlags bit: "the client is providing message integrity in the MIC field". */
    public static final int FLAG_MIC_PRESENT = 0x00000002;

    private AvPairs() {
    }

    /**
     * The value of the first pair with this id, or null if absent.
     *
     * @throws IllegalArgumentException naming the offset when a pair runs past the end or the
     *                                  list has no MsvAvEOL
     */
    public static byte[] value(byte[] pairs, int avId) {
        int off = 0;
        while (true) {
            if (off + 4 > pairs.length) {
                throw new IllegalArgumentException("AV_PAIR list has no MsvAvEOL (ends at offset " + pairs.length + ")");
            }
            int id = Bytes.u16(pairs, off);
            int len = Bytes.u16(pairs, off + 2);
            if (id == MSV_AV_EOL) {
                return null;
            }
            if (off + 4 + len > pairs.length) {
                throw new IllegalArgumentException("AV_PAIR 0x" + Integer.toHexString(id) + " at offset " + off
                        + " has AvLen " + len + " but only " + (pairs.length - off - 4) + " bytes follow");
            }
            if (id == avId) {
                byte[] v = new byte[len];
                System.arraycopy(pairs, off + 4, v, 0, len);
                return v;
            }
            off += 4 + len;
        }
    }

    /** MsvAvTimestamp as a FILETIME (100 ns ticks since 1601), or -1 when absent. */
    public static long timestamp(byte[] pairs) {
        byte[] v = value(pairs, MSV_AV_TIMESTAMP);
        if (v == null) {
            return -1;
        }
        if (v.length != 8) {
            throw new IllegalArgumentException("MsvAvTimestamp has AvLen " + v.length + ", expected 8");
        }
        return Bytes.u64(v, 0);
    }

    /**
     * The pairs a client sends back in its NTLMv2_CLIENT_CHALLENGE: the server's pairs in order,
     * MsvAvFlags OR-ed with {@code addFlags} (added before MsvAvEOL if the server sent none), then
     * MsvAvEOL. With {@code addFlags == 0} the list is returned unchanged apart from normalising
     * anything after MsvAvEOL away.
     */
    public static byte[] forAuthenticate(byte[] serverPairs, int addFlags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(serverPairs.length + 8);
        boolean flagsSeen = false;
        int off = 0;
        while (true) {
            if (off + 4 > serverPairs.length) {
                throw new IllegalArgumentException("AV_PAIR list has no MsvAvEOL (ends at offset " + serverPairs.length + ")");
            }
            int id = Bytes.u16(serverPairs, off);
            int len = Bytes.u16(serverPairs, off + 2);
            if (id == MSV_AV_EOL) {
                break;
            }
            if (off + 4 + len > serverPairs.length) {
                throw new IllegalArgumentException("AV_PAIR 0x" + Integer.toHexString(id) + " at offset " + off
                        + " has AvLen " + len + " but only " + (serverPairs.length - off - 4) + " bytes follow");
            }
            if (id == MSV_AV_FLAGS && len == 4) {
                byte[] pair = new byte[8];
                System.arraycopy(serverPairs, off, pair, 0, 8);
                Bytes.putU32(pair, 4, Bytes.u32(pair, 4) | (addFlags & 0xffffffffL));
                out.writeBytes(pair);
                flagsSeen = true;
            } else {
                out.write(serverPairs, off, 4 + len);
            }
            off += 4 + len;
        }
        if (!flagsSeen && addFlags != 0) {
            byte[] pair = new byte[8];
            Bytes.putU16(pair, 0, MSV_AV_FLAGS);
            Bytes.putU16(pair, 2, 4);
            Bytes.putU32(pair, 4, addFlags & 0xffffffffL);
            out.writeBytes(pair);
        }
        out.writeBytes(new byte[4]); // MsvAvEOL
        return out.toByteArray();
    }
}
