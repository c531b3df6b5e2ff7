package org.negscope.smb2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * SMB2 NEGOTIATE_CONTEXT (MS-SMB2 2.2.3.1): ContextType (2), DataLength (2), Reserved (4), Data;
 * contexts follow each other on 8-byte boundaries (measured from the ProtocolId). Present in 3.1.1
 * NEGOTIATE requests and responses.
 */
public sealed interface NegotiateContext {
    int PREAUTH_INTEGRITY_CAPABILITIES = 0x0001;
    int ENCRYPTION_CAPABILITIES = 0x0002;
    int COMPRESSION_CAPABILITIES = 0x0003;
    int NETNAME_NEGOTIATE_CONTEXT_ID = 0x0005;
    int TRANSPORT_CAPABILITIES = 0x0006;
    int RDMA_TRANSFORM_CAPABILITIES = 0x0007;
    int SIGNING_CAPABILITIES = 0x0008;
    int CONTEXTTYPE_RESERVED = 0x0100;

    /** ContextType. */
    int type();

    /** The Data bytes as they go on the wire. */
    byte[] encodeData();

    static String typeName(int type) {
        return switch (type) {
            case PREAUTH_INTEGRITY_CAPABILITIES -> "SMB2_PREAUTH_INTEGRITY_CAPABILITIES";
            case ENCRYPTION_CAPABILITIES -> "SMB2_ENCRYPTION_CAPABILITIES";
            case COMPRESSION_CAPABILITIES -> "SMB2_COMPRESSION_CAPABILITIES";
            case NETNAME_NEGOTIATE_CONTEXT_ID -> "SMB2_NETNAME_NEGOTIATE_CONTEXT_ID";
            case TRANSPORT_CAPABILITIES -> "SMB2_TRANSPORT_CAPABILITIES";
            case RDMA_TRANSFORM_CAPABILITIES -> "SMB2_RDMA_TRANSFORM_CAPABILITIES";
            case SIGNING_CAPABILITIES -> "SMB2_SIGNING_CAPABILITIES";
            case CONTEXTTYPE_RESERVED -> "SMB2_CONTEXTTYPE_RESERVED";
            default -> String.format("0x%04x", type);
        };
    }

    static String hashAlgorithmName(int id) {
        return id == 1 ? "SHA-512" : String.format("0x%04x", id);
    }

    static String cipherName(int id) {
        return switch (id) {
            case 1 -> "AES-128-CCM";
            case 2 -> "AES-128-GCM";
            case 3 -> "AES-256-CCM";
            case 4 -> "AES-256-GCM";
            default -> String.format("0x%04x", id);
        };
    }

    static String compressionAlgorithmName(int id) {
        return switch (id) {
            case 0 -> "NONE";
            case 1 -> "LZNT1";
            case 2 -> "LZ77";
            case 3 -> "LZ77+Huffman";
            case 4 -> "Pattern_V1";
            case 5 -> "LZ4";
            default -> String.format("0x%04x", id);
        };
    }

    static String signingAlgorithmName(int id) {
        return switch (id) {
            case 0 -> "HMAC-SHA256";
            case 1 -> "AES-CMAC";
            case 2 -> "AES-GMAC";
            default -> String.format("0x%04x", id);
        };
    }

    static String rdmaTransformName(int id) {
        return switch (id) {
            case 0 -> "NONE";
            case 1 -> "ENCRYPTION";
            case 2 -> "SIGNING";
            default -> String.format("0x%04x", id);
        };
    }

    /** SMB2_PREAUTH_INTEGRITY_CAPABILITIES: HashAlgorithmCount, SaltLength, HashAlgorithms[], Salt. */
    record PreauthIntegrity(List<Integer> hashAlgorithms, byte[] salt) implements NegotiateContext {
        public static final int SHA_512 = 0x0001;

        public PreauthIntegrity {
            hashAlgorithms = List.copyOf(hashAlgorithms);
            salt = salt.clone();
        }

        @Override
        public byte[] salt() {
            return salt.clone();
        }

        @Override
        public int type() {
            return PREAUTH_INTEGRITY_CAPABILITIES;
        }

        @Override
        public byte[] encodeData() {
            LeWriter w = new LeWriter(4 + 2 * hashAlgorithms.size() + salt.length);
            w.u16(hashAlgorithms.size()).u16(salt.length);
            hashAlgorithms.forEach(w::u16);
            return w.bytes(salt).toByteArray();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PreauthIntegrity p && hashAlgorithms.equals(p.hashAlgorithms) && Arrays.equals(salt, p.salt);
        }

        @Override
        public int hashCode() {
            return hashAlgorithms.hashCode() * 31 + Arrays.hashCode(salt);
        }

