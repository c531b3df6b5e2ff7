package org.negscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.negscope.ui.tests.Ui;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** Help > About NegScope: versions and licences as read from the bundles installed in this workbench. */
class AboutDialogTest {
    private static String[] row(List<String[]> rows, String library) {
        return rows.stream().filter(r -> r[0].equals(library)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + library + " in " + rows.stream().map(Arrays::toString).toList()));
    }

    @Test
    void showsNegScopesVersionJavaOsAndTheLibrariesFromTheirBundles() {
        assertTrue(Ui.inWorkbench(), "these tests run inside NegScope's workbench (Tycho UI harness)");
        Ui.run(() -> {
            AboutDialog d = new AboutDialog(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell());
            d.setBlockOnOpen(false);
            d.open();
            try {
                assertEquals("About NegScope", d.getShell().getText());
                assertEquals("NegScope " + Platform.getBundle("org.negscope.ui").getVersion(), d.headingText());
                assertTrue(d.runtimeText().startsWith("Java " + System.getProperty("java.version")), d.runtimeText());
                assertTrue(d.runtimeText().contains(System.getProperty("os.name")), d.runtimeText());
                List<String[]> rows = d.rows();
                String[] bc = row(rows, "Bouncy Castle");
                assertEquals(Platform.getBundle("bcprov").getVersion().toString(), bc[1]);
                assertEquals("Bouncy Castle Licence (MIT-style)", bc[2], "bcprov declares no licence: the known one");
                assertTrue(bc[3].startsWith("bcprov"), bc[3]);
                // Gson declares "Apache-2.0";link=...; Felix SCR only a URL, shown by its name.
                assertEquals("Apache-2.0", row(rows, "Gson")[2]);
                assertEquals(Platform.getBundle("com.google.gson").getVersion().toString(), row(rows, "Gson")[1]);
                assertEquals("Apache-2.0", row(rows, "Apache Felix SCR")[2]);
                String[] eclipse = row(rows, "Eclipse Platform");
                assertEquals(Platform.getBundle("org.eclipse.ui").getVersion().toString(), eclipse[1]);
                assertEquals("EPL-2.0", eclipse[2]);
                assertEquals(Platform.getBundle("org.eclipse.swt").getVersion().toString(), row(rows, "Eclipse SWT")[1]);
                // pcap4j comes only with the optional live-capture bundle: listed exactly when installed.
                boolean pcap4j = Arrays.stream(FrameworkUtil.getBundle(AboutDialog.class).getBundleContext().getBundles())
                        .anyMatch(b -> b.getSymbolicName() != null && b.getSymbolicName().contains("pcap4j"));
                assertEquals(pcap4j, rows.stream().anyMatch(r -> r[0].equals("pcap4j")));
                assertTrue(rows.stream().noneMatch(r -> r[3].contains("org.negscope")), "NegScope is not a third-party library");
            } finally {
                d.close();
            }
        });
    }

    @Test
    void librariesNotInstalledAreNotListed() {
        Bundle bc = Platform.getBundle("bcprov");
        Bundle gson = Platform.getBundle("com.google.gson");
        List<ThirdPartyLibraries.Library> libs = ThirdPartyLibraries.of(new Bundle[] {bc, gson, Platform.getBundle("org.negscope.ui")});
        assertEquals(List.of("Bouncy Castle", "Gson"), libs.stream().map(ThirdPartyLibraries.Library::name).toList());
        assertEquals("https://www.apache.org/licenses/LICENSE-2.0.txt", libs.get(1).licenceUrl(), "Gson's own link");
        assertEquals(List.of(), ThirdPartyLibraries.of(new Bundle[0]));
    }

    @Test
    void bundlesAreFoundEvenFromABundleThatIsNotStarted() {
        // In the product org.negscope.ui is only RESOLVED (no activation policy): no BundleContext of its own.
        Bundle resolvedOnly = Arrays.stream(ThirdPartyLibraries.installed(Platform.getBundle("org.eclipse.core.runtime")))
                .filter(b -> b.getState() == Bundle.RESOLVED && b.getBundleContext() == null).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle that is resolved but not started"));
        Bundle[] all = ThirdPartyLibraries.installed(resolvedOnly);
        assertTrue(Arrays.asList(all).contains(Platform.getBundle("bcprov")), "bcprov among " + all.length + " bundles");
        assertTrue(ThirdPartyLibraries.of(all).stream().anyMatch(l -> l.name().equals("Bouncy Castle")));
    }

    @Test
    void helpAboutOpensTheDialog() {
        AtomicReference<List<String>> seen = new AtomicReference<>();
        Ui.run(() -> {
            var display = PlatformUI.getWorkbench().getDisplay();
            // The dialog is modal: look at it and close it from inside its event loop.
            display.asyncExec(() -> {
                List<String> titles = new ArrayList<>();
                for (Shell s : display.getShells()) {
                    titles.add(s.getText());
                    if (s.getText().equals("About NegScope") && s.getData() instanceof AboutDialog d) {
                        titles.add(d.headingText());
                        d.close();
                    }
                }
                seen.set(titles);
            });
            try {
                PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.negscope.ui.about", null);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertNotNull(seen.get());
        assertTrue(seen.get().contains("NegScope " + Platform.getBundle("org.negscope.ui").getVersion()), seen.get().toString());
    }

    @Test
    void aboutHtmlInTheBundleNamesEveryLibraryAndLicence() throws Exception {
        var entry = Platform.getBundle("org.negscope.ui").getEntry(AboutDialog.ABOUT_HTML);
        assertNotNull(entry, "about.html is not in the org.negscope.ui bundle (build.properties bin.includes)");
        String html;
        try (InputStream in = entry.openStream()) {
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String s : new String[] {"Bouncy Castle", "pcap4j", "JNA", "Eclipse Platform", "Gson", "Felix SCR", "Batik",
                "EPL-2.0", "Apache-2.0", "MIT", "LGPL-2.1"}) {
            assertTrue(html.contains(s), "about.html does not mention " + s);
        }
    }
}
