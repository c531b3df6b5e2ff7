package org.negscope.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.AnalysisListener;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Verdict;
import org.negscope.capture.CaptureException;
import org.negscope.capture.CaptureReader;
import org.negscope.capture.Direction;
import org.negscope.capture.Progress;
import org.negscope.capture.StreamListener;
import org.negscope.capture.TcpConnection;
import org.negscope.crypto.Ntlm;
import org.negscope.crypto.NtlmSessionKey;
import org.negscope.crypto.Secret;
import org.negscope.crypto.SigningKeys;
import org.negscope.fuzz.Repo;
import org.negscope.remedy.RemedyAdvisor;
import org.negscope.report.HtmlReport;
import org.negscope.report.JsonReport;
import org.negscope.report.TextReport;
import org.negscope.smb2.NtlmAuthenticate;
import org.negscope.smb2.NtlmChallenge;
import org.negscope.smb2.NtlmMessage;
import org.negscope.smb2.SessionSetupRequest;
import org.negscope.smb2.SessionSetupResponse;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2Listener;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.Smb2StreamDecoder;

/**
 * Secrets never leak: with the known test password of the committed Samba captures (a documented test value),
 * its NT hash and the session keys derived from the real NTLMSSP exchange, the CLI (text and JSON, password /
 * NT-hash / session-key files, good and malformed), the report exports (text with scripts, HTML, JSON, written
 * to files) and every exception message must contain none of them, in any of the encodings a leak would take
 * (text, lower/upper hex, UTF-16LE, raw bytes). The analysis must really have used the credentials (signature
 * VALID / INVALID instead of UNVERIFIED), so the checks are not vacuous.
 */
class SecretsNeverLeakTest {
    static final String PASSWORD = Repo.TEST_PASSWORD;
    static final Path CLEAN = Repo.capture("samba-3.0.2-clean.pcap");
    static final Path BAD_SIG = Repo.capture("samba-3.0.2-corrupt-validate-sig.pcap");

    /** name -> bytes that must appear nowhere. */
    static final Map<String, byte[]> SECRETS = new LinkedHashMap<>();
    static String ntHashHex, sessionKeyHex;

    @TempDir Path dir;

    @BeforeAll
    static void deriveSecrets() throws Exception {
        byte[] ntHash;
        try (Secret pw = Secret.password(PASSWORD.toCharArray()); Secret h = Ntlm.ntowfv1(pw)) {
            ntHash = h.copyBytes();
        }
        ntHashHex = HexFormat.of().formatHex(ntHash);
        byte[] sessionKey = sessionKeyFromCapture(CLEAN);
        sessionKeyHex = HexFormat.of().formatHex(sessionKey);
        byte[] signingKey;
        try (Secret k = Secret.bytes(sessionKey); Secret s = SigningKeys.signingKey(0x0302, k, null)) {
            signingKey = s.copyBytes();
        }
        SECRETS.put("password", PASSWORD.getBytes(StandardCharsets.UTF_8));
        SECRETS.put("password UTF-16LE", PASSWORD.getBytes(StandardCharsets.UTF_16LE));
        SECRETS.put("NT hash", ntHash);
        SECRETS.put("NT hash hex", ntHashHex.getBytes(StandardCharsets.US_ASCII));
        SECRETS.put("NT hash HEX", ntHashHex.toUpperCase().getBytes(StandardCharsets.US_ASCII));
        SECRETS.put("session key", sessionKey);
        SECRETS.put("session key hex", sessionKeyHex.getBytes(StandardCharsets.US_ASCII));
        SECRETS.put("session key HEX", sessionKeyHex.toUpperCase().getBytes(StandardCharsets.US_ASCII));
        SECRETS.put("signing key", signingKey);
        SECRETS.put("signing key hex", HexFormat.of().formatHex(signingKey).getBytes(StandardCharsets.US_ASCII));
    }