        @Override
        public String toString() {
            return "PreauthIntegrity" + names(hashAlgorithms, NegotiateContext::hashAlgorithmName) + " salt " + salt.length + " bytes";
        }
    }

    /** SMB2_ENCRYPTION_CAPABILITIES: CipherCount, Ciphers[]. */
    record Encryption(List<Integer> ciphers) implements NegotiateContext {
        public Encryption {
            ciphers = List.copyOf(ciphers);
        }

        @Override
        public int type() {
            return ENCRYPTION_CAPABILITIES;
        }

        @Override
        public byte[] encodeData() {
            LeWriter w = new LeWriter(2 + 2 * ciphers.size()).u16(ciphers.size());
            ciphers.forEach(w::u16);
            return w.toByteArray();
        }

        @Override
        public String toString() {
            return "Encryption" + names(ciphers, NegotiateContext::cipherName);
        }
    }

    /** SMB2_COMPRESSION_CAPABILITIES: CompressionAlgorithmCount, Padding, Flags, CompressionAlgorithms[]. */
    record Compression(int flags, List<Integer> algorithms) implements NegotiateContext {
        public static final int FLAG_CHAINED = 0x00000001;

        public Compression {
            algorithms = List.copyOf(algorithms);
        }

        @Override
        public int type() {
            return COMPRESSION_CAPABILITIES;
        }

        @Override
        public byte[] encodeData() {
            LeWriter w = new LeWriter(8 + 2 * algorithms.size()).u16(algorithms.size()).u16(0).u32(flags);
            algorithms.forEach(w::u16);
            return w.toByteArray();
        }

        @Override
        public String toString() {
            return String.format("Compression flags=0x%08x %s", flags, names(algorithms, NegotiateContext::compressionAlgorithmName));
        }
    }

    /** SMB2_NETNAME_NEGOTIATE_CONTEXT_ID: NetName, the server name the client connects to (UTF-16LE, no terminator). */
    record NetName(String netName) implements NegotiateContext {
        @Override
        public int type() {
            return NETNAME_NEGOTIATE_CONTEXT_ID;
        }

        @Override
        public byte[] encodeData() {
            return new LeWriter(netName.length() * 2).utf16(netName).toByteArray();
        }
    }

    /** SMB2_TRANSPORT_CAPABILITIES: Flags (0x1 SMB2_ACCEPT_TRANSPORT_LEVEL_SECURITY). */
    record Transport(int flags) implements NegotiateContext {
        public static final int ACCEPT_TRANSPORT_LEVEL_SECURITY = 0x00000001;

        @Override
        public int type() {
            return TRANSPORT_CAPABILITIES;
        }

        @Override
        public byte[] encodeData() {
            return new LeWriter(4).u32(flags).toByteArray();
        }
    }

    /** SMB2_RDMA_TRANSFORM_CAPABILITIES: TransformCount, Reserved1, Reserved2, RDMATransformIds[]. */
    record RdmaTransform(List<Integer> transformIds) implements NegotiateContext {
        public RdmaTransform {
            transformIds = List.copyOf(transformIds);
        }

        @Override
        public int type() {
            return RDMA_TRANSFORM_CAPABILITIES;
        }

        @Override
        public byte[] encodeData() {
            LeWriter w = new LeWriter(8 + 2 * transformIds.size()).u16(transformIds.size()).u16(0).u32(0);
            transformIds.forEach(w::u16);
            return w.toByteArray();
        }
    }

    /** SMB2_SIGNING_CAPABILITIES: SigningAlgorithmCount, SigningAlgorithms[] (0 HMAC-SHA256, 1 AES-CMAC, 2 AES-GMAC). */
    record Signing(List<Integer> algorithms) implements NegotiateContext {
        public static final int HMAC_SHA256 = 0;
        public static final int AES_CMAC = 1;
        public static final int AES_GMAC = 2;

        public Signing {
            algorithms = List.copyOf(algorithms);
        }

        @Override
        public int type() {
            return SIGNING_CAPABILITIES;
        }

        @Override
        public byte[] encodeData() {
            LeWriter w = new LeWriter(2 + 2 * algorithms.size()).u16(algorithms.size());
            algorithms.forEach(w::u16);
            return w.toByteArray();
        }

        @Override
        public String toString() {
            return "Signing" + names(algorithms, NegotiateContext::signingAlgorithmName);
        }
    }

    /** A context type this decoder does not know, kept as is. */
    record Unknown(int type, byte[] data) implements NegotiateContext {
        public Unknown {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public byte[] encodeData() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && type == u.type && Arrays.equals(data, u.data);
        }

        @Override
        public int hashCode() {
            return type * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "NegotiateContext " + typeName(type) + " (" + data.length + " bytes)";
        }
    }

