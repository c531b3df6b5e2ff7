package org.negscope.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.negscope.smb2.Field;
import org.negscope.smb2.FieldTree;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2Message;

/**
 * Two-point analysis: finds the connections that a client-side and a server-side capture both show, and lists
 * what the path between the capture points changed in NEGOTIATE and VALIDATE_NEGOTIATE_INFO, field by field and
 * byte by byte. This is the proof a single capture cannot give: a VALIDATE failure says that someone rewrote
 * NEGOTIATE, the pair says who (the middlebox between the capture points) and what.
 * <p>
 * Matching cannot use addresses or ports (a proxy or NAT changes them). It uses what the middlebox passes on:
 * the ClientGuid of the NEGOTIATE request (or, when a capture starts later, of a VALIDATE request, which is
 * signed and therefore unchanged), the MessageIds of the NEGOTIATE and SESSION_SETUP exchanges, and the order in
 * time — the captures' clocks may differ, so time is compared after removing the typical offset between them.
 * Windows uses one ClientGuid for all its connections, so several connections may share one: then the
 * MessageIds and the time order decide.
 */
public final class TwoPointMatcher {
    /** Byte differences listed per message; the rest are counted. */
    public static final int MAX_BYTE_CHANGES = 64;
    /** NEGOTIATE / SESSION_SETUP messages compared to tell connections apart. */
    static final int FINGERPRINT = 8;
    /** Connections without a ClientGuid (capture started late) match only with this many agreeing messages. */
    static final int MIN_FINGERPRINT_WITHOUT_GUID = 3;

    private TwoPointMatcher() {}

    public static TwoPointResult match(AnalysisResult clientSide, AnalysisResult serverSide) {
        return match(clientSide.connections(), serverSide.connections());
    }

    /** Evidence names ({@code pairs[].matchedBy} in JSON), strongest first. */
    public static final String BY_NTLM = "NtlmChallengeResponse";
    public static final String BY_KERBEROS = "KerberosApReq";
    public static final String BY_SESSION_ID = "SessionId";
    public static final String BY_CLIENT_GUID = "ClientGuid";
    public static final String BY_MESSAGE_IDS = "MessageIds";
    public static final String BY_TIMING = "Timing";
    /** Strengths ({@code pairs[].matchStrength}). */
    public static final String EXACT = "exact", STRONG = "strong", WEAK = "weak";
    /** A weak (MessageIds only) candidate must start within this of the typical clock offset, when one is known. */
    static final long WEAK_WINDOW_NANOS = 2_000_000_000L;
    /** "Timing" is named as evidence when the pair starts within this of the typical clock offset. */
    static final long TIMING_WINDOW_NANOS = 1_000_000_000L;

