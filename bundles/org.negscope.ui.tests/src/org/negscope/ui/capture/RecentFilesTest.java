package org.negscope.ui.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.TestSecureStorage;
import org.negscope.ui.tests.Ui;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.IExportedPreferences;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File menu's recent captures: order, the cap, what is on disk, a file that went away, the menu itself. */
class RecentFilesTest {
    private IWorkbenchPage page;
    private final RecentFiles recent = RecentFiles.instance();
    @TempDir Path tmp;

    @BeforeEach
    void clean() {
        TestSecureStorage.install();
        assertTrue(Ui.inWorkbench(), "these tests run inside NegScope's workbench (Tycho UI harness)");
        page = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage());
        Ui.run(() -> page.closeAllEditors(false));
        recent.clear();
    }

    @AfterEach
    void cleanUp() {
        Ui.run(() -> page.closeAllEditors(false));
        recent.clear();
    }

    private Path file(String name) throws Exception {
        return Files.write(tmp.resolve(name), new byte[] {1});
    }

    @Test
    void mostRecentFirstAndReopeningMovesToTheTop() throws Exception {
        Path a = file("a.pcap"), b = file("b.pcap"), c = file("c.pcapng");
        recent.add(a);
        recent.add(b);
        recent.add(c);
        assertEquals(List.of(c, b, a), recent.list());
        recent.add(a);
        assertEquals(List.of(a, c, b), recent.list(), "no duplicate, moved to the top");
        recent.remove(c);
        assertEquals(List.of(a, b), recent.list());
    }

    @Test
    void keepsTheTenMostRecent() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            files.add(file("c" + i + ".pcap"));
            recent.add(files.get(i - 1));
        }
        List<Path> list = recent.list();
        assertEquals(RecentFiles.MAX, list.size());
        assertEquals(files.get(11), list.get(0));
        assertEquals(files.get(2), list.get(9), "c1 and c2 fell off the end");
        assertFalse(list.contains(files.get(0)));
    }

    @Test
    void openingACaptureRemembersItAndAMissingOneIsNot() throws Exception {
        Path real = TestData.capture(TestData.STRIP_RESP_CAPS);
        CaptureEditor editor = Ui.call(() -> Captures.open(page, real));
        Ui.waitUntil("analysis", 120, () -> editor.pane().isFinished());
        Ui.call(() -> Captures.open(page, tmp.resolve("never-existed.pcap")));
        assertEquals(List.of(real.toAbsolutePath().normalize()), recent.list());
    }

    @Test
    void theListIsWrittenToTheWorkspacePreferencesAndReadBack() throws Exception {
        Path a = file("first.pcap"), b = file("with space & ampersand.pcapng");
        recent.add(a);
        recent.add(b);
        // On disk: the instance-scope preferences file of org.negscope.ui, one path per line, nothing else of ours.
        Path prefs = Path.of(URI.create(Platform.getInstanceLocation().getURL().toString().replace(" ", "%20")))
                .resolve(".metadata/.plugins/org.eclipse.core.runtime/.settings/" + RecentFiles.NODE + ".prefs");
        assertTrue(Files.isRegularFile(prefs), "no " + prefs);
        Properties onDisk = new Properties();
        try (InputStream in = Files.newInputStream(prefs)) {
            onDisk.load(in);
        }
        assertEquals(b + "\n" + a + "\n", onDisk.getProperty(RecentFiles.KEY));
        // Read back through Eclipse's own preferences reader, as the next start does: same list, same order.
        Properties export = new Properties();
        export.setProperty("file_export_version", "3.0");
        for (String key : onDisk.stringPropertyNames()) {
            export.setProperty("/instance/" + RecentFiles.NODE + "/" + key, onDisk.getProperty(key));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        export.store(bytes, null);
        IExportedPreferences reread = Platform.getPreferencesService().readPreferences(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(List.of(b, a), new RecentFiles(reread.node("instance/" + RecentFiles.NODE)).list());
    }

    @Test
    void fileMenuListsThemAndAVanishedFileIsDisabled() throws Exception {
        Path kept = Files.copy(TestData.capture(TestData.STRIP_RESP_CAPS), tmp.resolve("kept.pcap"));
        Path gone = file("gone.pcap");
        recent.add(kept);
        recent.add(gone);
        Files.delete(gone);
        Ui.run(() -> {
            List<MenuItem> items = recentItems();
            assertEquals(3, items.size(), () -> "File menu: " + allTexts()); // lazily: showing again rebuilds the items
            assertEquals("1 gone.pcap  [" + tmp + "]" + RecentFilesMenu.MISSING, text(items.get(0)));
            assertFalse(items.get(0).isEnabled(), "a file that went away cannot be opened");
            assertEquals("2 kept.pcap  [" + tmp + "]", text(items.get(1)));
            assertTrue(items.get(1).isEnabled());
            assertEquals("Clear Recent Captures", text(items.get(2)));
            items.get(1).notifyListeners(SWT.Selection, new Event()); // the user picks it
            hide();
        });
        CaptureEditor editor = Ui.call(() -> (CaptureEditor) page.getActiveEditor());
        assertNotNull(editor, "picking the entry opened it");
        assertEquals(kept, editor.pane().file());
        Ui.waitUntil("analysis", 120, () -> editor.pane().isFinished());
        Ui.run(() -> assertEquals(List.of("RESPONSE_MISMATCH"), OpenCaptureTest.verdicts(editor)));
        assertEquals(kept, recent.list().get(0), "opened again: first now");
        Ui.run(() -> {
            List<MenuItem> items = recentItems();
            items.get(items.size() - 1).notifyListeners(SWT.Selection, new Event()); // Clear Recent Captures
            hide();
            assertEquals(List.of(), recent.list());
            assertEquals(List.of(), texts(recentItems()), "nothing listed after clearing");
            hide();
        });
    }

    private Menu fileMenu() {
        for (MenuItem top : page.getWorkbenchWindow().getShell().getMenuBar().getItems()) {
            if (top.getText().replace("&", "").equals("File")) {
                return top.getMenu();
            }
        }
        throw new AssertionError("no File menu");
    }

    /** The items between Credentials… and Exit, after the menu filled itself as opening it would. */
    private List<MenuItem> recentItems() {
        Menu m = fileMenu();
        m.notifyListeners(SWT.Show, new Event());
        List<MenuItem> items = new ArrayList<>();
        boolean in = false;
        for (MenuItem it : m.getItems()) {
            String t = it.getText().replace("&", ""); // the static labels' mnemonics come doubled from e4
            if (t.startsWith("Exit")) {
                break;
            }
            if (in && (it.getStyle() & SWT.SEPARATOR) == 0) {
                items.add(it);
            }
            in |= t.startsWith("Credentials");
        }
        return items;
    }

    private String allTexts() {
        Menu m = fileMenu();
        m.notifyListeners(SWT.Show, new Event());
        StringBuilder b = new StringBuilder();
        for (MenuItem it : m.getItems()) {
            b.append('[').append(it.getText()).append(it.isEnabled() ? "" : " disabled").append(']');
        }
        return b.toString();
    }

    private void hide() {
        fileMenu().notifyListeners(SWT.Hide, new Event());
    }

    private static String text(MenuItem it) {
        // Mnemonic markers out, doubled ampersands back to one, accelerator text dropped.
        return it.getText().replace("&&", "\u0000").replace("&", "").replace("\u0000", "&").replaceAll("\\t.*", "");
    }

    private static List<String> texts(List<MenuItem> items) {
        return items.stream().map(RecentFilesTest::text).toList();
    }
}
