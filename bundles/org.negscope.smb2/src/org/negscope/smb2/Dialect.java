package org.negscope.smb2;

import java.util.ArrayList;
import java.util.List;

/** SMB2 dialect revision numbers (MS-SMB2 2.2.3 Dialects, 2.2.4 DialectRevision). */
public final class Dialect {
    private Dialect() {}

    public static final int SMB_2_0_2 = 0x0202;
    public static final int SMB_2_1 = 0x0210;
    public static final int SMB_3_0 = 0x0300;
    public static final int SMB_3_0_2 = 0x0302;
    public static final int SMB_3_1_1 = 0x0311;
    /** "SMB 2.???": the answer to an SMB1 multi-protocol NEGOTIATE that offered "SMB 2.???" (MS-SMB2 3.3.5.3.1). */
    public static final int SMB_2_WILDCARD = 0x02FF;

    /**
     * "2.0.2", "2.1", "3.0", "3.0.2", "3.1.1", "0x02FF" for the wildcard (the JSON form; {@link #describe} for people);
     * anything else (including the pre-release 0x0222, 0x0224, 0x0310 some old clients still offer) as {@code 0x%04x}.
     */
    public static String name(int dialect) {
        return switch (dialect) {
            case SMB_2_0_2 -> "2.0.2";
            case SMB_2_1 -> "2.1";
            case SMB_3_0 -> "3.0";
            case SMB_3_0_2 -> "3.0.2";
            case SMB_3_1_1 -> "3.1.1";
            case SMB_2_WILDCARD -> "0x02FF";
            default -> String.format("0x%04x", dialect);
        };
    }

    /** As {@link #name}, but the wildcard reads "SMB 2 wildcard (0x02FF)": the text shown to people. */
    public static String describe(int dialect) {
        return dialect == SMB_2_WILDCARD ? "SMB 2 wildcard (0x02FF)" : name(dialect);
    }

    public static List<String> names(int[] dialects) {
        List<String> out = new ArrayList<>(dialects.length);
        for (int d : dialects) {
            out.add(name(d));
        }
        return out;
    }

    /** True for 3.0, 3.0.2 and 3.1.1: the SMB3 family (AES signing, encryption, VALIDATE_NEGOTIATE_INFO). */
    public static boolean isSmb3(int dialect) {
        return dialect == SMB_3_0 || dialect == SMB_3_0_2 || dialect == SMB_3_1_1;
    }
}
