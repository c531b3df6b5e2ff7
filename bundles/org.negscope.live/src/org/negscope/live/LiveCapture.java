package org.negscope.live;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.negscope.analysis.AnalysisListener;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionReport;
import org.negscope.capture.CaptureOptions;
import org.negscope.capture.CaptureSummary;
import org.negscope.capture.PacketSink;
import org.negscope.capture.Progress;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;

/**
 * Captures on one interface with libpcap (through pcap4j), writes the frames into a bounded ring of pcapng
 * files and feeds each frame, as it arrives, through the same decoding, TCP reassembly and analysis as a saved
 * file ({@link PacketSink} + {@link CaptureAnalyzer}): connections and verdicts appear while capturing, and the
 * final verdicts are those {@code negscope analyze} gives for the ring file (frame numbers match while the ring
 * holds one file). Only raw frames are taken from pcap4j: its packet decoders are not used.
 * <p>
 * {@link #run} blocks on the calling thread until {@link #stop} (any thread), the duration, cancellation, or,
 * when asked, the first fatal verdict.
 */
public final class LiveCapture {
    /**
     * After the first fatal verdict, capture goes on this long before stopping: the client's RST/FIN that
     * follows the failed validation belongs in the file (it shows who dropped the connection).
     */
    static final long FATAL_GRACE_MILLIS = 500;
    /** Pause between polls while no frame waits: the delay before a frame is seen, and a stop request. */
    static final int POLL_MILLIS = 20;

    private final LiveSettings settings;
    private final LiveListener listener;
    private volatile boolean stopRequested;
    private volatile String fatalConnection;
    private long fatalAtMillis;

    public LiveCapture(LiveSettings settings, LiveListener listener) {
        this.settings = settings;
        this.listener = listener == null ? LiveListener.NONE : listener;
    }

    /** Asks {@link #run} to stop; it returns within about {@link #POLL_MILLIS} (plus the final analysis). */
    public void stop() { stopRequested = true; }

    /** The interfaces libpcap can capture on (may be empty without capture rights on some systems). */
    public static List<LiveInterface> interfaces() throws LiveException {
        String os = LiveErrors.os();
        try {
            NpcapPath.prepare(os);
            List<LiveInterface> out = new ArrayList<>();
            for (PcapNetworkInterface n : Pcaps.findAllDevs()) {
                List<String> addresses = new ArrayList<>();
                for (PcapAddress a : n.getAddresses()) {
                    InetAddress ip = a.getAddress();
                    if (ip != null) addresses.add(ip.getHostAddress());
                }
                String d = n.getDescription();
                out.add(new LiveInterface(n.getName(), d == null ? "" : d, n.isLoopBack(), List.copyOf(addresses)));
            }
            return out;
        } catch (PcapNativeException e) {
            // "no interfaces found" is how some libpcap versions say "no rights" (Npcap restricted to admins)
            throw LiveErrors.opening("any interface", e.getMessage(), e, os);
        } catch (LinkageError e) {
            throw LiveErrors.library(e, os);
        }
    }

    /** The libpcap version string, e.g. "libpcap version 1.10.3 (with TPACKET_V3)". */
    public static String libraryVersion() throws LiveException {
        try {
            NpcapPath.prepare(LiveErrors.os());
            return Pcaps.libVersion();
        } catch (LinkageError e) {
            throw LiveErrors.library(e, LiveErrors.os());
        }
    }

    /**
     * Captures until stopped; returns the ring files and the final analysis. {@code progress} (may be null) is
     * polled for cancellation, like {@link #stop}.
     */
    public LiveResult run(Progress progress) throws LiveException {
        Progress p = progress == null ? Progress.NONE : progress;
        String os = LiveErrors.os();
        PcapHandle handle = open(os);
        try {
            int linkType = handle.getDlt().value();
            // Non-blocking reads, polled: libpcap's read timeout does not make a read return on a quiet network
            // on every platform (Linux TPACKET_V3 in immediate mode waits for the next frame), and a stop request
            // must be noticed whatever the traffic.
            try {
                handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            } catch (PcapNativeException e) {
                throw new LiveException(LiveException.Kind.CAPTURE, "cannot read " + settings.iface() + " without blocking: "
                        + e.getMessage(), e);
            }
            try {
                handle.setFilter(settings.filter(), BpfProgram.BpfCompileMode.OPTIMIZE);
            } catch (PcapNativeException e) {
                throw new LiveException(LiveException.Kind.BAD_FILTER, "capture filter \"" + settings.filter()
                        + "\" is not valid: " + e.getMessage(), e);
            }
            try {
                Files.createDirectories(settings.outDir());
            } catch (IOException e) {
                throw new LiveException(LiveException.Kind.IO, "cannot create " + settings.outDir() + ": " + e, e);
            }
            return capture(handle, linkType, p);
        } catch (NotOpenException e) {
            throw new LiveException(LiveException.Kind.CAPTURE, "the capture handle closed unexpectedly", e);
        } finally {
            handle.close();
        }
    }

