package org.negscope.remedy;

import java.util.List;
import java.util.Objects;
import org.negscope.analysis.Verdict;

/**
 * What to do about one connection's verdict on one client OS: advice in order, the scripts that carry it
 * out (every APPLY has its REVERT), and what to ask vendors. Built by {@link RemedyAdvisor}.
 *
 * @param verdict         the verdict this remedy answers
 * @param client          the client OS it was tailored to
 * @param server          the server OS as far as known
 * @param headline        one sentence: what to do first (or that nothing needs fixing)
 * @param recommendations ordered, most useful first
 * @param scripts         apply/revert pairs referenced by the recommendations
 * @param vendorQuestions questions for third parties, empty when none is implicated
 */
public record Remedy(Verdict verdict, HostOs client, HostOs server, String headline, List<Recommendation> recommendations,
                     List<Script> scripts, List<VendorQuestions> vendorQuestions) {
    public Remedy {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(headline, "headline");
        recommendations = List.copyOf(recommendations);
        scripts = List.copyOf(scripts);
        vendorQuestions = List.copyOf(vendorQuestions);
    }

    /** The script with this file name, or null. */
    public Script script(String fileName) {
        for (Script s : scripts) {
            if (s.fileName().equals(fileName)) {
                return s;
            }
        }
        return null;
    }

    /** The recommendation with this id, or null. */
    public Recommendation recommendation(String id) {
        for (Recommendation r : recommendations) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        return null;
    }
}