    private static String names(List<Integer> ids, IntFunction<String> namer) {
        List<String> out = new ArrayList<>(ids.size());
        for (int id : ids) {
            out.add(namer.apply(id));
        }
        return out.toString();
    }

    // ---- list codec --------------------------------------------------------------------------------

    /** Reads {@code count} contexts starting at absolute {@code off}. */
    static List<NegotiateContext> readList(MessageReader r, long offField, int count, String offName, String countName) {
        if (count == 0) {
            return List.of();
        }
        r.pointer(offName, offField, countName, 8);
        int off = (int) offField;
        // Each context takes at least 8 bytes: reject hostile counts before allocating anything.
        r.array(off, count, 8, countName);
        List<NegotiateContext> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                off = Body.align8(off);
            }
            String name = "NegotiateContextList[" + i + "]";
            r.need(off, 8, name + ".ContextType");
            int type = MessageReader.le16(r.b, off);
            r.open(name, off, typeName(type));
            r.u16(off, "ContextType", v -> typeName((int) v));
            int len = r.u16(off + 2, "DataLength", MessageReader.DEC);
            r.u32(off + 4, "Reserved");
            int data = off + 8;
            r.need(data, len, name + ".DataLength " + len + " (Data)");
            out.add(readData(r, type, data, len, name));
            off = data + len;
            r.close(off);
        }
        return out;
    }

    private static NegotiateContext readData(MessageReader r, int type, int off, int len, String name) {
        MessageReader d = r.sub(r.type + "." + name, off, off + len, "Data of " + name + " at offset 0x" + Integer.toHexString(off));
        switch (type) {
            case PREAUTH_INTEGRITY_CAPABILITIES -> {
                int n = d.u16(off, "HashAlgorithmCount", MessageReader.DEC);
                int saltLen = d.u16(off + 2, "SaltLength", MessageReader.DEC);
                List<Integer> algs = ids(d, off + 4, n, "HashAlgorithms", NegotiateContext::hashAlgorithmName);
                byte[] salt = d.bytes(off + 4 + 2 * n, saltLen, "Salt");
                return new PreauthIntegrity(algs, salt);
            }
            case ENCRYPTION_CAPABILITIES -> {
                int n = d.u16(off, "CipherCount", MessageReader.DEC);
                return new Encryption(ids(d, off + 2, n, "Ciphers", NegotiateContext::cipherName));
            }
            case COMPRESSION_CAPABILITIES -> {
                int n = d.u16(off, "CompressionAlgorithmCount", MessageReader.DEC);
                d.u16(off + 2, "Padding");
                int flags = (int) d.u32(off + 4, "Flags", v -> v == 1 ? "0x00000001 (CHAINED)" : String.format("0x%08x", v));
                return new Compression(flags, ids(d, off + 8, n, "CompressionAlgorithms",
                        NegotiateContext::compressionAlgorithmName));
            }
            case NETNAME_NEGOTIATE_CONTEXT_ID -> {
                return new NetName(d.utf16(off, len, "NetName"));
            }
            case TRANSPORT_CAPABILITIES -> {
                return new Transport((int) d.u32(off, "Flags",
                        v -> v == 1 ? "0x00000001 (ACCEPT_TRANSPORT_LEVEL_SECURITY)" : String.format("0x%08x", v)));
            }
            case RDMA_TRANSFORM_CAPABILITIES -> {
                int n = d.u16(off, "TransformCount", MessageReader.DEC);
                d.u16(off + 2, "Reserved1");
                d.u32(off + 4, "Reserved2");
                return new RdmaTransform(ids(d, off + 8, n, "RDMATransformIds", NegotiateContext::rdmaTransformName));
            }
            case SIGNING_CAPABILITIES -> {
                int n = d.u16(off, "SigningAlgorithmCount", MessageReader.DEC);
                return new Signing(ids(d, off + 2, n, "SigningAlgorithms", NegotiateContext::signingAlgorithmName));
            }
            default -> {
                return new Unknown(type, d.bytes(off, len, "Data"));
            }
        }
    }

    private static List<Integer> ids(MessageReader d, int off, int n, String name, IntFunction<String> namer) {
        d.array(off, n, 2, name);
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(d.u16(off + 2 * i, name + "[" + i + "]", v -> namer.apply((int) v)));
        }
        return out;
    }

    /** Appends the contexts to {@code w}, the first one at the current position (caller aligns it). */
    static void writeList(LeWriter w, List<NegotiateContext> contexts) {
        for (int i = 0; i < contexts.size(); i++) {
            if (i > 0) {
                w.align(0, 8);
            }
            NegotiateContext c = contexts.get(i);
            byte[] data = c.encodeData();
            w.u16(c.type()).u16(data.length).u32(0).bytes(data);
        }
    }
}
