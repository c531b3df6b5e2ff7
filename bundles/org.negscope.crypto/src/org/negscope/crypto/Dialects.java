package org.negscope.crypto;

/** The SMB2 DialectRevision values whose keys and signatures differ (MS-SMB2 2.2.3). */
public final class Dialects {

    public static final int SMB_2_0_2 = 0x0202;
    public static final int SMB_2_1 = 0x0210;
    public static final int SMB_3_0 = 0x0300;
    public static final int SMB_3_0_2 = 0x0302;
    public static final int SMB_3_1_1 = 0x0311;

    private Dialects() {
    }

    static boolean isSmb2x(int dialect) {
        return dialect == SMB_2_0_2 || dialect == SMB_2_1;
    }

    static boolean isSmb30x(int dialect) {
        return dialect == SMB_3_0 || dialect == SMB_3_0_2;
    }

    static String name(int dialect) {
        return switch (dialect) {
            case SMB_2_0_2 -> "2.0.2";
            case SMB_2_1 -> "2.1";
            case SMB_3_0 -> "3.0";
            case SMB_3_0_2 -> "3.0.2";
            case SMB_3_1_1 -> "3.1.1";
            default -> String.format("0x%04x", dialect);
        };
    }

    static IllegalArgumentException unsupported(int dialect, String what) {
        return unsupported(dialect, what, "2.0.2, 2.1, 3.0, 3.0.2, 3.1.1");
    }

    static IllegalArgumentException unsupported(int dialect, String what, String known) {
        return new IllegalArgumentException("dialect " + name(dialect) + " has no " + what + " (known: " + known + ")");
    }
}
