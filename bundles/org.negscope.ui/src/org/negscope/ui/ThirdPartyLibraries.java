package org.negscope.ui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.osgi.util.ManifestElement;
import org.eclipse.core.runtime.Platform;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;

/**
 * The third-party libraries installed with NegScope, for the About dialog: read at run time from the bundles
 * (Bundle-Version, and Bundle-License where the library declares it), so the dialog tells what this
 * installation really carries. A library whose bundle is absent (pcap4j and JNA without the optional live
 * capture bundle) is not listed. Bundles of one project are one row, versioned by its main bundle.
 */
public final class ThirdPartyLibraries {
    /** One row of the About dialog's table. */
    public record Library(String name, String version, String licence, String licenceUrl, List<String> bundles) {}

    /** What is known about a library when its bundle does not say: name, licence, where its text is. */
    private record Known(String name, String main, String[] prefixes, String licence, String url) {
        boolean matches(String bsn) {
            for (String p : prefixes) {
                if (bsn.equals(p) || bsn.startsWith(p + ".") || bsn.startsWith(p + "-")) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final String APACHE = "https://www.apache.org/licenses/LICENSE-2.0";
    private static final String MIT = "https://opensource.org/license/mit";
    private static final String EPL = "https://www.eclipse.org/legal/epl-2.0/";

    /**
     * In the order the About dialog lists them: the libraries NegScope itself uses first, then the platform, then
     * what the platform brings. Matching takes the first entry whose prefix fits: SWT before the rest of Eclipse.
     */
    private static final List<Known> KNOWN = List.of(
            new Known("Bouncy Castle", "bcprov", new String[] {"bcprov", "bcpkix", "bcutil"},
                    "Bouncy Castle Licence (MIT-style)", "https://www.bouncycastle.org/about/license/"),
            new Known("pcap4j", "org.pcap4j.core", new String[] {"org.pcap4j", "pcap4j", "wrapped.org.pcap4j"}, "MIT", MIT),
            new Known("JNA (Java Native Access)", "com.sun.jna", new String[] {"com.sun.jna", "wrapped.net.java.dev.jna"},
                    "Apache-2.0 / LGPL-2.1", "https://github.com/java-native-access/jna/blob/master/LICENSE"),
            new Known("SLF4J", "slf4j.api", new String[] {"slf4j", "org.slf4j"}, "MIT", "https://www.slf4j.org/license.html"),
            new Known("Eclipse SWT", "org.eclipse.swt", new String[] {"org.eclipse.swt"}, "EPL-2.0", EPL),
            new Known("Eclipse Platform", "org.eclipse.ui", new String[] {"org.eclipse"},
                    "EPL-2.0", EPL),
            new Known("Gson", "com.google.gson", new String[] {"com.google.gson"}, "Apache-2.0", APACHE),
            new Known("Apache Felix SCR", "org.apache.felix.scr", new String[] {"org.apache.felix.scr"}, "Apache-2.0", APACHE),
            new Known("Apache Batik", "org.apache.batik.css", new String[] {"org.apache.batik", "org.apache.xmlgraphics"},
                    "Apache-2.0", APACHE),
            new Known("Jakarta Annotations", "jakarta.annotation-api", new String[] {"jakarta.annotation-api"},
                    "EPL-2.0 / GPL-2.0 with Classpath Exception", EPL),
            new Known("Jakarta Dependency Injection", "jakarta.inject.jakarta.inject-api", new String[] {"jakarta.inject"},
                    "Apache-2.0", APACHE),
            new Known("ICU4J", "com.ibm.icu", new String[] {"com.ibm.icu"}, "Unicode-3.0",
                    "https://github.com/unicode-org/icu/blob/main/LICENSE"),
            new Known("JSVG", "com.github.weisj.jsvg", new String[] {"com.github.weisj.jsvg"}, "MIT", MIT),
            new Known("XML Commons External", "wrapped.xml-apis.xml-apis-ext", new String[] {"wrapped.xml-apis"},
                    "Apache-2.0 / W3C", APACHE),
            new Known("OSGi service APIs", "org.osgi.service.component", new String[] {"org.osgi"}, "Apache-2.0", APACHE));

    private ThirdPartyLibraries() {}

    /**
     * Every bundle of this installation. {@code from} need not be started: org.negscope.ui has no activation
     * policy, so in the product it is only RESOLVED and has no BundleContext; then the context of
     * org.eclipse.core.runtime (always started) is asked.
     */
    public static Bundle[] installed(Bundle from) {
        for (Bundle b : new Bundle[] {from, FrameworkUtil.getBundle(Platform.class)}) {
            BundleContext context = b == null ? null : b.getBundleContext();
            if (context != null) {
                return context.getBundles();
            }
        }
        return new Bundle[0];
    }

    /** The libraries among {@code bundles}, known ones in the order above, then any other third-party bundle by name. */
    public static List<Library> of(Bundle[] bundles) {
        Map<Known, List<Bundle>> known = new LinkedHashMap<>();
        List<Bundle> others = new ArrayList<>();
        for (Bundle b : bundles) {
            String bsn = b.getSymbolicName();
            if (bsn == null || bsn.startsWith("org.negscope.")) {
                continue;
            }
            Known k = KNOWN.stream().filter(x -> x.matches(bsn)).findFirst().orElse(null);
            if (k != null) {
                known.computeIfAbsent(k, x -> new ArrayList<>()).add(b);
            } else if (!isFragmentOfNegScope(b)) {
                others.add(b);
            }
        }
        List<Library> rows = new ArrayList<>();
        for (Known k : KNOWN) {
            List<Bundle> found = known.get(k);
            if (found != null) {
                // Highest version first, as Platform.getBundle picks it; an older copy of the same bundle (a
                // plug-in that pins it) is named in the bundles column.
                found.sort(Comparator.comparing(Bundle::getSymbolicName)
                        .thenComparing(Bundle::getVersion, Comparator.reverseOrder()));
                Bundle main = found.stream().filter(b -> b.getSymbolicName().equals(k.main())).findFirst().orElse(found.get(0));
                String[] licence = licence(main, k.licence(), k.url());
                List<String> names = new ArrayList<>();
                for (Bundle b : found) {
                    String n = b.getSymbolicName();
                    if (n.equals(main.getSymbolicName()) && b != main) {
                        names.add(n + " " + b.getVersion());
                    } else if (!names.contains(n)) {
                        names.add(n);
                    }
                }
                rows.add(new Library(k.name(), main.getVersion().toString(), licence[0], licence[1], names));
            }
        }
        others.sort(Comparator.comparing(Bundle::getSymbolicName));
        for (Bundle b : others) {
            String name = b.getHeaders().get(Constants.BUNDLE_NAME); // localized: some names are %keys
            String[] licence = licence(b, "not declared by the bundle", null);
            rows.add(new Library(name == null || name.startsWith("%") ? b.getSymbolicName() : name,
                    b.getVersion().toString(), licence[0], licence[1], List.of(b.getSymbolicName())));
        }
        return rows;
    }

    private static boolean isFragmentOfNegScope(Bundle b) {
        String host = b.getHeaders("").get(Constants.FRAGMENT_HOST);
        return host != null && host.startsWith("org.negscope.");
    }

    /**
     * {licence, url}: the Bundle-License header's names (e.g. {@code "Apache-2.0";link="..."}), with its link;
     * a header that only gives a URL shows the known name, so the table says "Apache-2.0", not a URL.
     */
    static String[] licence(Bundle b, String fallback, String fallbackUrl) {
        String header = b.getHeaders("").get("Bundle-License");
        if (header == null || header.isBlank()) {
            return new String[] {fallback, fallbackUrl};
        }
        try {
            ManifestElement[] elements = ManifestElement.parseHeader("Bundle-License", header);
            List<String> names = new ArrayList<>();
            String url = null;
            for (ManifestElement e : elements) {
                String v = e.getValue();
                if (v.startsWith("http://") || v.startsWith("https://")) {
                    url = url == null ? v : url;
                } else {
                    names.add(v);
                    String link = e.getAttribute("link");
                    url = url == null ? link : url;
                }
            }
            String name = names.isEmpty() ? fallback : String.join(" / ", names);
            return new String[] {name, url != null ? url : fallbackUrl};
        } catch (BundleException | RuntimeException e) {
            return new String[] {fallback, fallbackUrl}; // a malformed header must not break the About dialog
        }
    }
}
