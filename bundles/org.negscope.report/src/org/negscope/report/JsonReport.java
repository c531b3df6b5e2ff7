package org.negscope.report;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionPair;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.analysis.NtlmAccount;
import org.negscope.analysis.Reconnect;
import org.negscope.analysis.SignatureChecks;
import org.negscope.analysis.TimelineEvent;
import org.negscope.analysis.TwoPointResult;
import org.negscope.analysis.ValidateError;
import org.negscope.capture.CaptureSummary;
import org.negscope.capture.CaptureWarning;
import org.negscope.analysis.FieldFormat;
import org.negscope.remedy.HostOs;
import org.negscope.smb2.NtlmVersion;

/**
 * The {@code negscope analyze --json} document, exactly the contract of docs/cli.md (field names and order
 * are pinned by JsonReportTest). Written with Gson's streaming writer so the order is the contract's and
 * nothing else slips in.
 * <p>
 * Choices the contract leaves open (docs/cli.md states them): a frame number 0 ("not in the capture") is written as {@code null}, as is a
 * missing dialect or summary; the Dialects values of a difference are JSON arrays ("Dialects a list of
 * those"), all other values strings. Credentials never reach this class: its input has none.
 * <p>
 * Later additions are fields after the contract's, never between them ({@link #ADDED_CONNECTION_KEYS}): the peers'
 * operating systems from NTLMSSP, the account, the VALIDATE error answer, reconnect facts, what the capture lacks
 * and the evidence sentences; {@code "timeline"} only when asked for (it can be long). The {@code negscope compare}
 * document ({@link #toJson(TwoPointResult, AnalysisResult)}) reuses the connection object for both sides of a pair.
 * <p>
 * Why one class of this size: it writes the whole contract of docs/cli.md in its order, object by object, so that
 * it reads top to bottom against that document; the compare document shares the connection object with it.
 */
public final class JsonReport {
    /** Top-level, capture, warning, connection, difference and frames keys, in contract order. */
    static final List<String> TOP_KEYS = List.of("captures", "connections");
    static final List<String> CAPTURE_KEYS = List.of("path", "format", "frames", "warnings");
    static final List<String> WARNING_KEYS = List.of("frame", "offset", "message");
    /**
     * Added after the capture keys, each only when it has something to say (so the document of a plain pcap file is
     * unchanged): "duplicates" and "nonPacketRecords" when not 0, "members" for a capture set (format "set").
     */
    static final List<String> ADDED_CAPTURE_KEYS = List.of("duplicates", "nonPacketRecords", "members");
    static final List<String> MEMBER_KEYS = List.of("path", "format", "frames", "firstFrame");
    static final List<String> CONNECTION_KEYS = List.of("capture", "client", "server", "dialect", "verdict", "fatal", "summary",
            "differences", "signature", "terminatedBy", "frames", "spec");
    static final List<String> DIFFERENCE_KEYS = List.of("side", "field", "negotiate", "validate");
    static final List<String> FRAME_KEYS = List.of("negotiateRequest", "negotiateResponse", "validateRequest", "validateResponse",
            "termination");
    /** Additions after the contract keys (docs/cli.md), in this order; "timeline" and "timelineTotal" follow when asked for. */
    static final List<String> ADDED_CONNECTION_KEYS = List.of("clientOs", "serverOs", "account", "validateError", "reconnect",
            "missing", "evidence", "signatureCheck");
    /** Every signed message checked with the credentials ("signatureCheck", null without credentials). */
    static final List<String> SIGNATURE_CHECK_KEYS = List.of("algorithm", "signedMessages", "valid", "invalid", "unverified",
            "firstInvalidFrame", "firstInvalidExpected", "firstInvalidFound", "firstUnverifiedFrame", "firstUnverifiedReason",
            "credentialsHint", "validateExpected", "validateFound", "encrypted", "decrypted");
    static final List<String> OS_KEYS = List.of("major", "minor", "build", "frame", "product", "text");
    static final List<String> TIMELINE_KEYS = List.of("index", "frame", "offsetMs", "direction", "kind", "command", "status",
            "messageId", "text");
    static final List<String> COMPARE_KEYS = List.of("pairs", "unmatched", "captures");
    static final List<String> PAIR_KEYS = List.of("clientSide", "serverSide", "matchedBy", "matchStrength", "matchedByText", "middlebox",
            "summary", "changed", "bytes", "bytesOmitted");
    static final List<String> CHANGE_KEYS = List.of("message", "field", "sent", "received", "sentFrame", "receivedFrame", "offset", "note");
    static final List<String> BYTE_KEYS = List.of("message", "offset", "field", "sent", "received");

