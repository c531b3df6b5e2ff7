package org.negscope.cli;

import java.util.Arrays;
import java.util.Map;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.crypto.SecretFile;

/**
 * The credentials of the command line as {@link AnalysisOptions}: the files are read by the one secret-file reader
 * ({@link SecretFile}, its rules per kind of file), used here and wiped.
 */
final class SecretFiles {
    private SecretFiles() {}

    static AnalysisOptions read(Arguments a) throws SecretFile.SecretFileException {
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