    /**
     * Matches the connections of a client-side capture with those of a server-side capture. Evidence, strongest first:
     * the NTLM server challenge together with the AUTHENTICATE's NT response, or the Kerberos AP-REQ (both unique per
     * session, and a path cannot change them without breaking authentication: exact); a server-assigned SessionId or
     * the ClientGuid (strong); the MessageIds of the NEGOTIATE and SESSION_SETUP messages with the start times after the
     * typical clock offset (weak). A contradiction in the strong evidence (different challenges, no common SessionId)
     * rules a pair out, whatever else agrees. See docs/protocol.md, "Two-point matching".
     */
    public static TwoPointResult match(List<ConnectionReport> clientSide, List<ConnectionReport> serverSide) {
        List<List<String>> fpC = clientSide.stream().map(TwoPointMatcher::fingerprint).toList();
        List<List<String>> fpS = serverSide.stream().map(TwoPointMatcher::fingerprint).toList();
        record Candidate(int c, int s, int agree, boolean conflict, long delta, List<String> evidence, int rank) {}
        List<Candidate> cands = new ArrayList<>();
        for (int i = 0; i < clientSide.size(); i++) {
            for (int j = 0; j < serverSide.size(); j++) {
                ConnectionReport c = clientSide.get(i);
                ConnectionReport s = serverSide.get(j);
                MatchKeys kc = c.matchKeys();
                MatchKeys ks = s.matchKeys();
                if (contradicts(kc.ntlmChallenge(), ks.ntlmChallenge()) || contradicts(kc.ntlmResponse(), ks.ntlmResponse())
                        || contradicts(kc.kerberosApReq(), ks.kerberosApReq())
                        || !kc.sessionIds().isEmpty() && !ks.sessionIds().isEmpty()
                           && kc.sessionIds().stream().noneMatch(ks.sessionIds()::contains)) {
                    continue;
                }
                int agree = agreeing(fpC.get(i), fpS.get(j));
                boolean conflict = agree < Math.min(fpC.get(i).size(), fpS.get(j).size());
                List<String> ev = new ArrayList<>(5);
                if (kc.ntlmChallenge() != null && kc.ntlmResponse() != null && kc.ntlmChallenge().equals(ks.ntlmChallenge())
                        && kc.ntlmResponse().equals(ks.ntlmResponse())) {
                    ev.add(BY_NTLM);
                }
                if (kc.kerberosApReq() != null && kc.kerberosApReq().equals(ks.kerberosApReq())) {
                    ev.add(BY_KERBEROS);
                }
                if (kc.sessionIds().stream().anyMatch(ks.sessionIds()::contains)) {
                    ev.add(BY_SESSION_ID);
                }
                if (c.clientGuid() != null && c.clientGuid().equals(s.clientGuid())) {
                    ev.add(BY_CLIENT_GUID);
                }
                if (!conflict && agree >= MIN_FINGERPRINT_WITHOUT_GUID) {
                    ev.add(BY_MESSAGE_IDS);
                }
                int rank = ev.contains(BY_NTLM) || ev.contains(BY_KERBEROS) ? 0
                        : ev.contains(BY_SESSION_ID) || ev.contains(BY_CLIENT_GUID) ? 1 : ev.contains(BY_MESSAGE_IDS) ? 2 : -1;
                if (rank >= 0) {
                    cands.add(new Candidate(i, j, agree, conflict, s.startTimeNanos() - c.startTimeNanos(), ev, rank));
                }
            }
        }
        // The clock offset from the candidates that stronger evidence supports; weak ones only when there are no others.
        List<Candidate> sure = cands.stream().filter(k -> k.rank() < 2).toList();
        long offset = clockOffset((sure.isEmpty() ? cands : sure).stream().map(k -> new long[] {k.c(), k.s(), k.delta()}).toList());
        boolean offsetKnown = !sure.isEmpty();
        cands.sort(Comparator.comparingInt(Candidate::rank).thenComparing(Candidate::conflict)
                .thenComparing(k -> -k.evidence().size())
                .thenComparingLong(k -> Math.abs(k.delta() - offset)).thenComparingInt(Candidate::c).thenComparingInt(Candidate::s));
        boolean[] usedC = new boolean[clientSide.size()];
        boolean[] usedS = new boolean[serverSide.size()];
        List<Candidate> chosen = new ArrayList<>();
        for (Candidate k : cands) {
            if (k.rank() == 2 && offsetKnown && Math.abs(k.delta() - offset) > WEAK_WINDOW_NANOS) {
                continue; // MessageIds alone repeat on every connection of a client: only near the known offset
            }
            if (!usedC[k.c()] && !usedS[k.s()]) {
                usedC[k.c()] = true;
                usedS[k.s()] = true;
                chosen.add(k);
            }
        }
        chosen.sort(Comparator.comparingInt(Candidate::c));
        List<ConnectionPair> pairs = new ArrayList<>(chosen.size());
        for (Candidate k : chosen) {
            ConnectionReport c = clientSide.get(k.c());
            ConnectionReport s = serverSide.get(k.s());
            List<String> ev = new ArrayList<>(k.evidence());
            if (Math.abs(k.delta() - offset) <= TIMING_WINDOW_NANOS) {
                ev.add(BY_TIMING);
            }
            String strength = k.rank() == 0 ? EXACT : k.rank() == 1 ? STRONG : WEAK;
            List<String> said = new ArrayList<>(6);
            if (ev.contains(BY_NTLM)) {
                said.add("the NTLM server challenge and the AUTHENTICATE's NT response are the same at both points");
            }
            if (ev.contains(BY_KERBEROS)) {
                said.add("the Kerberos AP-REQ is the same at both points");
            }
            if (ev.contains(BY_SESSION_ID)) {
                long id = c.matchKeys().sessionIds().stream().filter(s.matchKeys().sessionIds()::contains).findFirst().orElse(0L);
                said.add(String.format("SessionId 0x%016x (assigned by the server)", id));
            }
            if (ev.contains(BY_CLIENT_GUID)) {
                said.add("ClientGuid " + c.clientGuid());
            } else if (c.clientGuid() != null && s.clientGuid() != null) {
                said.add("the ClientGuid differs (" + c.clientGuid() + " at the client, " + s.clientGuid() + " at the server)");
            }
            if (k.agree() > 0) {
                said.add("MessageIds of " + k.agree() + " NEGOTIATE/SESSION_SETUP messages agree");
            }
            said.add("server side starts " + signedDuration(k.delta()) + " after the client side"
                    + (offset != 0 ? " (typical offset between the captures " + signedDuration(offset) + ")" : ""));
            String by = strength + " match: " + String.join(", ", said);
            pairs.add(compare(c, s, by, ev, strength));
        }
        List<ConnectionReport> restC = new ArrayList<>();
        List<ConnectionReport> restS = new ArrayList<>();
        for (int i = 0; i < clientSide.size(); i++) {
            if (!usedC[i]) restC.add(clientSide.get(i));
        }
        for (int j = 0; j < serverSide.size(); j++) {
            if (!usedS[j]) restS.add(serverSide.get(j));
        }
        return new TwoPointResult(pairs, restC, restS);
    }

