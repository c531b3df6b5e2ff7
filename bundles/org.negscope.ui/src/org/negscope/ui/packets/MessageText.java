package org.negscope.ui.packets;

import org.negscope.analysis.SignatureChecks;
import org.negscope.ui.VerdictText;

/**
 * The words the packet-detail view shows about messages: the Signature column, the line above the field tree
 * (frame, direction, command, status, size, signature check) and the count of the complete list.
 */
final class MessageText {
    private MessageText() {}

    /** The Signature column: VALID with its algorithm, INVALID with expected and found, UNVERIFIED with why, or why there is no check. */
    static String signatureCell(MessageEntry e) {
        if (e.message() == null) {
            return "encrypted (give credentials to decrypt)";
        }
        if (e.isDecrypted()) {
            return "came encrypted (sealed, so authenticated)";
        }
        if (!e.isSigned()) {
            return "UNSIGNED";
        }
        MessageSignature s = e.signature();
        return s == null ? "signed (not checked: no credentials)" : s.status() == MessageSignature.Status.VALID
                ? "VALID (" + s.algorithm() + ")" : s.text(); // INVALID with expected and found, UNVERIFIED with why
    }

    /** The message line's signature: the check with expected and found, and for INVALID the analysis' credentials hint. */
    static String signatureLine(MessageEntry e, SignatureChecks checks) {
        MessageSignature s = e.signature();
        if (s == null) {
            return signatureCell(e);
        }
        return s.text() + (s.status() == MessageSignature.Status.INVALID && checks.credentialsHint() != null
                ? " \u2014 " + checks.credentialsHint() : "");
    }

    /** "Frame N · client → server · command · status · size", then the signature line. */
    static String messageLine(MessageEntry e, SignatureChecks checks) {
        StringBuilder line = new StringBuilder("Frame ").append(e.frame()).append(" \u00b7 ").append(e.fromClient()
                ? "client \u2192 server" : "server \u2192 client").append(" \u00b7 ").append(e.title());
        if (!e.status().isEmpty()) {
            line.append(" \u00b7 ").append(e.status());
        }
        line.append(" \u00b7 ").append(e.length()).append(" bytes");
        if (e.bytes().length < e.length()) {
            line.append(" (").append(e.bytes().length).append(" kept)");
        }
        line.append("\nSignature: ").append(signatureLine(e, checks));
        return line.toString();
    }

    /** The status of a complete list: how many messages, signed, decrypted, still encrypted, the checks' counts, what is missing. */
    static String listStatus(ConnectionMessages all) {
        SignatureChecks checks = all.checks();
        long signed = all.entries().stream().filter(MessageEntry::isSigned).count();
        long decrypted = all.entries().stream().filter(MessageEntry::isDecrypted).count();
        long sealed = all.entries().stream().filter(e -> e.message() == null).count();
        return all.entries().size() + " message(s), " + signed + " signed" + (decrypted > 0 ? ", " + decrypted + " decrypted" : "")
                + (sealed > 0 ? ", " + sealed + " encrypted" : "") + (checks.checked() ? ": " + VerdictText.signatureCounts(checks) : "")
                + (all.note().isEmpty() ? "" : "; " + all.note());
    }
}
