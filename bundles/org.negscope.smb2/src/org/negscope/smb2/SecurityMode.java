package org.negscope.smb2;

import java.util.List;

/** SMB2_NEGOTIATE_SIGNING_* bits (MS-SMB2 2.2.3 / 2.2.4 / 2.2.5 SecurityMode). */
public final class SecurityMode {
    private SecurityMode() {}

    public static final int SIGNING_ENABLED = 0x01;
    public static final int SIGNING_REQUIRED = 0x02;

    private static final String[] NAMES = {"SIGNING_ENABLED", "SIGNING_REQUIRED"};

    public static List<String> names(int mode) {
        return Flags.names(mode & 0xffffL, NAMES);
    }

    /** {@code 0x0003 (SIGNING_ENABLED|SIGNING_REQUIRED)} */
    public static String describe(int mode) {
        return Flags.describe(mode & 0xffffL, 4, NAMES);
    }
}
