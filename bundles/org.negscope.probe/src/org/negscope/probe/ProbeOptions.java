package org.negscope.probe;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.negscope.smb2.Capabilities;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.SecurityMode;

/**
 * What to probe and how: the server, the account (password or NT hash; or a guest / anonymous session,
 * which cannot sign and so never validates), the NEGOTIATE request fields the probe offers (MS-SMB2 2.2.3)
 * and the time limits. Built with {@link #builder(String)}; immutable except that {@link #clearSecrets()}
 * wipes the password and hash once the probe has used them.
 * <p>
 * {@link #toString()} never shows a secret, only which kind of credential is present.
 */
public final class ProbeOptions {
    /** How the probe authenticates. */
    public enum Logon {
        /** NTLMv2 with the user's password or NT hash: the session can sign, so VALIDATE is sent. */
        USER,
        /** An account the server maps to guest ("map to guest = bad user"): no signing key, no VALIDATE. */
        GUEST,
        /** NTLMSSP anonymous (null session, MS-NLMP 3.2.5.1.2): no signing key, no VALIDATE. */
        ANONYMOUS
    }

    /** Dialects of a Windows 8.1 / Server 2012 R2 client, the ones that validate (no 3.1.1). */
    public static final int[] DEFAULT_DIALECTS = {Dialect.SMB_2_0_2, Dialect.SMB_2_1, Dialect.SMB_3_0, Dialect.SMB_3_0_2};
    /** What a Windows 8.1 client offers (MS-SMB2 2.2.3): DFS, LEASING, LARGE_MTU, MULTI_CHANNEL, PERSISTENT_HANDLES, DIRECTORY_LEASING, ENCRYPTION. */
    public static final int DEFAULT_CAPABILITIES = Capabilities.DFS | Capabilities.LEASING | Capabilities.LARGE_MTU
            | Capabilities.MULTI_CHANNEL | Capabilities.PERSISTENT_HANDLES | Capabilities.DIRECTORY_LEASING
            | Capabilities.ENCRYPTION;
    /** Largest SMB2 message the probe accepts (the direct-TCP length field allows 16 MiB - 1). */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final String host;
    private final int port;
    private final String user;
    private final String domain;
    private final String workstation;
    private final char[] password;
    private final byte[] ntHash;
    private final Logon logon;
    private final int[] dialects;
    private final int securityMode;
    private final int capabilities;
    private final UUID clientGuid;
    private final String share;
    private final boolean validateOn311;
    private final boolean skipValidate;
    private final boolean resetOnFailure;
    private final long connectTimeoutMillis;
    private final long stepTimeoutMillis;
    private final long deadlineMillis;
    private final int maxMessageBytes;
    private final ValidateOverride validateOverride;

