package org.negscope.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.SignatureChecks;
import org.negscope.analysis.TimelineEvent;
import org.negscope.analysis.ValidateError;
import org.negscope.remedy.HostOs;
import org.negscope.remedy.Remedy;
import org.negscope.smb2.NtlmVersion;

/** Wording shared by the text and HTML renderers, so both say the same thing. */
final class ReportText {
    private ReportText() {}

    static final String TITLE = "NegScope report";

    /** "frame 12", or "not in the capture" for 0. */
    static String frame(long n) {
        return n > 0 ? "frame " + n : "not in the capture";
    }

    /** "frame 1234 (file B.pcap, frame 34)" in a capture set, else as {@link #frame(long)}. */
    static String frame(long n, CaptureReport capture) {
        String where = capture == null ? null : capture.locate(n);
        return where == null ? frame(n) : frame(n) + " (" + where + ")";
    }

    /** The evidence frames, labelled, in exchange order; absent ones say so. */
    static List<String[]> frames(ConnectionReport r) {
        return frames(r, null);
    }

    /** As {@link #frames(ConnectionReport)}; in a capture set each frame also names its file and its frame there. */
    static List<String[]> frames(ConnectionReport r, AnalysisResult result) {
        ConnectionReport.Frames f = r.frames();
        List<String[]> out = new ArrayList<>();
        if (f == null) {
            return out;
        }
        CaptureReport c = result != null && r.capture() >= 0 && r.capture() < result.captures().size()
                ? result.captures().get(r.capture()) : null;
        out.add(new String[] {"NEGOTIATE request", frame(f.negotiateRequest(), c)});
        out.add(new String[] {"NEGOTIATE response", frame(f.negotiateResponse(), c)});
        out.add(new String[] {"VALIDATE request", frame(f.validateRequest(), c)});
        out.add(new String[] {"VALIDATE response", frame(f.validateResponse(), c)});
        out.add(new String[] {"connection end", frame(f.termination(), c)});
        return out;
    }

    static String connectionTitle(ConnectionReport r) {
        return nz(r.client(), "?") + " \u2192 " + nz(r.server(), "?");
    }

    static String captureLabel(AnalysisResult result, ConnectionReport r) {
        int i = r.capture();
        if (i >= 0 && i < result.captures().size()) {
            return "[" + i + "] " + result.captures().get(i).path();
        }
        return "[" + i + "]";
    }

    static String counts(AnalysisResult result) {
        long fatal = result.connections().stream().filter(ConnectionReport::fatal).count();
        int n = result.connections().size();
        return n + (n == 1 ? " SMB connection, " : " SMB connections, ") + fatal + " fatal";
    }

    static String captureLine(CaptureReport c) {
        return c.path() + " (" + nz(c.format(), "unknown format") + (c.isSet() ? " of " + c.members().size() + " files" : "")
                + ", " + c.frames() + " frames"
                + (c.nonPacketRecords() > 0 ? ", " + c.nonPacketRecords() + " of them ETW/NetEvent records without a packet, not analysed" : "")
                + (c.duplicates() > 0 ? ", " + c.duplicates() + " duplicate copies of packets set aside" : "")
                + (c.warnings().isEmpty() ? "" : ", " + c.warnings().size() + (c.warnings().size() == 1 ? " warning" : " warnings")) + ")";
    }

    /** A capture set's files, one line each: "B.pcap (pcap, frames 1001-2000)"; empty for a single file. */
    static List<String> memberLines(CaptureReport c) {
        List<String> out = new ArrayList<>();
        for (org.negscope.capture.CaptureSummary.Member m : c.members()) {
            out.add(m.path() + " (" + m.format() + ", " + (m.frames() == 0 ? "no frames"
                    : !m.runs().isEmpty() ? m.frames() + " frames merged by time with another file's, from frame " + m.firstFrame()
                    : "frames " + m.firstFrame() + "-" + (m.firstFrame() + m.frames() - 1)) + ")");
        }
        return out;
    }