    /** The ExportedSessionKey of the capture's NTLM session, derived independently of the analysis. */
    static byte[] sessionKeyFromCapture(Path capture) throws CaptureException {
        List<Smb2Message> msgs = new ArrayList<>();
        Smb2Listener l = msgs::add;
        Map<String, Smb2StreamDecoder> dec = new LinkedHashMap<>();
        CaptureReader.read(capture, new StreamListener() {
            @Override public void data(TcpConnection c, Direction d, ByteBuffer b, long off, long frame, long t) {
                dec.computeIfAbsent(c.index() + "" + d, k -> new Smb2StreamDecoder(l, 65536)).feed(b, off, frame, t);
            }
        }, Progress.NONE);
        NtlmChallenge challenge = null;
        NtlmAuthenticate auth = null;
        for (Smb2Message m : msgs) {
            if (m.header().command() != Smb2Command.SESSION_SETUP) continue;
            NtlmMessage n = m.header().isResponse() ? SessionSetupResponse.decode(m).ntlmssp() : SessionSetupRequest.decode(m).ntlmssp();
            if (n instanceof NtlmChallenge c) challenge = c;
            if (n instanceof NtlmAuthenticate a) auth = a;
        }
        assertNotNull(challenge, "no NTLMSSP CHALLENGE in " + capture);
        assertNotNull(auth, "no NTLMSSP AUTHENTICATE in " + capture);
        try (Secret pw = Secret.password(PASSWORD.toCharArray())) {
            NtlmSessionKey k = Ntlm.sessionKeyFromAuthenticate(auth.userName(), auth.domainName(), pw, challenge.serverChallenge(),
                    auth.ntChallengeResponse(), auth.encryptedRandomSessionKey(), auth.flags());
            assertTrue(k.usable(), "the test password must open the capture's session: " + k.problem());
            try (Secret key = k.exportedSessionKey()) {
                return key.copyBytes();
            }
        }
    }

    /** Fails naming the secret and where it was found. */
    static void assertNoSecret(String where, byte[] content) {
        for (Map.Entry<String, byte[]> s : SECRETS.entrySet()) {
            assertFalse(indexOf(content, s.getValue()) >= 0, s.getKey() + " found in " + where);
        }
    }

    static void assertNoSecret(String where, String content) {
        assertNoSecret(where, content.getBytes(StandardCharsets.UTF_8));
        assertNoSecret(where + " (as UTF-16LE)", content.getBytes(StandardCharsets.UTF_16LE));
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    BrokenCapturesTest.Run cliChecked(String... args) {
        BrokenCapturesTest.Run r = BrokenCapturesTest.cli(args);
        assertNoSecret("stdout of " + String.join(" ", args), r.out());
        assertNoSecret("stderr of " + String.join(" ", args), r.err());
        return r;
    }

    @Test
    void cliWithPasswordNtHashOrSessionKeyPrintsNoSecret() throws Exception {
        Path pw = file("password.txt", PASSWORD + "\n");
        Path nt = file("nthash.txt", ntHashHex + "\n");
        Path sk = file("sessionkeys.txt", "# the test session\n" + sessionKeyHex + "\n");
        for (String[] secret : new String[][] {{"--password-file", pw.toString()}, {"--nt-hash-file", nt.toString()},
                {"--session-key-file", sk.toString()}}) {
            // a session key belongs to one session: the key file is only tried on the capture it came from
            boolean key = secret[0].equals("--session-key-file");
            for (boolean json : new boolean[] {false, true}) {
                List<String> args = new ArrayList<>(List.of("analyze", CLEAN.toString()));
                if (!key) args.add(BAD_SIG.toString());
                args.addAll(List.of(secret[0], secret[1]));
                if (json) args.add("--json");
                BrokenCapturesTest.Run r = cliChecked(args.toArray(String[]::new));
                assertEquals(key ? 0 : 1, r.exit(), "with the credentials SIGNATURE_INVALID is proven (fatal): " + r.err() + r.out());
                if (json) {
                    assertTrue(r.out().contains("\"signature\": \"VALID\""), "clean capture's signature verified with " + secret[0]);
                    if (!key) assertTrue(r.out().contains("\"verdict\": \"SIGNATURE_INVALID\""), "corrupt signature proven with " + secret[0]);
                }
            }
        }
        // the CLI writes no file: the directory holds only what this test wrote
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(3, s.count());
        }
    }

