package org.negscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.capture.Progress;

/**
 * The signature check of every signed message in the exports, on real Samba captures analysed with the documented test password: JSON "signatureCheck"
 * (after the contract's keys; null without credentials) with the counts and the VALIDATE response's expected and
 * found signature, and the same facts in the text report. The password appears in none of them.
 */
class SignatureCheckReportTest {
    static final String PASSWORD = "NegScope-Test-1";

    static AnalysisResult analyze(String name, String password) throws Exception {
        return CaptureAnalyzer.analyze(List.of(RealCaptureReportsTest.capture(name)),
                password == null ? AnalysisOptions.none() : AnalysisOptions.withPassword(password.toCharArray(), null, null),
                Progress.NONE, null);
    }

    static JsonObject connection(AnalysisResult r) {
        return JsonParser.parseString(JsonReport.toJson(r)).getAsJsonObject().getAsJsonArray("connections").get(0).getAsJsonObject();
    }

    @Test void jsonCountsEverySignedMessageOfThe311Capture() throws Exception {
        AnalysisResult r = analyze("samba-3.1.1-clean.pcap", PASSWORD);
        JsonObject s = connection(r).getAsJsonObject("signatureCheck");
        assertEquals(JsonReport.SIGNATURE_CHECK_KEYS, new ArrayList<>(s.keySet()));
        assertEquals("AES-128-GMAC", s.get("algorithm").getAsString());
        assertEquals(25, s.get("signedMessages").getAsInt());
        assertEquals(25, s.get("valid").getAsInt());
        assertEquals(0, s.get("invalid").getAsInt());
        assertEquals(0, s.get("unverified").getAsInt());
        assertTrue(s.get("firstInvalidFrame").isJsonNull());
        assertTrue(s.get("credentialsHint").isJsonNull());
        assertFalse(JsonReport.toJson(r).contains(PASSWORD));
    }

    @Test void jsonAndTextShowExpectedAndFoundOfTheAlteredValidateResponse() throws Exception {
        AnalysisResult r = analyze("samba-3.0.2-corrupt-validate-sig.pcap", PASSWORD);
        JsonObject c = connection(r);
        assertEquals("INVALID", c.get("signature").getAsString());
        JsonObject s = c.getAsJsonObject("signatureCheck");
        assertEquals(4, s.get("valid").getAsInt());
        assertEquals(1, s.get("invalid").getAsInt());
        assertEquals(19, s.get("firstInvalidFrame").getAsInt());
        String expected = s.get("validateExpected").getAsString();
        String found = s.get("validateFound").getAsString();
        assertEquals(32, expected.length());
        assertEquals(s.get("firstInvalidExpected").getAsString(), expected);
        assertEquals(s.get("firstInvalidFound").getAsString(), found);
        assertFalse(expected.equals(found));

        String text = TextReport.render(r).replaceAll("\\s+", " "); // the report wraps long lines
        assertTrue(text.contains("INVALID (does not match the session key: expected " + expected + ", found " + found + ")"), text);
        assertTrue(text.contains("Signatures: 5 signed messages: 4 VALID, 1 INVALID, 0 UNVERIFIED (AES-128-CMAC); first INVALID in frame 19"),
                text);
        assertFalse(text.contains(PASSWORD));
    }

    @Test void wrongPasswordIsHintedEverywhere() throws Exception {
        AnalysisResult r = analyze("samba-3.0.2-clean.pcap", "Not-The-Password-42");
        JsonObject s = connection(r).getAsJsonObject("signatureCheck");
        assertEquals(0, s.get("valid").getAsInt());
        assertEquals(29, s.get("invalid").getAsInt());
        assertTrue(s.get("credentialsHint").getAsString().contains("may be wrong"), s.toString());
        String text = TextReport.render(r).replaceAll("\\s+", " ");
        assertTrue(text.contains("UNVERIFIED (signed; the password does not match"), text);
        assertTrue(text.contains("0 VALID, 29 INVALID"), text);
        assertFalse(text.contains("Not-The-Password-42") || JsonReport.toJson(r).contains("Not-The-Password-42"));
    }

    @Test void withoutCredentialsTheFieldIsNull() throws Exception {
        JsonObject c = connection(analyze("samba-3.0.2-clean.pcap", null));
        assertTrue(c.has("signatureCheck"));
        assertTrue(c.get("signatureCheck").isJsonNull());
    }
}
