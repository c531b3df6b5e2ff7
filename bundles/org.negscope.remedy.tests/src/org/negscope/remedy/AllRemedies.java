package org.negscope.remedy;

import java.util.ArrayList;
import java.util.List;
import org.negscope.analysis.Difference;
import org.negscope.analysis.Verdict;

/** Every remedy the advisor can produce for the synthetic reports: each verdict, fatal or not, on each OS family. */
final class AllRemedies {
    private AllRemedies() {}

    private static List<Remedy> cache;

    /** Computed once per test run (a few thousand remedies) and shared by the test classes. */
    static synchronized List<Remedy> all() {
        if (cache != null) {
            return cache;
        }
        List<Remedy> out = new ArrayList<>();
        Difference[] diffs = {Reports.SIGNING_STRIPPED, Reports.CAPS_MASKED, Reports.DIALECTS_CUT};
        for (Verdict v : Verdict.values()) {
            for (boolean fatal : new boolean[] {false, true}) {
                for (HostOs client : Reports.allFamilies()) {
                    out.add(RemedyAdvisor.advise(Reports.synthetic(v, fatal, diffs), client, HostOs.unknown()));
                }
            }
        }
        // The server OS only changes the server-side signing advice: vary it on one verdict with and without differences.
        for (HostOs server : List.of(Reports.server2022(), Reports.win11_24h2(), Reports.samba(), Reports.win7())) {
            for (HostOs client : Reports.allFamilies()) {
                out.add(RemedyAdvisor.advise(Reports.synthetic(Verdict.SERVER_TERMINATED, true), client, server));
                out.add(RemedyAdvisor.advise(Reports.synthetic(Verdict.RESPONSE_MISMATCH, true, diffs), client, server));
            }
        }
        cache = List.copyOf(out);
        return cache;
    }

    /** Each distinct script once (most differ only in their "Generated" comment line). */
    static List<Script> distinctScripts() {
        java.util.Map<String, Script> byContent = new java.util.LinkedHashMap<>();
        for (Remedy r : all()) {
            for (Script s : r.scripts()) {
                byContent.putIfAbsent(s.content(), s);
            }
        }
        return List.copyOf(byContent.values());
    }

    /** All text a person reads except the scripts: headline, recommendations, vendor questions. */
    static String allText(Remedy r) {
        StringBuilder sb = new StringBuilder(r.headline()).append('\n');
        for (Recommendation x : r.recommendations()) {
            sb.append(x.title()).append('\n').append(x.why()).append('\n').append(x.risk()).append('\n').append(x.appliesTo()).append('\n');
        }
        for (VendorQuestions q : r.vendorQuestions()) {
            sb.append(q.audience()).append('\n').append(q.intro()).append('\n');
            q.questions().forEach(s -> sb.append(s).append('\n'));
        }
        return sb.toString();
    }
}