    @Test
    void malformedSecretFilesAreRefusedWithoutEchoingThem() throws Exception {
        List<Path> files = List.of(
                file("nthash-is-the-password.txt", PASSWORD + "\n"),
                file("sessionkey-is-the-password.txt", "0x1 " + PASSWORD + "\n"),
                file("sessionkey-id-is-the-password.txt", PASSWORD + " " + sessionKeyHex + "\n"),
                file("nthash-too-short.txt", ntHashHex.substring(0, 30) + "\n"));
        Path notUtf8 = dir.resolve("password-not-utf8.txt");
        byte[] raw = (PASSWORD + "\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(notUtf8, raw);
        String[] kinds = {"--nt-hash-file", "--session-key-file", "--session-key-file", "--nt-hash-file"};
        for (int i = 0; i < files.size(); i++) {
            BrokenCapturesTest.Run r = cliChecked("analyze", CLEAN.toString(), kinds[i], files.get(i).toString());
            assertEquals(2, r.exit(), files.get(i) + ": " + r.err());
            assertTrue(r.err().startsWith("negscope: " + files.get(i)), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
        BrokenCapturesTest.Run r = cliChecked("analyze", CLEAN.toString(), "--password-file", notUtf8.toString());
        assertEquals(2, r.exit(), r.err());
        assertNoSecret("stderr", r.err().getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void wrongPasswordIsReportedWithoutBeingShown() throws Exception {
        String wrong = "Wrong-" + PASSWORD;
        Path pw = file("wrong.txt", wrong + "\n");
        BrokenCapturesTest.Run r = cliChecked("analyze", CLEAN.toString(), "--password-file", pw.toString(), "--json");
        assertFalse(r.out().contains(wrong) || r.err().contains(wrong), "the wrong password is echoed");
    }

    @Test
    void reportExportsWrittenToFilesHoldNoSecret() throws Exception {
        AnalysisOptions options = AnalysisOptions.withPassword(PASSWORD.toCharArray(), null, null);
        List<String> exceptionMessages = new ArrayList<>();
        assertNoSecret("AnalysisOptions.toString", options.toString());
        AnalysisResult result;
        try {
            result = CaptureAnalyzer.analyze(List.of(CLEAN, BAD_SIG, Repo.broken().resolve("empty.pcap")), options, Progress.NONE,
                    new AnalysisListener() {
                        @Override public void captureFailed(Path file, CaptureException e) {
                            for (Throwable t = e; t != null; t = t.getCause()) exceptionMessages.add(String.valueOf(t.getMessage()));
                        }
                    });
        } finally {
            options.destroy();
        }
        assertFalse(exceptionMessages.isEmpty(), "the empty file fails");
        exceptionMessages.forEach(m -> assertNoSecret("exception message", m));
        assertTrue(result.connections().stream().anyMatch(c -> c.verdict() == Verdict.SIGNATURE_INVALID), "credentials used");
        for (ConnectionReport c : result.connections()) {
            assertNoSecret("ConnectionReport.toString", c.toString());
            assertNoSecret("summary", c.summary());
        }
        Path text = Files.writeString(dir.resolve("report.txt"), TextReport.render(result, RemedyAdvisor::advise, true));
        Path html = Files.writeString(dir.resolve("report.html"), HtmlReport.render(result, RemedyAdvisor::advise));
        Path json = dir.resolve("report.json");
        try (Writer w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
            JsonReport.write(result, w);
        }
        for (Path f : List.of(text, html, json)) {
            byte[] content = Files.readAllBytes(f);
            assertTrue(content.length > 500, f + " is not a real report");
            assertNoSecret(f.getFileName().toString(), content);
        }
    }

    @Test
    void secretsDoNotPrintThemselves() throws Exception {
        Secret pw = Secret.password(PASSWORD.toCharArray());
        Secret key = Secret.fromHex(sessionKeyHex);
        for (Secret s : List.of(pw, key)) {
            assertEquals("***", s.toString());
            assertEquals("***", String.valueOf(s));
            assertNoSecret("record holding a Secret", new Holder(s, "x").toString());
        }
        // the only String-returning methods of Secret are toString (no accessor can be concatenated by accident)
        for (Method m : Secret.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && (m.getReturnType() == String.class || m.getReturnType() == CharSequence.class)) {
                assertEquals("toString", m.getName(), "Secret." + m.getName() + " returns text");
            }
        }
        pw.clear();
        IllegalStateException e = assertThrows(IllegalStateException.class, pw::copyChars);
        assertNoSecret("exception", String.valueOf(e.getMessage()));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Secret.fromHex(PASSWORD));
        assertNoSecret("fromHex exception", bad.getMessage());
        AnalysisOptions o = AnalysisOptions.withPassword(PASSWORD.toCharArray(), "nsuser", "NEGSCOPE");
        assertNoSecret("AnalysisOptions.toString", o.toString());
        o.destroy();
        key.clear();
    }

    /** Regression test for F3 (analysis): toString() threw "secret was cleared" once destroy() had run. */
    @Test
    void analysisOptionsCanBePrintedAfterDestroy() {
        AnalysisOptions o = AnalysisOptions.withPassword(PASSWORD.toCharArray(), null, null);
        o.destroy();
        String s = assertDoesNotThrow(o::toString);
        assertNoSecret("AnalysisOptions.toString after destroy", s);
    }

    record Holder(Secret secret, String name) {}
}
