package org.negscope.remedy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/protocol.md: never advise turning signing off - in any text or script the remedy can produce. */
class NoSigningDisableTest {
    static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("(?i)RequireSecuritySignature\\s+\\$false"),
            Pattern.compile("(?i)RequireSecuritySignature\\s*=\\s*\\$false"),
            Pattern.compile("(?i)\"?RequireSecuritySignature\"?\\s*=\\s*(dword:)?0+\\b"),
            Pattern.compile("(?i)\"?EnableSecuritySignature\"?\\s*(=\\s*(dword:)?0+\\b|\\s\\$false)"),
            Pattern.compile("(?i)signing_required\\s*=\\s*(no|false)"),
            Pattern.compile("(?i)(client|server) signing\\s*=\\s*(disabled|off|no|auto)"),
            Pattern.compile("(?i)\\b(disable|turn off|switch off|deactivate)\\s+(smb\\s+)?signing"),
            Pattern.compile("(?i)signing\\s+(off|disabled)\\b"));

    static String firstViolation(String text) {
        for (Pattern p : FORBIDDEN) {
            var m = p.matcher(text);
            if (m.find()) {
                return p.pattern() + " matched: " + text.substring(Math.max(0, m.start() - 60), Math.min(text.length(), m.end() + 60));
            }
        }
        return null;
    }

    @Test
    void theGrepFindsWhatItIsMeantToFind() {
        for (String bad : List.of("Set-SmbClientConfiguration -RequireSecuritySignature $false -Force",
                "\"RequireSecuritySignature\"=dword:00000000", "requiresecuritysignature = 0", "Disable SMB signing on the server",
                "set signing_required=no", "server signing = disabled", "EnableSecuritySignature $false")) {
            assertTrue(firstViolation(bad) != null, bad);
        }
        assertTrue(firstViolation("Set-SmbClientConfiguration -RequireSecuritySignature $true -Force") == null);
        assertTrue(firstViolation("\"RequireSecuritySignature\"=dword:00000001") == null);
    }

    @Test
    void noGeneratedTextAdvisesTurningSigningOff() {
        int checked = 0;
        for (Remedy r : AllRemedies.all()) {
            String v = firstViolation(AllRemedies.allText(r));
            assertFalse(v != null, r.verdict() + " / " + r.client().describe() + ": " + v);
            checked++;
        }
        assertTrue(checked > 400, "remedies checked: " + checked);
        for (Script s : AllRemedies.distinctScripts()) {
            String v = firstViolation(s.content());
            assertFalse(v != null, s.fileName() + ": " + v);
        }
    }
}
