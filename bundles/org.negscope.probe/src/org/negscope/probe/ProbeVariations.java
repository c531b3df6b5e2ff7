package org.negscope.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.negscope.analysis.FieldFormat;
import org.negscope.analysis.ValidateComparison;
import org.negscope.analysis.Verdict;
import org.negscope.capture.Progress;
import org.negscope.smb2.Capabilities;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.SecurityMode;

/**
 * Finds what a middlebox does to the NEGOTIATE request, which the client cannot see (the server just hangs
 * up after VALIDATE, MS-SMB2 3.3.5.15.12), by repeating the exchange with variations:
 * <ol>
 * <li><b>What did the server receive?</b> The NEGOTIATE stays as it was; the VALIDATE request deliberately
 * carries one other value (one capability bit cleared or set, another SecurityMode, one dialect fewer, a
 * zero ClientGuid). The server accepts a VALIDATE only when all four fields equal what <em>it</em> received,
 * so the one variation it accepts names the altered field and the value the server saw.</li>
 * <li><b>Which offer does the path let through?</b> The NEGOTIATE itself varies (fewer dialects, one
 * capability bit not offered, another SecurityMode) with an honest VALIDATE; each variation that passes
 * shows what the middlebox reacts to — and a client configuration that works around it.</li>
 * </ol>
 * Each variation is a full, separate connection. Only run when the baseline shows a problem; a baseline
 * that validates ends the search at once.
 */
public final class ProbeVariations {
    private ProbeVariations() {}

    /** Rough number of runs a search takes, for progress only (it stops early once a VALIDATE is accepted). */
    static final int VARIATIONS_ESTIMATE = 30;

    /** What a variation changes: in the VALIDATE only ({@code validateOnly}) or in what the probe offers. */
    public record Variant(String label, String field, boolean validateOnly, ProbeOptions options) {}

    /** One variation's run. */
    public record Outcome(Variant variant, ProbeResult result) {
        public boolean passed() { return result.passed(); }
    }

    /**
     * The search: the baseline, every variation tried, and findings in plain sentences (the altered fields
     * with the value the server received; the offers the path lets through).
     */
    public record Report(ProbeResult baseline, List<Outcome> outcomes, List<String> findings, String conclusion) {
        public Report {
            outcomes = List.copyOf(outcomes);
            findings = List.copyOf(findings);
        }
    }

    /**
     * Runs the baseline and, when it does not validate, the variations. {@code listener} (may be null) sees
     * each outcome as it completes. The caller still owns {@code base}'s secrets.
     */
    public static Report run(ProbeOptions base, Progress progress, Consumer<Outcome> listener) {
        Progress p = progress == null ? Progress.NONE : progress;
        ProbeResult baseline = Probe.run(base, p);
        List<Outcome> outcomes = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        if (baseline.verdict() == Verdict.VALIDATED) {
            return new Report(baseline, outcomes, findings, "The baseline validated: the path does not alter the "
                    + "negotiation, there is nothing to locate.");
        }
        if (baseline.verdict() != Verdict.SERVER_TERMINATED && baseline.verdict() != Verdict.RESPONSE_MISMATCH
                && baseline.verdict() != Verdict.SIGNATURE_INVALID && baseline.verdict() != Verdict.RESPONSE_UNSIGNED
                && !(baseline.verdict() == Verdict.SERVER_REFUSED && baseline.fatal())) {
            return new Report(baseline, outcomes, findings, "The baseline ended " + baseline.verdict()
                    + (baseline.error() != null ? " (" + baseline.error() + ")" : "")
                    + ": variations only help when VALIDATE fails; fix that first.");
        }
        boolean requestSide = baseline.verdict() == Verdict.SERVER_TERMINATED
                || baseline.verdict() == Verdict.SERVER_REFUSED;
        List<Variant> asked = requestSide ? validateVariants(base) : List.of();
        List<Variant> offers = offerVariants(base);
        try {
            search(asked, offers, requestSide, baseline, p, listener, outcomes, findings);
        } finally {
            // Every variation holds a copy of the credentials; wipe those that did not run too.
            asked.forEach(v -> v.options().clearSecrets());
            offers.forEach(v -> v.options().clearSecrets());
        }
        String conclusion = p.isCanceled() ? "Cancelled after " + outcomes.size() + " variation(s)."
                : String.join(" ", findings);
        return new Report(baseline, outcomes, findings, conclusion);
    }

