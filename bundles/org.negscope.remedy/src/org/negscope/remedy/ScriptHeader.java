package org.negscope.remedy;

/**
 * The comment block every generated file starts with: what it changes, why, the security note, where it
 * applies and how to undo it. An administrator reading only the file must be able to decide to run it.
 */
record ScriptHeader(String title, String what, String why, String security, String revertSecurity, String appliesTo,
                    String generatedFrom) {

    /**
     * Writes the block with {@code marker} ("#" or ";"). For an APPLY file {@code revert} says how to undo it; for a
     * REVERT file it says what the file does (it replaces "What", and the revert's own security note is used).
     */
    void write(ScriptText t, String marker, String fileName, Script.Purpose purpose, String runOn, String revert) {
        boolean apply = purpose == Script.Purpose.APPLY;
        String rule = marker + " " + "=".repeat(96);
        t.line(rule);
        t.comment(marker, "", "NegScope remedy: " + title + (apply ? " (APPLY)" : " (REVERT)"));
        t.comment(marker, "File", fileName + " - run on " + runOn + ", as administrator.");
        t.comment(marker, "What", apply ? what : "undoes " + revert);
        t.comment(marker, "Why", why);
        t.comment(marker, "Security", apply ? security : revertSecurity);
        t.comment(marker, "Applies to", appliesTo);
        if (apply) {
            t.comment(marker, "Revert", revert);
        }
        if (generatedFrom != null && !generatedFrom.isEmpty()) {
            t.comment(marker, "Generated", generatedFrom);
        }
        t.line(rule);
    }
}
