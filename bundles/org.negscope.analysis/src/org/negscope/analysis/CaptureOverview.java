package org.negscope.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a support engineer needs first from a capture with thousands of SMB2 connections: how many fail and with
 * which verdict (fatal ones first), by server and by client, one sentence on what the failures share ("100 of 2,000
 * connections fail, all RESPONSE_MISMATCH on Capabilities, 98 of them with PERSISTENT_HANDLES cleared, to 3
 * servers"), the first and last time, and connections and failures over time. Built in one pass over the reports
 * ({@link Builder#add}), so a packed report list is unpacked once and nothing of a report is kept but a few numbers.
 */
public final class CaptureOverview {
    /** One group: its key (a verdict name, a server endpoint or a client host), its connections and fatal ones. */
    public record Group(String key, int connections, int fatal) {}

    private final int connections, fatal;
    private final List<Group> verdicts, servers, clients;
    private final String shared;
    private final long firstNanos, lastNanos;
    private final int[] startedPerBucket, failedPerBucket;

    private CaptureOverview(Builder b, int buckets) {
        connections = b.connections;
        fatal = b.fatal;
        verdicts = sorted(b.verdicts, true);
        servers = sorted(b.servers, false);
        clients = sorted(b.clients, false);
        firstNanos = b.firstNanos == Long.MAX_VALUE ? 0 : b.firstNanos;
        lastNanos = b.lastNanos;
        startedPerBucket = new int[buckets];
        failedPerBucket = new int[buckets];
        long span = Math.max(1, lastNanos - firstNanos);
        for (int i = 0; i < b.count; i++) {
            long t = b.starts[i];
            if (t == 0 || firstNanos == 0) {
                continue;
            }
            int k = (int) Math.min(buckets - 1, (t - firstNanos) * (double) buckets / span);
            startedPerBucket[Math.max(0, k)]++;
            if (b.fatalAt[i]) {
                failedPerBucket[Math.max(0, k)]++;
            }
        }
        shared = sentence(b);
    }

    /** Fatal groups first (most fatal first), then the rest by size; ties by key, so the order is stable. */
    private static List<Group> sorted(Map<String, int[]> m, boolean fatalFirst) {
        List<Group> out = new ArrayList<>(m.size());
        m.forEach((k, v) -> out.add(new Group(k, v[0], v[1])));
        Comparator<Group> c = Comparator.comparingInt((Group g) -> g.fatal() > 0 ? 0 : 1);
        c = fatalFirst ? c.thenComparingInt(g -> -g.connections()) : Comparator.comparingInt((Group g) -> -g.fatal())
                .thenComparingInt(g -> -g.connections());
        out.sort(c.thenComparing(Group::key));
        return List.copyOf(out);
    }

    public static CaptureOverview of(List<ConnectionReport> reports) {
        Builder b = new Builder();
        for (ConnectionReport r : reports) {
            b.add(r);
        }
        return b.build();
    }

    public int connections() { return connections; }
    public int fatal() { return fatal; }
    /** Per verdict, fatal verdicts first. */
    public List<Group> verdicts() { return verdicts; }
    /** Per server endpoint, most failures first. */
    public List<Group> servers() { return servers; }
    /** Per client host (its ports change from connection to connection), most failures first. */
    public List<Group> clients() { return clients; }
    /** What the failures share, one sentence without a final period. */
    public String sharedFailure() { return shared; }
    /** Start of the first connection, epoch nanoseconds (0: unknown). */
    public long firstNanos() { return firstNanos; }
    /** Last frame of the last connection, epoch nanoseconds (0: unknown). */
    public long lastNanos() { return lastNanos; }
    /** Connections started in each of equal slices of [first, last]. */
    public int[] startedPerBucket() { return startedPerBucket.clone(); }
    /** Fatal connections among them. */
    public int[] failedPerBucket() { return failedPerBucket.clone(); }

    /** Adds reports one by one (in any order) and keeps only counts, the start times and the fatal bits. */
    public static final class Builder {
        private int connections, fatal, count;
        private final Map<String, int[]> verdicts = new LinkedHashMap<>(), servers = new HashMap<>(), clients = new HashMap<>();
        private final Map<String, Integer> fatalVerdicts = new HashMap<>(), fields = new HashMap<>(), flagChanges = new HashMap<>();
        private final Set<String> fatalServers = new HashSet<>(), fatalClients = new HashSet<>();
        private long firstNanos = Long.MAX_VALUE, lastNanos;
        private long[] starts = new long[256];
        private boolean[] fatalAt = new boolean[256];
        private String topField;

        public Builder add(ConnectionReport r) {
            connections++;
            boolean f = r.fatal();
            String server = r.server(), clientHost = Endpoints.host(r.client());
            count(verdicts, r.verdict().name(), f);
            count(servers, server, f);
            count(clients, clientHost, f);
            if (f) {
                fatal++;
                fatalVerdicts.merge(r.verdict().name(), 1, Integer::sum);
                fatalServers.add(server);
                fatalClients.add(clientHost);
                // The fields each failing connection differs in, and the flags of that difference.
                Set<String> seen = new HashSet<>(4);
                for (Difference d : r.differences()) {
                    if (seen.add(d.field())) {
                        fields.merge(d.field(), 1, Integer::sum);
                    }
                    String flags = FlagChanges.of(d);
                    if (flags != null) {
                        flagChanges.merge(d.field() + "\u0000" + flags, 1, Integer::sum);
                    }
                }
            }
            long start = r.startTimeNanos(), end = Math.max(r.endTimeNanos(), start);
            if (start > 0) {
                firstNanos = Math.min(firstNanos, start);
            }
            lastNanos = Math.max(lastNanos, end);
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                fatalAt = Arrays.copyOf(fatalAt, count * 2);
            }
            starts[count] = start;
            fatalAt[count++] = f;
            return this;
        }

        private static void count(Map<String, int[]> m, String key, boolean fatal) {
            int[] c = m.computeIfAbsent(key == null ? "?" : key, k -> new int[2]);
            c[0]++;
            if (fatal) {
                c[1]++;
            }
        }

        /** The overview with the time line in 60 slices. */
        public CaptureOverview build() {
            return build(60);
        }

        public CaptureOverview build(int buckets) {
            return new CaptureOverview(this, Math.max(1, buckets));
        }
    }

    private static String sentence(Builder b) {
        String n = number(b.connections);
        if (b.connections == 0) {
            return "No SMB2 connection in this capture";
        }
        if (b.fatal == 0) {
            StringBuilder none = new StringBuilder(b.connections == 1 ? "The one connection does not fail: "
                    : "None of the " + n + " connections fails: ");
            List<Map.Entry<String, int[]>> v = new ArrayList<>(b.verdicts.entrySet());
            v.sort((x, y) -> y.getValue()[0] != x.getValue()[0] ? y.getValue()[0] - x.getValue()[0] : x.getKey().compareTo(y.getKey()));
            for (int i = 0; i < v.size(); i++) {
                none.append(i == 0 ? "" : ", ").append(number(v.get(i).getValue()[0])).append(' ').append(v.get(i).getKey());
            }
            return none.toString();
        }
        StringBuilder s = new StringBuilder();
        s.append(number(b.fatal)).append(" of ").append(n).append(b.connections == 1 ? " connection fails" : " connections")
                .append(b.connections == 1 ? "" : b.fatal == 1 ? " fails" : " fail");
        List<Map.Entry<String, Integer>> v = byCount(b.fatalVerdicts);
        if (v.size() == 1) {
            s.append(b.fatal == 1 ? ", " : ", all ").append(v.get(0).getKey());
        } else {
            s.append(": ");
            for (int i = 0; i < v.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(number(v.get(i).getValue())).append(' ').append(v.get(i).getKey());
            }
        }
        List<Map.Entry<String, Integer>> f = byCount(b.fields);
        if (!f.isEmpty()) {
            Map.Entry<String, Integer> top = f.get(0);
            b.topField = top.getKey();
            if (top.getValue() == b.fatal && v.size() == 1) {
                s.append(" on ").append(top.getKey());
            } else {
                s.append(", ").append(number(top.getValue())).append(" of them on ").append(top.getKey());
            }
            // the commonest flag change of that field
            Map.Entry<String, Integer> flags = null;
            for (Map.Entry<String, Integer> e : byCount(b.flagChanges)) {
                if (e.getKey().startsWith(top.getKey() + "\u0000")) {
                    flags = e;
                    break;
                }
            }
            if (flags != null) {
                String what = flags.getKey().substring(top.getKey().length() + 1);
                s.append(b.fatal == 1 ? ", with " : flags.getValue().equals(top.getValue()) ? ", all with "
                        : ", " + number(flags.getValue()) + " of them with ")
                        .append(what);
            }
        }
        int servers = b.fatalServers.size(), clients = b.fatalClients.size();
        s.append(", to ").append(servers == 1 ? "1 server" : number(servers) + " servers");
        s.append(" from ").append(clients == 1 ? "1 client" : number(clients) + " clients");
        return s.toString();
    }

    private static List<Map.Entry<String, Integer>> byCount(Map<String, Integer> m) {
        List<Map.Entry<String, Integer>> l = new ArrayList<>(m.entrySet());
        l.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return l;
    }

    /** 2,000 (grouped, so that counts read at a glance). */
    public static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