    private static void search(List<Variant> asked, List<Variant> offers, boolean requestSide, ProbeResult baseline,
            Progress p, Consumer<Outcome> listener, List<Outcome> outcomes, List<String> findings) {
        if (requestSide) {
            for (Variant v : asked) {
                if (p.isCanceled()) {
                    break;
                }
                Outcome o = runOne(v, p, listener, outcomes);
                if (o.passed()) {
                    findings.add(receivedFinding(v));
                    break; // one accepted VALIDATE pins the server's values; more would only repeat it
                }
            }
            if (findings.isEmpty() && !p.isCanceled()) {
                findings.add("No single changed field makes the server accept the VALIDATE: the path changes the "
                        + "ClientGuid (which the probe cannot guess) or several fields at once.");
            }
        } else {
            findings.add("The NEGOTIATE response was altered on the way: " + ValidateComparison.describe(baseline.differences()) + ".");
        }
        List<String> passing = new ArrayList<>();
        for (Variant v : offers) {
            if (p.isCanceled()) {
                break;
            }
            Outcome o = runOne(v, p, listener, outcomes);
            if (o.passed()) {
                passing.add(v.label());
            }
        }
        if (!passing.isEmpty()) {
            findings.add("The path lets the exchange through when the probe " + String.join("; or when it ", group(passing))
                    + ".");
        } else if (!p.isCanceled()) {
            findings.add("No simpler offer (fewer dialects, a capability not offered, another SecurityMode) gets through.");
        }
    }

    /** "offers only dialect 2.1", "offers only dialect 3.0" ... → "offers a single dialect (2.1 or 3.0)". */
    static List<String> group(List<String> passing) {
        String prefix = "offers only dialect ";
        List<String> singles = passing.stream().filter(x -> x.startsWith(prefix)).map(x -> x.substring(prefix.length()))
                .toList();
        if (singles.size() < 2) {
            return passing;
        }
        List<String> out = new ArrayList<>();
        out.add("offers a single dialect (" + String.join(" or ", singles) + ")");
        passing.stream().filter(x -> !x.startsWith(prefix)).forEach(out::add);
        return out;
    }

    private static Outcome runOne(Variant v, Progress p, Consumer<Outcome> listener, List<Outcome> outcomes) {
        ProbeResult r;
        try {
            r = Probe.run(v.options(), p);
        } finally {
            v.options().clearSecrets();
        }
        Outcome o = new Outcome(v, r);
        outcomes.add(o);
        p.worked(outcomes.size(), VARIATIONS_ESTIMATE);
        if (listener != null) {
            listener.accept(o);
        }
        return o;
    }

    /** "Capabilities: the server received 0x0000007b where the probe sent 0x0000007f (LARGE_MTU cleared on the way)." */
    static String receivedFinding(Variant v) {
        ProbeOptions base = v.options();
        ProbeOptions.ValidateOverride ov = base.validateOverride();
        return switch (v.field()) {
            case "Capabilities" -> {
                int sent = base.capabilities();
                int got = ov.capabilities();
                List<String> cleared = Capabilities.names(sent & ~got);
                List<String> added = Capabilities.names(got & ~sent);
                yield "Capabilities: the server received " + FieldFormat.capabilities(got) + " where the probe sent " + FieldFormat.capabilities(sent)
                        + " (" + (cleared.isEmpty() ? "" : String.join(", ", cleared) + " cleared")
                        + (!cleared.isEmpty() && !added.isEmpty() ? ", " : "")
                        + (added.isEmpty() ? "" : String.join(", ", added) + " set") + " on the way).";
            }
            case "SecurityMode" -> "SecurityMode: the server received " + SecurityMode.describe(ov.securityMode())
                    + " where the probe sent " + SecurityMode.describe(base.securityMode()) + ".";
            case "Dialects" -> {
                // Servers that apply the pre-3.1.1 rule (greatest common dialect, Samba) accept any list that
                // leads to the dialect they chose, so this names what the path removed, not the exact list.
                int[] sent = base.dialects();
                List<String> removed = new ArrayList<>();
                for (int d : sent) {
                    if (Arrays.stream(ov.dialects()).noneMatch(x -> x == d)) {
                        removed.add(Dialect.name(d));
                    }
                }
                yield "Dialects: the server accepted a VALIDATE listing " + Dialect.names(ov.dialects())
                        + " where the probe offered " + Dialect.names(sent) + ": the path removed "
                        + String.join(", ", removed) + " from the NEGOTIATE request.";
            }
            case "Guid" -> "ClientGuid: the server received " + ov.guid() + " where the probe sent " + base.clientGuid() + ".";
            default -> v.label();
        };
    }