    private ProbeOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.user = b.user;
        this.domain = b.domain;
        this.workstation = b.workstation;
        // The secrets move from the builder into the options: only one copy to wipe.
        this.password = b.password;
        this.ntHash = b.ntHash;
        b.password = null;
        b.ntHash = null;
        this.logon = b.logon;
        this.dialects = b.dialects.clone();
        this.securityMode = b.securityMode;
        this.capabilities = b.capabilities;
        this.clientGuid = b.clientGuid != null ? b.clientGuid : UUID.randomUUID();
        this.share = b.share;
        this.validateOn311 = b.validateOn311;
        this.skipValidate = b.skipValidate;
        this.resetOnFailure = b.resetOnFailure;
        this.connectTimeoutMillis = b.connectTimeoutMillis;
        this.stepTimeoutMillis = b.stepTimeoutMillis;
        this.deadlineMillis = b.deadlineMillis;
        this.maxMessageBytes = b.maxMessageBytes;
        this.validateOverride = b.validateOverride;
    }

    public static Builder builder(String host) {
        return new Builder(host);
    }

    /** A builder preset with every value of this one (secrets copied): what {@link ProbeVariations} varies. */
    public Builder toBuilder() {
        Builder b = new Builder(host).port(port).user(user).domain(domain).workstation(workstation).logon(logon)
                .dialects(dialects).securityMode(securityMode).capabilities(capabilities).clientGuid(clientGuid)
                .share(share).validateOn311(validateOn311).skipValidate(skipValidate).resetOnFailure(resetOnFailure)
                .connectTimeoutMillis(connectTimeoutMillis)
                .stepTimeoutMillis(stepTimeoutMillis).deadlineMillis(deadlineMillis).maxMessageBytes(maxMessageBytes)
                .validateOverride(validateOverride);
        if (password != null) {
            b.password(password);
        }
        if (ntHash != null) {
            b.ntHash(ntHash);
        }
        return b;
    }

    public String host() { return host; }
    public int port() { return port; }
    public String user() { return user; }
    public String domain() { return domain; }
    public String workstation() { return workstation; }
    public Logon logon() { return logon; }
    /** True when a password or NT hash is present (and not yet cleared). */
    public boolean hasCredentials() { return password != null || ntHash != null; }
    /** Copy of the password (caller wipes it), or null. */
    char[] password() { return password == null ? null : password.clone(); }
    /** Copy of the NT hash (caller wipes it), or null. */
    byte[] ntHash() { return ntHash == null ? null : ntHash.clone(); }
    public int[] dialects() { return dialects.clone(); }
    public int securityMode() { return securityMode; }
    public int capabilities() { return capabilities; }
    public UUID clientGuid() { return clientGuid; }
    /** Share for TREE_CONNECT; default "IPC$" (every server has it; Samba signs IPC$ tree connects). */
    public String share() { return share; }
    /** Send VALIDATE on 3.1.1 too (MS-SMB2 3.3.5.15.12: the server must then drop the connection). */
    public boolean validateOn311() { return validateOn311; }
    /**
     * Do not send VALIDATE at all, as a Windows 8 / 2012 client with {@code RequireSecureNegotiate=0} does
     * (docs/protocol.md): the run then shows what such a client shows, a tree connect followed by nothing (NOT_SENT).
     */
    public boolean skipValidate() { return skipValidate; }
    /**
     * When validation fails, abort the TCP connection with RST (close with SO_LINGER 0) as a Windows client
     * does, instead of the orderly FIN the probe sends by default (as Samba's client does).
     */
    public boolean resetOnFailure() { return resetOnFailure; }
    public long connectTimeoutMillis() { return connectTimeoutMillis; }
    public long stepTimeoutMillis() { return stepTimeoutMillis; }
    public long deadlineMillis() { return deadlineMillis; }
    public int maxMessageBytes() { return maxMessageBytes; }
    /** Deliberate differences in the VALIDATE request (variation search), or null for an honest one. */
    public ValidateOverride validateOverride() { return validateOverride; }

    /** Overwrites the password and NT hash held by these options. */
    public void clearSecrets() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
        if (ntHash != null) {
            Arrays.fill(ntHash, (byte) 0);
        }
    }

    @Override
    public String toString() {
        String cred = switch (logon) {
            case GUEST -> "guest";
            case ANONYMOUS -> "anonymous";
            case USER -> password != null ? "password" : ntHash != null ? "NT hash" : "no credentials";
        };
        return "ProbeOptions[" + host + ":" + port + ", user " + (domain == null || domain.isEmpty() ? "" : domain + "\\")
                + user + " (" + cred + "), dialects " + Dialect.names(dialects) + String.format(", SecurityMode 0x%04x, Capabilities 0x%08x]",
                securityMode, capabilities);
    }

    /**
     * Values the VALIDATE request carries instead of the ones the NEGOTIATE request sent (null fields keep
     * the honest value). Used by {@link ProbeVariations} to learn what the server received: the one VALIDATE
     * the server accepts names the NEGOTIATE field a middlebox changed, and its value as the server saw it.
     */
    public record ValidateOverride(Integer capabilities, UUID guid, Integer securityMode, int[] dialects, String label) {
        public ValidateOverride {
            dialects = dialects == null ? null : dialects.clone();
        }

        @Override
        public int[] dialects() { return dialects == null ? null : dialects.clone(); }
    }

    public static final class Builder {
        private final String host;
        private int port = 445;
        private String user = "";
        private String domain = "";
        private String workstation = "NEGSCOPE-PROBE";
        private char[] password;
        private byte[] ntHash;
        private Logon logon = Logon.USER;
        private int[] dialects = DEFAULT_DIALECTS;
        private int securityMode = SecurityMode.SIGNING_ENABLED;
        private int capabilities = DEFAULT_CAPABILITIES;
        private UUID clientGuid;
        private String share = "IPC$";
        private boolean validateOn311;
        private boolean skipValidate;
        private boolean resetOnFailure;
        private long connectTimeoutMillis = 5_000;
        private long stepTimeoutMillis = 10_000;
        private long deadlineMillis = 60_000;
        private int maxMessageBytes = MAX_MESSAGE_BYTES;
        private ValidateOverride validateOverride;

        private Builder(String host) {
            this.host = Objects.requireNonNull(host, "host");
        }

        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not in 1..65535");
            }
            this.port = port;
            return this;
        }

        public Builder user(String user) { this.user = user == null ? "" : user; return this; }
        public Builder domain(String domain) { this.domain = domain == null ? "" : domain; return this; }
        public Builder workstation(String workstation) { this.workstation = workstation == null ? "" : workstation; return this; }

        /** The password is copied; the caller wipes its own array. */
        public Builder password(char[] password) {
            this.password = password == null ? null : password.clone();
            this.ntHash = null;
            return this;
        }

        /** The 16-byte NT hash (MD4 of the UTF-16LE password), copied. */
        public Builder ntHash(byte[] ntHash) {
            if (ntHash != null && ntHash.length != 16) {
                throw new IllegalArgumentException("an NT hash has 16 bytes, not " + ntHash.length);
            }
            this.ntHash = ntHash == null ? null : ntHash.clone();
            this.password = null;
            return this;
        }

        public Builder logon(Logon logon) { this.logon = Objects.requireNonNull(logon); return this; }

        public Builder dialects(int... dialects) {
            if (dialects == null || dialects.length == 0) {
                throw new IllegalArgumentException("at least one dialect is needed");
            }
            this.dialects = dialects.clone();
            return this;
        }

        public Builder securityMode(int securityMode) { this.securityMode = securityMode & 0xffff; return this; }
        public Builder capabilities(int capabilities) { this.capabilities = capabilities; return this; }
        public Builder clientGuid(UUID clientGuid) { this.clientGuid = clientGuid; return this; }
        public Builder share(String share) { this.share = share; return this; }
        public Builder validateOn311(boolean v) { this.validateOn311 = v; return this; }
        public Builder skipValidate(boolean v) { this.skipValidate = v; return this; }
        public Builder resetOnFailure(boolean v) { this.resetOnFailure = v; return this; }
        public Builder connectTimeoutMillis(long ms) { this.connectTimeoutMillis = positive(ms); return this; }
        public Builder stepTimeoutMillis(long ms) { this.stepTimeoutMillis = positive(ms); return this; }
        public Builder deadlineMillis(long ms) { this.deadlineMillis = positive(ms); return this; }

        public Builder maxMessageBytes(int max) {
            if (max < 64 + 4 || max > MAX_MESSAGE_BYTES) {
                throw new IllegalArgumentException("maxMessageBytes must lie in 68.." + MAX_MESSAGE_BYTES);
            }
            this.maxMessageBytes = max;
            return this;
        }

        public Builder validateOverride(ValidateOverride o) { this.validateOverride = o; return this; }

        private static long positive(long ms) {
            if (ms <= 0) {
                throw new IllegalArgumentException("timeouts must be positive, not " + ms);
            }
            return ms;
        }

        /** Builds the options; the password or hash moves into them (a second build() has none). */
        public ProbeOptions build() {
            return new ProbeOptions(this);
        }
    }
}