    private JsonReport() {}

    /** Pretty-printed (two-space indent), ending with a newline. */
    public static String toJson(AnalysisResult result) {
        return toJson(result, false);
    }

    /** @param withTimeline also write each connection's bounded timeline ({@code negscope analyze --timeline}) */
    public static String toJson(AnalysisResult result, boolean withTimeline) {
        StringWriter w = new StringWriter();
        try {
            write(result, w, withTimeline);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return w.toString();
    }

    public static void write(AnalysisResult result, Writer out) throws IOException {
        write(result, out, false);
    }

    public static void write(AnalysisResult result, Writer out, boolean withTimeline) throws IOException {
        JsonWriter j = writer(out);
        j.beginObject();
        captures(j.name("captures"), result.captures());
        j.name("connections").beginArray();
        for (ConnectionReport r : result.connections()) {
            connection(j, r, withTimeline);
        }
        j.endArray();
        j.endObject();
        j.flush();
        out.write('\n');
        out.flush();
    }

    /**
     * The {@code negscope compare} document: {@code {"pairs": [{"clientSide": connection, "serverSide": connection,
     * "matchedBy": [evidence names], "matchStrength": exact|strong|weak, "matchedByText", "middlebox", "summary", "changed": [...], "bytes": [...], "bytesOmitted"}], "unmatched":
     * {"clientSide": [...], "serverSide": [...]}, "captures": [client-side capture, server-side capture]}}.
     * Connections are the contract's objects (docs/cli.md, with the additions); "capture" indexes "captures".
     */
    public static String toJson(TwoPointResult pairs, AnalysisResult both) {
        StringWriter w = new StringWriter();
        try {
            JsonWriter j = writer(w);
            j.beginObject();
            j.name("pairs").beginArray();
            for (ConnectionPair p : pairs.pairs()) {
                j.beginObject();
                connection(j.name("clientSide"), p.clientSide(), false);
                connection(j.name("serverSide"), p.serverSide(), false);
                // evidence names (exact: NtlmChallengeResponse / KerberosApReq; strong: SessionId / ClientGuid; MessageIds, Timing)
                j.name("matchedBy").beginArray();
                for (String e : p.evidence()) {
                    j.value(e);
                }
                j.endArray();
                j.name("matchStrength").value(p.strength());
                j.name("matchedByText").value(p.matchedBy());
                j.name("middlebox").value(p.middlebox());
                j.name("summary").value(p.summary());
                j.name("changed").beginArray();
                for (ConnectionPair.Change c : p.changes()) {
                    j.beginObject();
                    j.name("message").value(c.message());
                    j.name("field").value(c.field());
                    value(j.name("sent"), c.field(), c.sent());
                    value(j.name("received"), c.field(), c.received());
                    frame(j.name("sentFrame"), c.sentFrame());
                    frame(j.name("receivedFrame"), c.receivedFrame());
                    if (c.offset() >= 0) {
                        j.name("offset").value(c.offset());
                    } else {
                        j.name("offset").nullValue();
                    }
                    j.name("note").value(c.note());
                    j.endObject();
                }
                j.endArray();
                j.name("bytes").beginArray();
                for (ConnectionPair.ByteChange b : p.bytes()) {
                    j.beginObject();
                    j.name("message").value(b.message());
                    j.name("offset").value(b.offset());
                    j.name("field").value(b.field());
                    j.name("sent").value(String.format("0x%02x", b.sent()));
                    j.name("received").value(String.format("0x%02x", b.received()));
                    j.endObject();
                }
                j.endArray();
                j.name("bytesOmitted").value(p.bytesOmitted());
                j.endObject();
            }
            j.endArray();
            j.name("unmatched").beginObject();
            j.name("clientSide").beginArray();
            for (ConnectionReport r : pairs.unmatchedClientSide()) {
                connection(j, r, false);
            }
            j.endArray();
            j.name("serverSide").beginArray();
            for (ConnectionReport r : pairs.unmatchedServerSide()) {
                connection(j, r, false);
            }
            j.endArray();
            j.endObject();
            captures(j.name("captures"), both.captures());
            j.endObject();
            j.flush();
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return w.toString();
    }

    private static JsonWriter writer(Writer out) {
        JsonWriter j = new JsonWriter(out);
        j.setIndent("  ");
        j.setHtmlSafe(false);
        j.setSerializeNulls(true);
        return j;
    }

    private static void captures(JsonWriter j, List<CaptureReport> captures) throws IOException {
        j.beginArray();
        for (CaptureReport c : captures) {
            j.beginObject();
            j.name("path").value(c.path());
            j.name("format").value(c.format());
            j.name("frames").value(c.frames());
            j.name("warnings").beginArray();
            for (CaptureWarning w : c.warnings()) {
                j.beginObject();
                frame(j.name("frame"), w.frame());
                j.name("offset").value(w.offset());
                j.name("message").value(w.message());
                j.endObject();
            }
            j.endArray();
            if (c.duplicates() > 0) {
                j.name("duplicates").value(c.duplicates());
            }
            if (c.nonPacketRecords() > 0) {
                j.name("nonPacketRecords").value(c.nonPacketRecords());
            }
            if (c.isSet()) {
                j.name("members").beginArray();
                for (CaptureSummary.Member m : c.members()) {
                    j.beginObject();
                    j.name("path").value(m.path());
                    j.name("format").value(m.format());
                    j.name("frames").value(m.frames());
                    j.name("firstFrame").value(m.firstFrame());
                    j.endObject();
                }
                j.endArray();
            }
            j.endObject();
        }
        j.endArray();
    }

    /** The signature of every signed message checked with the credentials; null when none were given. */
    private static void signatureCheck(JsonWriter j, SignatureChecks s) throws IOException {
        if (s == null || !s.checked()) {
            j.nullValue();
            return;
        }
        j.beginObject();
        j.name("algorithm").value(s.algorithm());
        j.name("signedMessages").value(s.signedMessages());
        j.name("valid").value(s.valid());
        j.name("invalid").value(s.invalid());
        j.name("unverified").value(s.unverified());
        frame(j.name("firstInvalidFrame"), s.firstInvalidFrame());
        j.name("firstInvalidExpected").value(s.firstInvalidExpected());
        j.name("firstInvalidFound").value(s.firstInvalidFound());
        frame(j.name("firstUnverifiedFrame"), s.firstUnverifiedFrame());
        j.name("firstUnverifiedReason").value(s.firstUnverifiedReason());
        j.name("credentialsHint").value(s.credentialsHint());
        j.name("validateExpected").value(s.validateExpected());
        j.name("validateFound").value(s.validateFound());
        j.name("encrypted").value(s.encrypted());
        j.name("decrypted").value(s.decrypted());
        j.endObject();
    }

    private static void connection(JsonWriter j, ConnectionReport r, boolean withTimeline) throws IOException {
        j.beginObject();
        j.name("capture").value(r.capture());
        j.name("client").value(r.client());
        j.name("server").value(r.server());
        j.name("dialect").value(r.dialect());
        j.name("verdict").value(r.verdict() == null ? null : r.verdict().name());
        j.name("fatal").value(r.fatal());
        j.name("summary").value(r.summary());
        j.name("differences").beginArray();
        for (Difference d : r.differences()) {
            j.beginObject();
            j.name("side").value(d.side());
            j.name("field").value(d.field());
            value(j.name("negotiate"), d.field(), d.negotiate());
            value(j.name("validate"), d.field(), d.validate());
            j.endObject();
        }
        j.endArray();
        j.name("signature").value(r.signature() == null ? null : r.signature().name());
        j.name("terminatedBy").value(r.terminatedBy() == null ? null : r.terminatedBy().json());
        j.name("frames").beginObject();
        ConnectionReport.Frames f = r.frames();
        frame(j.name("negotiateRequest"), f == null ? 0 : f.negotiateRequest());
        frame(j.name("negotiateResponse"), f == null ? 0 : f.negotiateResponse());
        frame(j.name("validateRequest"), f == null ? 0 : f.validateRequest());
        frame(j.name("validateResponse"), f == null ? 0 : f.validateResponse());
        frame(j.name("termination"), f == null ? 0 : f.termination());
        j.endObject();
        j.name("spec").value(r.spec());
        // ---- additions (after the contract's keys)
        os(j.name("clientOs"), r.clientVersion(), r.clientVersionFrame());
        os(j.name("serverOs"), r.serverVersion(), r.serverVersionFrame());
        NtlmAccount a = r.account();
        if (a == null) {
            j.name("account").nullValue();
        } else {
            j.name("account").beginObject();
            j.name("user").value(a.user());
            j.name("domain").value(a.domain());
            j.name("workstation").value(a.workstation());
            j.name("anonymous").value(a.anonymous());
            frame(j.name("frame"), a.frame());
            j.endObject();
        }
        ValidateError e = r.validateError();
        if (e == null) {
            j.name("validateError").nullValue();
        } else {
            j.name("validateError").beginObject();
            j.name("status").value(e.statusName());
            j.name("signed").value(e.signed());
            j.name("notImplemented").value(e.notImplemented());
            j.name("clientsAccept").value(e.clientsAccept());
            frame(j.name("frame"), e.frame());
            j.name("meaning").value(e.meaning());
            j.endObject();
        }
        Reconnect rc = r.reconnect();
        j.name("reconnect").beginObject();
        j.name("sameHosts").value(rc.sameHosts());
        j.name("position").value(rc.position());
        j.name("concurrent").value(rc.concurrent());
        j.name("reconnected").value(rc.reconnected());
        j.name("nextClient").value(rc.nextClient());
        frame(j.name("nextFrame"), rc.nextFirstFrame());
        j.name("nextDialect").value(rc.nextDialect());
        j.name("nextVerdict").value(rc.nextVerdict() == null ? null : rc.nextVerdict().name());
        if (rc.delayNanos() >= 0) {
            j.name("delayMs").value(Math.round(rc.delayNanos() / 1e3) / 1e3);
        } else {
            j.name("delayMs").nullValue();
        }
        j.name("storm").value(rc.storm());
        j.endObject();
        strings(j.name("missing"), r.missing());
        strings(j.name("evidence"), r.evidence());
        signatureCheck(j.name("signatureCheck"), r.signatureChecks());
        if (withTimeline) {
            j.name("timeline").beginArray();
            for (TimelineEvent t : r.timelineEvents()) {
                j.beginObject();
                j.name("index").value(t.index());
                j.name("frame").value(t.frame());
                j.name("offsetMs").value(Math.round(t.offsetNanos() / 1e3) / 1e3);
                j.name("direction").value(t.direction());
                j.name("kind").value(t.kind().json());
                j.name("command").value(t.command());
                j.name("status").value(t.status());
                if (t.messageId() >= 0) {
                    j.name("messageId").value(t.messageId());
                } else {
                    j.name("messageId").nullValue();
                }
                j.name("text").value(t.text());
                j.endObject();
            }
            j.endArray();
            j.name("timelineTotal").value(r.timelineTotal());
        }
        j.endObject();
    }

    /** {"major", "minor", "build", "frame", "product", "text"} of an NTLMSSP Version, or null. */
    private static void os(JsonWriter j, NtlmVersion v, long frame) throws IOException {
        if (v == null) {
            j.nullValue();
            return;
        }
        HostOs os = HostOs.fromNtlmssp(v);
        j.beginObject();
        j.name("major").value(v.major());
        j.name("minor").value(v.minor());
        j.name("build").value(v.build());
        frame(j.name("frame"), frame);
        j.name("product").value(os.product());
        j.name("text").value(os.describe());
        j.endObject();
    }

    private static void strings(JsonWriter j, List<String> list) throws IOException {
        j.beginArray();
        for (String s : list) {
            j.value(s);
        }
        j.endArray();
    }

    private static void frame(JsonWriter j, long frame) throws IOException {
        if (frame > 0) {
            j.value(frame);
        } else {
            j.nullValue();
        }
    }

    /** "Dialects" values become arrays of dialect names; everything else stays the analysis' text. */
    private static void value(JsonWriter j, String field, String v) throws IOException {
        if (v == null) {
            j.nullValue();
        } else if ("Dialects".equals(field)) {
            j.beginArray();
            for (String d : FieldFormat.parseList(v)) {
                j.value(d);
            }
            j.endArray();
        } else {
            j.value(v);
        }
    }
}