    static String signature(ConnectionReport r) {
        if (r.signature() == null) {
            return "?";
        }
        SignatureChecks c = r.signatureChecks();
        String hex = c.validateExpected() == null ? "" : ": expected " + c.validateExpected() + ", found " + c.validateFound();
        return switch (r.signature()) {
            case VALID -> "VALID (verified with the session key)";
            case INVALID -> "INVALID (does not match the session key" + hex + ")";
            case UNVERIFIED -> !c.checked() ? "UNVERIFIED (signed; no credentials given to check it)"
                    : "UNVERIFIED (signed; " + nz(c.credentialsHint(), "see the summary for why it could not be checked") + hex + ")";
            case UNSIGNED -> "UNSIGNED (neither signed nor encrypted)";
            case NONE -> "NONE (no VALIDATE response)";
        };
    }

    /** The remedy for a connection, or the reason there is none (error null and remedy null: none asked for). */
    record Advice(Remedy remedy, String error) {}

    static Advice remedy(Function<ConnectionReport, Remedy> remedies, ConnectionReport r) {
        if (remedies == null) {
            return new Advice(null, null);
        }
        try {
            return new Advice(remedies.apply(r), null);
        } catch (RuntimeException e) {
            // Advice is an extra: a failing advisor must not cost the diagnosis, but the reader is told.
            return new Advice(null, "advice could not be produced (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    static String nz(String s, String dflt) {
        return s == null || s.isEmpty() ? dflt : s;
    }

    // ------------------------------------------------------------------------ details beyond the contract

    /** "probably Samba (NTLMSSP Version 6.1 build 0), frame 11", or null when the capture has no Version. */
    static String os(NtlmVersion v, long frame) {
        if (v == null) {
            return null;
        }
        HostOs os = HostOs.fromNtlmssp(v);
        return os.describe() + (frame > 0 ? ", frame " + frame : "");
    }

    /** The labelled facts beyond the contract that a connection has, in display order (absent ones left out). */
    static List<String[]> moreFacts(ConnectionReport r) {
        List<String[]> out = new ArrayList<>();
        String c = os(r.clientVersion(), r.clientVersionFrame());
        out.add(new String[] {"Client OS", c != null ? c : "not in the capture (no NTLMSSP Version: Kerberos, or none sent)"});
        String s = os(r.serverVersion(), r.serverVersionFrame());
        out.add(new String[] {"Server OS", s != null ? s : "not in the capture (no NTLMSSP CHALLENGE Version)"});
        if (r.account() != null) {
            out.add(new String[] {"Account", r.account().text() + " (AUTHENTICATE, frame " + r.account().frame() + ")"});
        }
        ValidateError e = r.validateError();
        if (e != null) {
            out.add(new String[] {"VALIDATE answer", e.statusName() + (e.signed() ? ", signed" : ", unsigned")
                    + (e.clientsAccept() ? ", clients accept it" : ", clients drop the connection") + " (frame " + e.frame() + ")"});
        }
        SignatureChecks sc = r.signatureChecks();
        if (sc.checked()) {
            out.add(new String[] {"Signatures", sc.text()
                    + (sc.firstInvalidFrame() > 0 ? "; first INVALID in frame " + sc.firstInvalidFrame() + ": expected "
                            + sc.firstInvalidExpected() + ", found " + sc.firstInvalidFound() : "")
                    + (sc.firstUnverifiedFrame() > 0 ? "; first UNVERIFIED in frame " + sc.firstUnverifiedFrame() + ": "
                            + sc.firstUnverifiedReason() : "")
                    + (sc.credentialsHint() != null ? "; " + sc.credentialsHint() : "")});
        }
        if (!r.missing().isEmpty()) {
            out.add(new String[] {"Missing", String.join("; ", r.missing())});
        }
        return out;
    }

    /** One timeline row as cells: frame, time, direction, text; and a marker row text for events not kept before it. */
    static String omittedBefore(TimelineEvent previous, TimelineEvent e) {
        long gap = e.index() - (previous == null ? -1 : previous.index()) - 1;
        return gap > 0 ? "\u2026 " + gap + (gap == 1 ? " event" : " events") + " not kept \u2026" : null;
    }

    static String arrow(TimelineEvent e) {
        return e.fromClient() ? "C \u2192 S" : "C \u2190 S";
    }
}
