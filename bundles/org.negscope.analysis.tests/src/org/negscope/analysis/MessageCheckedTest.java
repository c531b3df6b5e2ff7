package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.capture.Direction;
import org.negscope.capture.Progress;
import org.negscope.capture.TcpConnection;
import org.negscope.crypto.SignatureCheck;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.TransformHeader;

/**
 * {@link AnalysisListener#messageChecked} and {@link AnalysisListener#messagesDecrypted}: the per-message view of the
 * same checks {@link ConnectionReport#signatureChecks()} counts (the workbench's packet detail shows them instead of
 * checking signatures a second way). On the committed Samba captures with the test password.
 */
class MessageCheckedTest {
    /** What a listener was told. */
    static final class Told implements AnalysisListener {
        final List<SignatureCheck> checks = new ArrayList<>();
        final List<Smb2Message> messages = new ArrayList<>();
        int transforms;
        int decrypted;

        @Override public void messageChecked(TcpConnection c, Direction d, Smb2Message m, SignatureCheck check) {
            assertNotNull(c);
            assertNotNull(d);
            assertTrue(m.header().isSigned(), "only signed messages are checked");
            checks.add(check);
            messages.add(m);
        }

        @Override public void messagesDecrypted(TcpConnection c, Direction d, TransformHeader t, List<Smb2Message> inner) {
            transforms++;
            decrypted += inner.size();
        }

        long count(SignatureCheck.Status s) {
            return checks.stream().filter(c -> c.status() == s).count();
        }
    }

    static ConnectionReport analyze(String file, String password, Told told) throws Exception {
        AnalysisResult r = CaptureAnalyzer.analyze(List.of(TestData.capture(file)),
                AnalysisOptions.withPassword(password.toCharArray(), null, null), Progress.NONE, told);
        assertEquals(1, r.connections().size());
        return r.connections().get(0);
    }

    @Test
    void everyCountedCheckIsToldOnce() throws Exception {
        Told told = new Told();
        SignatureChecks s = analyze("samba-3.1.1-clean.pcap", TestData.TEST_PASSWORD, told).signatureChecks();
        assertEquals(s.signedMessages(), told.checks.size());
        assertEquals(s.valid(), told.count(SignatureCheck.Status.VALID));
        assertTrue(s.valid() >= 20, s.text());
    }

    @Test
    void wrongPasswordIsToldInvalidForEveryMessage() throws Exception {
        Told told = new Told();
        SignatureChecks s = analyze("samba-3.0.2-clean.pcap", "not-the-password", told).signatureChecks();
        assertEquals(s.invalid(), told.count(SignatureCheck.Status.INVALID));
        assertEquals(told.checks.size(), told.count(SignatureCheck.Status.INVALID));
        assertEquals(s.firstInvalidExpected(), told.checks.get(0).expectedHex(), "the first INVALID is the first told");
    }

    @Test
    void alteredValidateResponseIsToldInvalidWithTheReportsMessage() throws Exception {
        Told told = new Told();
        ConnectionReport r = analyze("samba-3.0.2-corrupt-validate-sig.pcap", TestData.TEST_PASSWORD, told);
        int i = told.messages.indexOf(r.validateResponse());
        assertTrue(i >= 0, "the report's VALIDATE response is the very message told");
        SignatureCheck c = told.checks.get(i);
        assertEquals(SignatureCheck.Status.INVALID, c.status());
        assertEquals(r.signatureChecks().validateExpected(), c.expectedHex());
        assertEquals(r.signatureChecks().validateFound(), c.foundHex());
        assertEquals(1, told.count(SignatureCheck.Status.INVALID));
    }

    @Test
    void decryptedMessagesAreToldBeforeTheyAreAnalysed() throws Exception {
        Told told = new Told();
        SignatureChecks s = analyze("samba-3.0.2-encrypted.pcap", TestData.TEST_PASSWORD, told).signatureChecks();
        assertTrue(s.encrypted() > 0);
        assertEquals(s.decrypted(), told.transforms, "one call per TRANSFORM message decrypted");
        assertTrue(told.decrypted >= told.transforms);
    }
}
