package org.negscope.crypto;

/** SMB3 encryption ciphers with their CipherId (MS-SMB2 2.2.3.1.2) and nonce sizes (2.2.41). */
public enum Smb3Cipher {
    AES_128_CCM(0x0001, "AES-128-CCM", 16, 11),
    AES_128_GCM(0x0002, "AES-128-GCM", 16, 12),
    AES_256_CCM(0x0003, "AES-256-CCM", 32, 11),
    AES_256_GCM(0x0004, "AES-256-GCM", 32, 12);

    private final int id;
    private final String specName;
    private final int keyBytes;
    private final int nonceBytes;

    Smb3Cipher(int id, String specName, int keyBytes, int nonceBytes) {
        this.id = id;
        this.specName = specName;
        this.keyBytes = keyBytes;
        this.nonceBytes = nonceBytes;
    }

    public int id() {
        return id;
    }

    public String specName() {
        return specName;
    }

    /** Key length in bytes; it is also the KDF's L / 8. */
    public int keyBytes() {
        return keyBytes;
    }

    /** How many of the TRANSFORM_HEADER's 16 Nonce bytes the cipher uses. */
    public int nonceBytes() {
        return nonceBytes;
    }

    boolean isGcm() {
        return this == AES_128_GCM || this == AES_256_GCM;
    }

    /** The cipher for a CipherId, or null when unknown. */
    public static Smb3Cipher fromId(int id) {
        for (Smb3Cipher c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        return null;
    }
}