    /** VALIDATE requests that each differ from the NEGOTIATE in one field (the NEGOTIATE stays the baseline's). */
    static List<Variant> validateVariants(ProbeOptions base) {
        List<Variant> out = new ArrayList<>();
        int caps = base.capabilities();
        for (int bit = 1; bit <= Capabilities.ENCRYPTION; bit <<= 1) {
            if ((caps & bit) != 0) {
                String name = Capabilities.names(bit).get(0);
                out.add(validate(base, "VALIDATE with " + name + " cleared", "Capabilities",
                        new ProbeOptions.ValidateOverride(caps & ~bit, null, null, null, name + " cleared")));
            }
        }
        int mode = base.securityMode();
        for (int m : new int[] {SecurityMode.SIGNING_ENABLED, SecurityMode.SIGNING_REQUIRED,
                SecurityMode.SIGNING_ENABLED | SecurityMode.SIGNING_REQUIRED, 0}) {
            if (m != mode) {
                out.add(validate(base, "VALIDATE with SecurityMode " + FieldFormat.securityMode(m), "SecurityMode",
                        new ProbeOptions.ValidateOverride(null, null, m, null, "SecurityMode " + FieldFormat.securityMode(m))));
            }
        }
        int[] ds = base.dialects();
        if (ds.length > 1) {
            for (int i = 0; i < ds.length; i++) {
                int[] fewer = without(ds, i);
                out.add(validate(base, "VALIDATE without dialect " + Dialect.name(ds[i]), "Dialects",
                        new ProbeOptions.ValidateOverride(null, null, null, fewer, "Dialects " + Dialect.names(fewer))));
            }
        }
        for (int bit = 1; bit <= Capabilities.ENCRYPTION; bit <<= 1) {
            if ((caps & bit) == 0) {
                String name = Capabilities.names(bit).get(0);
                out.add(validate(base, "VALIDATE with " + name + " set", "Capabilities",
                        new ProbeOptions.ValidateOverride(caps | bit, null, null, null, name + " set")));
            }
        }
        out.add(validate(base, "VALIDATE with a zero ClientGuid", "Guid",
                new ProbeOptions.ValidateOverride(null, new UUID(0, 0), null, null, "zero ClientGuid")));
        return out;
    }

    private static Variant validate(ProbeOptions base, String label, String field, ProbeOptions.ValidateOverride ov) {
        return new Variant(label, field, true, base.toBuilder().validateOverride(ov).build());
    }

    /** Simpler offers, honest VALIDATE: which of them does the path let through? */
    static List<Variant> offerVariants(ProbeOptions base) {
        List<Variant> out = new ArrayList<>();
        int[] ds = base.dialects();
        if (ds.length > 1) {
            for (int d : ds) {
                if (d == Dialect.SMB_3_1_1) {
                    continue; // 3.1.1 alone never sends VALIDATE: it would pass without proving anything
                }
                out.add(offer(base, "offers only dialect " + Dialect.name(d), "Dialects",
                        base.toBuilder().dialects(d).validateOverride(null)));
            }
            for (int i = 0; i < ds.length; i++) {
                int[] fewer = without(ds, i);
                if (fewer.length > 1) {
                    out.add(offer(base, "does not offer dialect " + Dialect.name(ds[i]), "Dialects",
                            base.toBuilder().dialects(fewer).validateOverride(null)));
                }
            }
        }
        int caps = base.capabilities();
        for (int bit = 1; bit <= Capabilities.ENCRYPTION; bit <<= 1) {
            if ((caps & bit) != 0) {
                out.add(offer(base, "does not offer " + Capabilities.names(bit).get(0), "Capabilities",
                        base.toBuilder().capabilities(caps & ~bit).validateOverride(null)));
            }
        }
        int mode = base.securityMode();
        int other = (mode & SecurityMode.SIGNING_REQUIRED) != 0 ? SecurityMode.SIGNING_ENABLED
                : SecurityMode.SIGNING_ENABLED | SecurityMode.SIGNING_REQUIRED;
        out.add(offer(base, "sends SecurityMode " + SecurityMode.describe(other), "SecurityMode",
                base.toBuilder().securityMode(other).validateOverride(null)));
        return out;
    }

    private static Variant offer(ProbeOptions base, String label, String field, ProbeOptions.Builder b) {
        return new Variant(label, field, false, b.build());
    }

    private static int[] without(int[] a, int index) {
        int[] out = new int[a.length - 1];
        for (int i = 0, j = 0; i < a.length; i++) {
            if (i != index) {
                out[j++] = a[i];
            }
        }
        return out;
    }
}
