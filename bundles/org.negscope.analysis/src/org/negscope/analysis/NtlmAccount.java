package org.negscope.analysis;

/**
 * The account an NTLMSSP AUTHENTICATE message (MS-NLMP 2.2.1.3) names: user, domain and the client's workstation
 * name. Names, not secrets: the responses and keys of the message are never copied here.
 *
 * @param frame frame of the SESSION_SETUP request that carried the AUTHENTICATE message
 */
public record NtlmAccount(String user, String domain, String workstation, boolean anonymous, long frame) {
    public NtlmAccount {
        user = user == null ? "" : user;
        domain = domain == null ? "" : domain;
        workstation = workstation == null ? "" : workstation;
    }

    /** "NEGSCOPE\\nsuser from workstation VM", "anonymous (no user name)". */
    public String text() {
        if (anonymous) {
            return "anonymous (no user name)" + (workstation.isEmpty() ? "" : " from workstation " + workstation);
        }
        return (domain.isEmpty() ? "" : domain + "\\") + user + (workstation.isEmpty() ? "" : " from workstation " + workstation);
    }
}
