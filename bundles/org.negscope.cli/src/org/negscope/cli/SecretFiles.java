package org.negscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.crypto.Keytab;
import org.negscope.crypto.KeytabFormatException;
import org.negscope.crypto.SecretFile;

/**
 * The credentials of the command line as {@link AnalysisOptions}: the files are read by the one secret-file reader
 * ({@link SecretFile}, its rules per kind of file), used here and wiped.
 */
final class SecretFiles {
    private SecretFiles() {}

    /**
     * The options for the command line: the password / NT hash / session keys, plus the keytabs of every --keytab
     * (a keytab alone, or beside one of the others, which then serve the NTLM sessions).
     */
    static AnalysisOptions read(Arguments a) throws SecretFile.SecretFileException {
        Keytab keytab = keytabs(a.keytabs());
        AnalysisOptions o;
        try {
            o = credentials(a);
        } catch (SecretFile.SecretFileException | RuntimeException e) {
            if (keytab != null) {
                keytab.clear();
            }
            throw e;
        }
        return o.plusKeytab(keytab);
    }

    /** Every --keytab file read by the secret-file reader (kind KEYTAB) and parsed, as one keytab; null when none. */
    static Keytab keytabs(List<Path> files) throws SecretFile.SecretFileException {
        if (files.isEmpty()) {
            return null;
        }
        List<Keytab> read = new ArrayList<>();
        try {
            for (Path f : files) {
                byte[] b = SecretFile.keytab(f);
                try {
                    read.add(Keytab.parse(b, f.toString()));
                } catch (KeytabFormatException e) {
                    throw new SecretFile.SecretFileException(e.getMessage()); // file, byte offset, reason
                } finally {
                    Arrays.fill(b, (byte) 0);
                }
            }
        } catch (SecretFile.SecretFileException e) {
            read.forEach(Keytab::clear);
            throw e;
        }
        return read.size() == 1 ? read.get(0)
                : Keytab.union(String.join(", ", files.stream().map(Path::toString).toList()), read);
    }

    private static AnalysisOptions credentials(Arguments a) throws SecretFile.SecretFileException {
        switch (a.secretKind()) {
            case PASSWORD -> {
                char[] pw = SecretFile.password(a.secretFile());
                try {
                    return AnalysisOptions.withPassword(pw, a.user(), a.domain());
                } finally {
                    Arrays.fill(pw, '\0');
                }
            }
            case NT_HASH -> {
                byte[] hash = SecretFile.ntHash(a.secretFile());
                try {
                    return AnalysisOptions.withNtHash(hash, a.user(), a.domain());
                } finally {
                    Arrays.fill(hash, (byte) 0);
                }
            }
            case SESSION_KEY -> {
                Map<Long, byte[]> keys = SecretFile.sessionKeys(a.secretFile());
                try {
                    return AnalysisOptions.withSessionKeys(keys);
                } finally {
                    SecretFile.wipe(keys);
                }
            }
            default -> {
                return AnalysisOptions.none();
            }
        }
    }
}
