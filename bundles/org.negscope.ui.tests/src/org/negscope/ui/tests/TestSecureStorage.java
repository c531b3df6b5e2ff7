package org.negscope.ui.tests;

import org.negscope.ui.credentials.CredentialStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.spec.PBEKeySpec;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.provider.IProviderHints;

/**
 * A private Eclipse secure storage for the tests: a file in a temp directory, encrypted with a fixed test master
 * password given as a hint (no prompt), so no test ever touches the user's real secure storage.
 */
public final class TestSecureStorage {
    private TestSecureStorage() {}

    private static Path file;
    private static ISecurePreferences root;

    /** Points {@link CredentialStore} at the private storage (created once per test run). */
    public static synchronized Path install() {
        if (file == null) {
            try {
                Path dir = Files.createTempDirectory("negscope-secure-storage");
                file = dir.resolve("secure_storage");
                Map<String, Object> options = new HashMap<>();
                options.put(IProviderHints.DEFAULT_PASSWORD, new PBEKeySpec("test master password".toCharArray()));
                options.put(IProviderHints.PROMPT_USER, Boolean.FALSE);
                root = SecurePreferencesFactory.open(file.toUri().toURL(), options);
                if (root == null) {
                    throw new IllegalStateException("secure storage cannot be opened at " + file);
                }
                CredentialStore.useForTests(root);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return file;
    }

    /** Points {@link CredentialStore} at the private storage again (after a test used another one). */
    public static synchronized void reinstall() {
        install();
        CredentialStore.useForTests(root);
    }
}