    private static boolean contradicts(String a, String b) {
        return a != null && b != null && !a.equals(b);
    }

    /**
     * The typical clock offset between the captures: the median start-time difference of the candidates that are
     * each other's only candidate; failing that, of all candidates; 0 when there are none.
     */
    private static long clockOffset(List<long[]> cands) {
        Map<Long, Integer> perC = new HashMap<>();
        Map<Long, Integer> perS = new HashMap<>();
        for (long[] k : cands) {
            perC.merge(k[0], 1, Integer::sum);
            perS.merge(k[1], 1, Integer::sum);
        }
        long[] unique = cands.stream().filter(k -> perC.get(k[0]) == 1 && perS.get(k[1]) == 1).mapToLong(k -> k[2]).sorted().toArray();
        long[] all = cands.stream().mapToLong(k -> k[2]).sorted().toArray();
        long[] use = unique.length > 0 ? unique : all;
        return use.length == 0 ? 0 : use[use.length / 2];
    }

    /** "command:MessageId:request|response" of the first NEGOTIATE and SESSION_SETUP messages of the timeline. */
    static List<String> fingerprint(ConnectionReport r) {
        List<String> out = new ArrayList<>(FINGERPRINT);
        for (TimelineEvent e : r.timelineEvents()) {
            if (out.size() >= FINGERPRINT) {
                break;
            }
            boolean smb2 = e.kind() == TimelineEvent.Kind.SMB2_REQUEST || e.kind() == TimelineEvent.Kind.SMB2_RESPONSE;
            if (smb2 && (e.command().equals(Smb2Command.name(Smb2Command.NEGOTIATE))
                    || e.command().equals(Smb2Command.name(Smb2Command.SESSION_SETUP)))) {
                out.add(e.command() + ":" + e.messageId() + ":" + (e.kind() == TimelineEvent.Kind.SMB2_REQUEST ? "request" : "response"));
            }
        }
        return out;
    }

