package org.negscope.analysis;

import java.util.List;

/**
 * The decision about one connection, without its words: which verdict rule applied ({@link Rule}, which fixes verdict,
 * fatality and MS-SMB2 section) and the facts its sentence names. {@link VerdictRules} makes it, {@link VerdictWording}
 * writes its summary and what the capture lacks, {@link Diagnosis} builds the report from both.
 */
final class Finding {
    static final String SPEC_CLIENT = "MS-SMB2 3.2.5.14.12";
    static final String SPEC_SERVER = "MS-SMB2 3.3.5.15.12";
    /** The client decides to validate when it processes the TREE_CONNECT response. */
    static final String SPEC_TREE_CONNECT = "MS-SMB2 3.2.5.5";

    /** Each case of the verdict rules (docs/protocol.md, "Verdict rules"), in the order they are tried. */
    enum Rule {
        // a VALIDATE exchange, answered
        RESPONSE_UNSIGNED(Verdict.RESPONSE_UNSIGNED, true, SPEC_CLIENT),
        SIGNATURE_INVALID(Verdict.SIGNATURE_INVALID, true, SPEC_CLIENT),
        ACCESS_DENIED(Verdict.SERVER_REFUSED, true, SPEC_CLIENT),
        ERROR_ACCEPTED(Verdict.SERVER_REFUSED, false, SPEC_CLIENT),
        RESPONSE_UNREADABLE(Verdict.INCOMPLETE, false, SPEC_CLIENT),
        NO_NEGOTIATE_RESPONSE(Verdict.INCOMPLETE, false, SPEC_CLIENT),
        RESPONSE_DIFFERS(Verdict.RESPONSE_MISMATCH, true, SPEC_CLIENT),
        REQUEST_DIFFERS_ANSWERED(Verdict.REQUEST_MISMATCH, true, SPEC_SERVER),
        VALIDATED(Verdict.VALIDATED, false, SPEC_CLIENT),
        // a VALIDATE request, unanswered
        REQUEST_UNREADABLE(Verdict.INCOMPLETE, false, SPEC_SERVER),
        REQUEST_DIFFERS(Verdict.REQUEST_MISMATCH, true, SPEC_SERVER),
        SERVER_DROPPED_ON_311(Verdict.SERVER_TERMINATED, true, SPEC_SERVER),
        SERVER_DROPPED_SHORT_OUTPUT(Verdict.SERVER_TERMINATED, true, SPEC_SERVER),
        SERVER_DROPPED_NO_NEGOTIATE(Verdict.INCOMPLETE, false, SPEC_SERVER),
        SERVER_DROPPED_REWRITTEN(Verdict.SERVER_TERMINATED, true, SPEC_SERVER),
        CLIENT_CLOSED_UNANSWERED(Verdict.INCOMPLETE, false, SPEC_SERVER),
        SERVER_BYTES_MISSING(Verdict.INCOMPLETE, false, SPEC_CLIENT),
        ENDS_BEFORE_RESPONSE(Verdict.INCOMPLETE, false, SPEC_CLIENT),
        // one direction only
        ONLY_CLIENT_SIDE(Verdict.INCOMPLETE, false, SPEC_CLIENT),
        ONLY_SERVER_SIDE(Verdict.INCOMPLETE, false, SPEC_SERVER),
        // no VALIDATE exchange in cleartext
        SMB1_ONLY(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT),
        NEGOTIATE_UNANSWERED(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT),
        ENDS_AFTER_WILDCARD(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT),
        STARTS_AFTER_NEGOTIATE(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT),
        NEGOTIATE_FAILED(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT),
        DIALECT_311(Verdict.NOT_APPLICABLE, false, SPEC_SERVER),
        UNKNOWN_DIALECT(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT),
        CLIENT_2X_ONLY(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT),
        SESSION_FAILED(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT),
        CLOSED_BEFORE_SESSION(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT),
        ENDS_BEFORE_SESSION(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT),
        GUEST_OR_ANONYMOUS(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT),
        ENCRYPTED(Verdict.ENCRYPTED, false, SPEC_CLIENT),
        TREE_CONNECT_FAILED(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT),
        CLOSED_BEFORE_TREE_CONNECT(Verdict.NOT_APPLICABLE, false, SPEC_TREE_CONNECT),
        ENDS_BEFORE_TREE_CONNECT(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT),
        ENDS_AT_TREE_CONNECT(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT),
        OFFER_UNKNOWN(Verdict.INCOMPLETE, false, SPEC_TREE_CONNECT),
        NOT_SENT(Verdict.NOT_SENT, false, SPEC_TREE_CONNECT);

        final Verdict verdict;
        final boolean fatal;
        final String spec;

        Rule(Verdict verdict, boolean fatal, String spec) {
            this.verdict = verdict;
            this.fatal = fatal;
            this.spec = spec;
        }
    }

    Rule rule;
    /** The judged VALIDATE exchange; null when there is none in cleartext. */
    ValidateExchange exchange;
    /** The client's (request side) and the server's (response side) differences; {@link #differences} is both. */
    List<Difference> request = List.of(), response = List.of(), differences = List.of();
    SignatureStatus signature = SignatureStatus.NONE;
    /** The TCP close the sentence names (the first after the reference frame). */
    TcpClose close;
    /** What the client offered (cases on dialects 2.0.2 / 2.1 and NOT_SENT). */
    ClientOffer offer;
    /** The session a case names: the successful one, or the failed one (SESSION_FAILED). */
    SessionFacts session;

    Finding set(Rule r) {
        this.rule = r;
        return this;
    }

    Verdict verdict() { return rule.verdict; }

    boolean fatal() { return rule.fatal; }
}
