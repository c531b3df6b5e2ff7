package org.negscope.ui.sidebyside;

/**
 * One line of a side-by-side table: a field the VALIDATE exchange must repeat, its value in the NEGOTIATE
 * message, its value in the VALIDATE message, and whether they agree. Plain data, so tests can check the
 * model without a display.
 */
public record FieldRow(String field, String negotiate, String validate, Match match) {

    /** How the two values compare; {@link #text()} is what the Match column shows (never colour alone). */
    public enum Match {
        SAME("= same"),
        DIFFERS("\u2260 differs"),
        /** One side is missing or could not be decoded: nothing to compare. */
        UNKNOWN("\u2014 n/a");

        private final String text;
        Match(String text) { this.text = text; }
        public String text() { return text; }
    }

    public boolean differs() { return match == Match.DIFFERS; }

    /**
     * The Match column: for a differing Capabilities or SecurityMode value, which flags differ ("≠ PERSISTENT_HANDLES
     * cleared": the flag lists themselves may be cut off by the value columns' width), else {@link Match#text()}.
     */
    public String matchText() {
        String flags = differs() ? org.negscope.analysis.FlagChanges.of(field, negotiate, validate) : null;
        return flags == null ? match.text() : "≠ " + flags;
    }
}
