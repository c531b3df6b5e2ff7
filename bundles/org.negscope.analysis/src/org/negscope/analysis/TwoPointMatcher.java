package org.negscope.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.negscope.smb2.Smb2Command;

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
            pairs.add(PathComparison.compare(c, s, by, ev, strength));
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

    private static String signedDuration(long nanos) {
        return (nanos < 0 ? "-" : "") + FieldFormat.duration(Math.abs(nanos));
    }
}