    private static int agreeing(List<String> a, List<String> b) {
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) {
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------ one pair

    /** Compares the messages of one matched connection. Requests are sent by the client, responses by the server. */
    static ConnectionPair compare(ConnectionReport c, ConnectionReport s, String matchedBy) {
        return compare(c, s, matchedBy, List.of(), WEAK);
    }

    static ConnectionPair compare(ConnectionReport c, ConnectionReport s, String matchedBy, List<String> evidence, String strength) {
        List<ConnectionPair.Change> changes = new ArrayList<>();
        List<ConnectionPair.ByteChange> bytes = new ArrayList<>();
        int[] omitted = {0};
        message("NEGOTIATE request", c.negotiateRequest(), s.negotiateRequest(), changes, bytes, omitted);
        message("NEGOTIATE response", s.negotiateResponse(), c.negotiateResponse(), changes, bytes, omitted);
        List<ValidateMessages> vc = c.validateExchanges();
        List<ValidateMessages> vs = s.validateExchanges();
        // Pair VALIDATE exchanges by MessageId (a transparent middlebox keeps them), else by position.
        List<ValidateMessages> sLeft = new ArrayList<>(vs);
        int n = 0;
        for (ValidateMessages a : vc) {
            ValidateMessages b = null;
            for (ValidateMessages x : sLeft) {
                if (x.messageId() == a.messageId()) {
                    b = x;
                    break;
                }
            }
            if (b == null && !sLeft.isEmpty() && sLeft.stream().noneMatch(x -> vc.stream().anyMatch(y -> y.messageId() == x.messageId()))) {
                b = sLeft.get(0);
            }
            if (b != null) {
                sLeft.remove(b);
            }
            String suffix = n++ == 0 ? "" : ", MessageId " + a.messageId();
            message("VALIDATE request" + suffix, a.request(), b == null ? null : b.request(), changes, bytes, omitted);
            message("VALIDATE response" + suffix, b == null ? null : b.response(), a.response(), changes, bytes, omitted);
        }
        for (ValidateMessages b : sLeft) {
            String suffix = n++ == 0 ? "" : ", MessageId " + b.messageId();
            message("VALIDATE request" + suffix, null, b.request(), changes, bytes, omitted);
            message("VALIDATE response" + suffix, b.response(), null, changes, bytes, omitted);
        }
        String middlebox = middlebox(c, s);
        return new ConnectionPair(c, s, matchedBy, evidence, strength, middlebox, changes, bytes, omitted[0], summary(c, s, changes));
    }

    private static void message(String label, Smb2Message sent, Smb2Message received, List<ConnectionPair.Change> changes,
                                List<ConnectionPair.ByteChange> bytes, int[] omitted) {
        if (sent == null && received == null) {
            return;
        }
        if (sent == null || received == null) {
            boolean isRequest = label.contains("request");
            changes.add(new ConnectionPair.Change(label, "(message)", sent == null ? "(not in the " + (isRequest ? "client" : "server")
                    + "-side capture)" : "frame " + sent.lastFrame(), received == null ? "(not in the " + (isRequest ? "server" : "client")
                    + "-side capture)" : "frame " + received.lastFrame(), sent == null ? 0 : sent.lastFrame(),
                    received == null ? 0 : received.lastFrame(), -1, sent == null
                            ? "the receiver got a message its peer never sent: the middlebox made it up (or the sending side's capture missed it)"
                            : "the message did not arrive: the middlebox dropped it (or the receiving side's capture stopped before it)"));
            return;
        }
        Field a;
        int before = changes.size();
        try {
            a = FieldTree.describe(sent);
            Field b = FieldTree.describe(received);
            for (int i = 0; i < Math.min(a.children().size(), b.children().size()); i++) {
                diff(label, a.children().get(i), b.children().get(i), a.children(), b.children(), i, "", sent, received, changes);
            }
        } catch (RuntimeException e) {
            // A decoder defect must not cost the comparison: the byte view below still shows what changed.
            a = new Field(label, 0, 0, "");
        }
        if (sent.length() != received.length()) {
            changes.add(new ConnectionPair.Change(label, "(length)", Long.toString(sent.length()), Long.toString(received.length()),
                    sent.lastFrame(), received.lastFrame(), -1, "the message is " + Math.abs(sent.length() - received.length())
                            + (received.length() < sent.length() ? " bytes shorter" : " bytes longer") + " after the path"));
        }
        byte[] x = sent.bytes();
        byte[] y = received.bytes();
        int listed = 0;
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i] != y[i]) {
                if (listed++ < MAX_BYTE_CHANGES) {
                    bytes.add(new ConnectionPair.ByteChange(label, i, x[i] & 0xff, y[i] & 0xff, innermost(a, i, "")));
                } else {
                    omitted[0]++;
                }
            }
        }
        if (changes.size() == before && listed > 0) {
            // Bytes differ where no decoded field does (e.g. padding): still a change the user must see.
            changes.add(new ConnectionPair.Change(label, "(bytes)", listed + " bytes differ", "", sent.lastFrame(), received.lastFrame(),
                    -1, "bytes outside the decoded fields differ"));
        }
    }

    /** Walks two packet-detail trees side by side; a node whose value differs is reported whole. */
    private static void diff(String label, Field a, Field b, List<Field> siblingsA, List<Field> siblingsB, int index, String prefix,
                             Smb2Message sent, Smb2Message received, List<ConnectionPair.Change> out) {
        String name = prefix + indexed(a.name(), siblingsA, index);
        String childPrefix = a.name().equals("SMB2 Header") ? "Header." : prefix;
        boolean valuesEqual = Objects.equals(a.value(), b.value());
        boolean aligned = a.name().equals(b.name()) && a.children().size() == b.children().size();
        for (int i = 0; aligned && i < a.children().size(); i++) {
            aligned = a.children().get(i).name().equals(b.children().get(i).name());
        }
        boolean structural = a.value() == null || a.value().isEmpty();
        if (!a.children().isEmpty() && aligned && (structural || valuesEqual)) {
            for (int i = 0; i < a.children().size(); i++) {
                diff(label, a.children().get(i), b.children().get(i), a.children(), b.children(), i, childPrefix, sent, received, out);
            }
            return;
        }
        if (valuesEqual && aligned) {
            return;
        }
        String sv = shortValue(a.value());
        String rv = a.name().equals(b.name()) ? shortValue(b.value()) : b.name() + ": " + shortValue(b.value());
        out.add(new ConnectionPair.Change(label, name, sv, rv, sent.lastFrame(), received.lastFrame(), a.offset(), note(a.name(), sv, rv)));
    }

    /** "Dialect[2]" when the name repeats among its siblings. */
    private static String indexed(String name, List<Field> siblings, int index) {
        int count = 0;
        int position = 0;
        for (int i = 0; i < siblings.size(); i++) {
            if (siblings.get(i).name().equals(name)) {
                if (i < index) position++;
                count++;
            }
        }
        return count > 1 ? name + "[" + position + "]" : name;
    }

    /** The deepest field holding this offset, e.g. "Capabilities" or "Header.Signature"; null when none does. */
    private static String innermost(Field f, int offset, String prefix) {
        for (int i = 0; i < f.children().size(); i++) {
            Field c = f.children().get(i);
            if (offset >= c.offset() && offset < c.offset() + c.length()) {
                String inner = innermost(c, offset, c.name().equals("SMB2 Header") ? "Header." : prefix);
                return inner != null ? inner : prefix + indexed(c.name(), f.children(), i);
            }
        }
        return null;
    }

    /** "0x0000004b" of "0x0000004b (DFS|LEASING|...)": the docs/cli.md form; other values as the tree shows them. */
    static String shortValue(String v) {
        if (v == null) {
            return "";
        }
        int p = v.indexOf(" (");
        return v.startsWith("0x") && p > 0 ? v.substring(0, p) : v;
    }

    /** What a changed flag field means, e.g. "LARGE_MTU cleared by the path". */
    private static String note(String field, String sent, String received) {
        if (field.equals("Capabilities") || field.equals("SecurityMode")) {
            // what the sender sent stands where FlagChanges reads the VALIDATE value (the value the peer really sent)
            List<String> cleared = FlagChanges.cleared(field, received, sent);
            List<String> set = FlagChanges.set(field, received, sent);
            if (cleared == null || set == null) {
                return "";
            }
            List<String> parts = new ArrayList<>(2);
            if (!cleared.isEmpty()) parts.add(String.join(", ", cleared) + " cleared by the path");
            if (!set.isEmpty()) parts.add(String.join(", ", set) + " set by the path");
            return String.join("; ", parts);
        }
        if (field.equals("Dialects")) {
            List<String> a = Arrays.asList(strip(sent).split(",\\s*"));
            List<String> b = Arrays.asList(strip(received).split(",\\s*"));
            List<String> removed = a.stream().filter(d -> !d.isEmpty() && !b.contains(d)).toList();
            List<String> added = b.stream().filter(d -> !d.isEmpty() && !a.contains(d)).toList();
            List<String> parts = new ArrayList<>(2);
            if (!removed.isEmpty()) parts.add(String.join(", ", removed) + " removed by the path");
            if (!added.isEmpty()) parts.add(String.join(", ", added) + " added by the path");
            return String.join("; ", parts);
        }
        if (field.equals("Header.Signature")) {
            return "the signature was changed on the way: the receiver's check fails unless the middlebox holds the session key";
        }
        if (field.equals("Header.Status")) {
            return "the middlebox replaced the status the sender gave";
        }
        return "";
    }

    private static String strip(String list) {
        String t = list.trim();
        return t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t;
    }

    /** Names the device between the capture points by the addresses each side saw. */
    static String middlebox(ConnectionReport c, ConnectionReport s) {
        String where = "the middlebox between the client-side capture point (" + c.client() + " -> " + c.server()
                + ") and the server-side capture point (" + s.client() + " -> " + s.server() + ")";
        if (Objects.equals(c.client(), s.client()) && Objects.equals(c.server(), s.server())) {
            return where + "; both sides show the same addresses, so it is transparent (a WAN accelerator or inline device)";
        }
        return where + "; it answers the client as " + c.server() + " and reaches the server from " + s.client()
                + " (a proxy, WAN accelerator or NAT)";
    }

    private static String summary(ConnectionReport c, ConnectionReport s, List<ConnectionPair.Change> changes) {
        if (changes.isEmpty()) {
            boolean any = c.negotiateRequest() != null || c.negotiateResponse() != null || !c.validateExchanges().isEmpty();
            return any ? "Nothing changed between the capture points: NEGOTIATE and VALIDATE arrived byte for byte as they were sent"
                    + " (client side " + c.verdict() + ", server side " + s.verdict() + ")."
                    : "Neither capture holds NEGOTIATE or VALIDATE messages of this connection, so there was nothing to compare.";
        }
        StringBuilder b = new StringBuilder();
        b.append("Changed on the way by the middlebox (it answers the client as ").append(c.server()).append(" and reaches the server from ")
                .append(s.client()).append("): ");
        List<String> items = new ArrayList<>();
        for (ConnectionPair.Change ch : changes) {
            if (items.size() == 6) {
                items.add("and " + (changes.size() - 6) + " more");
                break;
            }
            items.add(ch.message() + " " + ch.field() + " " + ch.sent() + " -> " + ch.received() + (ch.note().isEmpty() ? "" : " (" + ch.note() + ")"));
        }
        b.append(String.join("; ", items)).append('.');
        boolean negResp = changes.stream().anyMatch(x -> x.message().equals("NEGOTIATE response"));
        boolean negReq = changes.stream().anyMatch(x -> x.message().equals("NEGOTIATE request"));
        if (negResp) {
            b.append(" The client received a NEGOTIATE response the server never sent");
            b.append(c.verdict() == Verdict.RESPONSE_MISMATCH
                    ? ", which is why the VALIDATE response no longer matches it (client side RESPONSE_MISMATCH): the server's signed"
                      + " VALIDATE response repeats what the server really sent (server side " + s.verdict() + ")."
                    : " (client side " + c.verdict() + ", server side " + s.verdict() + ").");
        }
        if (negReq) {
            b.append(" The server received a NEGOTIATE request the client never sent");
            boolean explains = s.verdict() == Verdict.REQUEST_MISMATCH || c.verdict() == Verdict.SERVER_TERMINATED;
            b.append(explains
                    ? ", which is why the client's signed VALIDATE request, repeating what the client really sent, no longer matches"
                      + " it (server side " + s.verdict() + ", client side " + c.verdict() + ")."
                    : " (client side " + c.verdict() + ", server side " + s.verdict() + ").");
        }
        if (negReq || negResp) {
            b.append(" Fix the path: stop the middlebox from rewriting SMB NEGOTIATE (bypass SMB optimisation for this server).");
        }
        return b.toString();
    }

    private static String signedDuration(long nanos) {
        return (nanos < 0 ? "-" : "") + FieldFormat.duration(Math.abs(nanos));
    }

}