    private PcapHandle open(String os) throws LiveException {
        String iface = settings.iface();
        try {
            NpcapPath.prepare(os);
            return new PcapHandle.Builder(iface)
                    .snaplen(LiveSettings.SNAPLEN)
                    // promiscuous: a support engineer often captures a mirrored switch port
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.PROMISCUOUS)
                    // hand frames over at once, not when a kernel buffer block is full: verdicts appear live
                    .immediateMode(true)
                    .bufferSize(16 << 20)
                    .build();
        } catch (PcapNativeException e) {
            throw LiveErrors.opening(iface, e.getMessage(), e, os);
        } catch (LinkageError e) {
            throw LiveErrors.library(e, os);
        }
    }

    private LiveResult capture(PcapHandle handle, int linkType, Progress progress) throws LiveException, NotOpenException {
        String name = "live:" + settings.iface();
        AnalysisListener analysisListener = new AnalysisListener() {
            @Override public void connectionUpdated(ConnectionReport r) {
                if (r.fatal() && fatalConnection == null) {
                    fatalConnection = r.client() + " -> " + r.server() + " " + r.verdict();
                    fatalAtMillis = System.currentTimeMillis();
                }
                listener.connectionUpdated(r);
            }
        };
        CaptureAnalyzer analyzer = new CaptureAnalyzer(0, name, AnalysisOptions.none(), analysisListener);
        PacketSink sink = new PacketSink(name, analyzer, CaptureOptions.DEFAULTS);
        String prefix = "negscope-" + fileSafe(settings.iface()) + "-" + java.time.LocalDateTime.now()
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        RingWriter ring = new RingWriter(settings.outDir(), prefix, settings.ringFiles(), settings.ringBytes(), linkType,
                LiveSettings.SNAPLEN, "NegScope live capture, filter: " + settings.filter());
        listener.started(settings.iface(), linkType, settings.filter());
        long start = System.currentTimeMillis();
        long deadline = settings.durationMillis() > 0 ? start + settings.durationMillis() : Long.MAX_VALUE;
        long nextFramesReport = start + 1000;
        int deletedSeen = 0;
        Path current = null;
        String reason;
        try (ring) {
            while (true) {
                long now = System.currentTimeMillis();
                if (stopRequested || progress.isCanceled()) { reason = "stopped"; break; }
                if (now >= deadline) { reason = "duration reached"; break; }
                if (settings.stopOnFailure() && fatalConnection != null && now >= fatalAtMillis + FATAL_GRACE_MILLIS) {
                    reason = "fatal verdict: " + fatalConnection;
                    break;
                }
                byte[] raw;
                try {
                    raw = handle.getNextRawPacketEx();
                } catch (TimeoutException e) { // nothing waiting: make the file current for readers, then wait a little
                    ring.flush();
                    sleep();
                    continue;
                } catch (EOFException e) {
                    reason = "the interface stopped delivering frames";
                    break;
                } catch (PcapNativeException e) {
                    throw new LiveException(LiveException.Kind.CAPTURE, "capture on " + settings.iface() + " failed: "
                            + e.getMessage() + " (the files written so far are in " + settings.outDir() + ")", e);
                }
                Timestamp ts = handle.getTimestamp();
                long timeNanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                Integer orig = handle.getOriginalLength();
                long origLen = orig == null ? raw.length : orig;
                ring.write(timeNanos, raw, 0, raw.length, origLen);
                if (ring.current() != current) {
                    current = ring.current();
                    listener.fileStarted(current);
                }
                List<Path> deleted = ring.deleted();
                for (int i = deletedSeen; i < deleted.size(); i++) listener.fileDeleted(deleted.get(i));
                deletedSeen = deleted.size();
                sink.packet(linkType, raw, 0, raw.length, origLen, timeNanos);
                if (now >= nextFramesReport) {
                    nextFramesReport = now + 1000;
                    listener.frames(sink.frames());
                }
            }
        } catch (IOException e) {
            throw new LiveException(LiveException.Kind.IO, "cannot write the capture to " + settings.outDir() + ": " + e.getMessage(), e);
        }
        long dropped = dropped(handle);
        CaptureSummary summary = sink.finish(false);
        List<ConnectionReport> connections = analyzer.finish();
        listener.frames(sink.frames());
        CaptureReport report = new CaptureReport(ring.files().isEmpty() ? name : ring.files().get(ring.files().size() - 1).toString(),
                "pcapng", summary.frames(), analyzer.warnings(summary.warnings()));
        AnalysisResult analysis = new AnalysisResult(List.of(report), connections);
        return new LiveResult(ring.files(), ring.deleted(), sink.frames(), dropped, reason, analysis);
    }

    private void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            stopRequested = true; // an interrupt is a stop request (files are closed, the analysis finished)
            Thread.currentThread().interrupt();
        }
    }

    private static long dropped(PcapHandle handle) {
        try {
            PcapStat s = handle.getStats();
            return s.getNumPacketsDropped();
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            return -1; // not every platform counts drops
        }
    }

    /** Interface names become part of file names; Npcap's look like \Device\NPF_{GUID}. */
    static String fileSafe(String iface) {
        String s = iface.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+|_+$", "");
        if (s.length() > 40) s = s.substring(s.length() - 40);
        return s.isEmpty() ? "if" : s;
    }
}
