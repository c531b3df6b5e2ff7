package org.negscope.smb2;

import java.util.ArrayList;
import java.util.List;

/** Bit-set naming shared by the flag classes. */
final class Flags {
    private Flags() {}

    /** names[i] names bit i (null = undefined bit). */
    static List<String> names(long value, String[] names) {
        List<String> out = new ArrayList<>();
        long unknown = 0;
        for (int i = 0; i < 64; i++) {
            long bit = 1L << i;
            if ((value & bit) != 0) {
                if (i < names.length && names[i] != null) {
                    out.add(names[i]);
                } else {
                    unknown |= bit;
                }
            }
        }
        if (unknown != 0) {
            out.add(String.format("0x%08x", unknown));
        }
        return out;
    }

    static String describe(long value, int hexDigits, String[] names) {
        List<String> n = names(value, names);
        String hex = String.format("0x%0" + hexDigits + "x", value);
        return n.isEmpty() ? hex : hex + " (" + String.join("|", n) + ")";
    }
}
