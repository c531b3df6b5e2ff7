package org.negscope.crypto;

/**
 * SMB2 signing algorithms with their SigningAlgorithmId from the SMB2_SIGNING_CAPABILITIES
 * negotiate context (MS-SMB2 2.2.3.1.7).
 */
public enum SigningAlgorithm {
    /** 2.0.2 and 2.1 (MS-SMB2 3.1.4.1): HMAC-SHA256 truncated to 16 bytes. */
    HMAC_SHA256(0x0000, "HMAC-SHA256"),
    /** 3.0, 3.0.2, and 3.1.1 without a negotiated signing context. */
    AES_128_CMAC(0x0001, "AES-128-CMAC"),
    /** 3.1.1 when both sides negotiated it in SMB2_SIGNING_CAPABILITIES. */
    AES_128_GMAC(0x0002, "AES-128-GMAC");

    private final int id;
    private final String specName;

    SigningAlgorithm(int id, String specName) {
        this.id = id;
        this.specName = specName;
    }

    /** SigningAlgorithmId as on the wire. */
    public int id() {
        return id;
    }

    /** The name MS-SMB2 uses, e.g. "AES-128-CMAC". */
    public String specName() {
        return specName;
    }

    /** The algorithm for a SigningAlgorithmId, or null when the id is unknown. */
    public static SigningAlgorithm fromId(int id) {
        for (SigningAlgorithm a : values()) {
            if (a.id == id) {
                return a;
            }
        }
        return null;
    }

    /**
     * The algorithm a connection signs with (MS-SMB2 3.1.4.1).
     *
     * @param dialect              Connection.Dialect
     * @param negotiatedSigningId  the SigningAlgorithmId the server chose in its
     *                             SMB2_SIGNING_CAPABILITIES context, or -1 when there was none
     *                             (only 3.1.1 can carry one)
     */
    public static SigningAlgorithm forDialect(int dialect, int negotiatedSigningId) {
        if (Dialects.isSmb2x(dialect)) {
            return HMAC_SHA256;
        }
        if (Dialects.isSmb30x(dialect)) {
            return AES_128_CMAC;
        }
        if (dialect == Dialects.SMB_3_1_1) {
            if (negotiatedSigningId < 0) {
                return AES_128_CMAC;
            }
            SigningAlgorithm a = fromId(negotiatedSigningId);
            if (a == null) {
                throw new IllegalArgumentException(String.format("unknown SigningAlgorithmId 0x%04x", negotiatedSigningId));
            }
            return a;
        }
        throw Dialects.unsupported(dialect, "SMB2 signing algorithm");
    }
}
