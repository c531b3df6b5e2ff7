package org.negscope.remedy;

import java.util.List;
import java.util.Objects;

/**
 * What to ask a third party whose product sits in (or at the end of) the SMB path.
 *
 * @param audience  who to ask ("WAN accelerator / SMB proxy vendor", "SMB server (NAS) vendor")
 * @param intro     one paragraph of context to paste into the ticket
 * @param questions the questions, one per entry
 */
public record VendorQuestions(String audience, String intro, List<String> questions) {
    public VendorQuestions {
        Objects.requireNonNull(audience, "audience");
        intro = intro == null ? "" : intro;
        questions = List.copyOf(questions);
    }
}
