package org.negscope.smb2;

import java.util.List;

/** SMB2_GLOBAL_CAP_* bits (MS-SMB2 2.2.3 / 2.2.4 Capabilities). */
public final class Capabilities {
    private Capabilities() {}

    public static final int DFS = 0x01;
    public static final int LEASING = 0x02;
    public static final int LARGE_MTU = 0x04;
    public static final int MULTI_CHANNEL = 0x08;
    public static final int PERSISTENT_HANDLES = 0x10;
    public static final int DIRECTORY_LEASING = 0x20;
    public static final int ENCRYPTION = 0x40;
    public static final int NOTIFICATIONS = 0x80;

    private static final String[] NAMES = {"DFS", "LEASING", "LARGE_MTU", "MULTI_CHANNEL", "PERSISTENT_HANDLES",
            "DIRECTORY_LEASING", "ENCRYPTION", "NOTIFICATIONS"};

    /** Names of the set bits, low bit first; bits MS-SMB2 does not define appear as {@code 0x%08x}. */
    public static List<String> names(int caps) {
        return Flags.names(caps & 0xffffffffL, NAMES);
    }

    /** {@code 0x0000007f (DFS|LEASING|...)} */
    public static String describe(int caps) {
        return Flags.describe(caps & 0xffffffffL, 8, NAMES);
    }
}
