package org.negscope.remedy;

import java.util.List;
import java.util.Objects;

/**
 * One piece of advice, in the order the engineer should consider it.
 *
 * @param id          stable key ("fix-path", "require-signing", ...) for UIs and tests
 * @param title       the advice in one line
 * @param why         why it applies to this connection (names fields, values and frames where known)
 * @param risk        security / performance note; never empty for a change that weakens anything
 * @param appliesTo   which machines or devices it concerns
 * @param scriptFiles file names of the {@link Script}s that carry it out (apply and revert), possibly none
 */
public record Recommendation(String id, String title, String why, String risk, String appliesTo, List<String> scriptFiles) {
    public Recommendation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        why = why == null ? "" : why;
        risk = risk == null ? "" : risk;
        appliesTo = appliesTo == null ? "" : appliesTo;
        scriptFiles = scriptFiles == null ? List.of() : List.copyOf(scriptFiles);
    }
}
