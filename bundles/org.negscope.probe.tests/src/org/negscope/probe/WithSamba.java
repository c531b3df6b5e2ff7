package org.negscope.probe;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests against one real Samba smbd on loopback ({@link SambaServer}): started in the class's temporary directory
 * before its tests, stopped after them. Test classes run one after the other, so each has the server to itself.
 */
abstract class WithSamba {
    @TempDir
    static Path tmp;
    static SambaServer samba;

    @BeforeAll
    static void startSamba() throws Exception {
        samba = SambaServer.start(tmp.resolve("smbd"));
    }

    @AfterAll
    static void stopSamba() throws Exception {
        if (samba != null) {
            samba.close();
            samba = null;
        }
    }
}
