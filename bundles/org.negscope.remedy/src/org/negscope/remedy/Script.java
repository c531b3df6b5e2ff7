package org.negscope.remedy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A ready-to-run file: a PowerShell script or a .reg file that applies a change, or the one that reverts it.
 * {@link #content()} uses CRLF line endings (both formats are Windows files); {@link #encoded()} gives the
 * bytes to save: PowerShell as ASCII (the generator writes nothing else, so Windows PowerShell 5.1 and
 * PowerShell 7 read it alike), .reg as UTF-16LE with a byte-order mark, which is exactly what regedit itself
 * writes for a "Windows Registry Editor Version 5.00" file.
 *
 * @param kind        POWERSHELL or REG
 * @param purpose     APPLY or REVERT
 * @param fileName    suggested file name (".ps1" / ".reg")
 * @param target      "client" or "server": the machine to run it on
 * @param counterpart file name of the matching revert (for an APPLY) or apply (for a REVERT)
 * @param content     the text
 */
public record Script(Kind kind, Purpose purpose, String fileName, String target, String counterpart, String content) {
    public enum Kind { POWERSHELL, REG }

    public enum Purpose { APPLY, REVERT }

    public Script {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
    }

    /** The bytes to write to {@link #fileName()}. */
    public byte[] encoded() {
        if (kind == Kind.REG) {
            ByteBuffer b = StandardCharsets.UTF_16LE.encode(content);
            byte[] out = new byte[2 + b.remaining()];
            out[0] = (byte) 0xFF; // BOM FF FE: UTF-16LE
            out[1] = (byte) 0xFE;
            b.get(out, 2, b.remaining());
            return out;
        }
        return content.getBytes(StandardCharsets.US_ASCII);
    }
}
