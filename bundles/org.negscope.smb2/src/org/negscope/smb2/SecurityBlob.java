package org.negscope.smb2;

/** Shared reading of a SecurityBuffer: the GSS token in SESSION_SETUP and NEGOTIATE bodies. */
final class SecurityBlob {
    private SecurityBlob() {}

    static byte[] read(MessageReader r, int off, int len) {
        r.pointer("SecurityBufferOffset", off, "SecurityBufferLength", len);
        if (len == 0) {
            return new byte[0];
        }
        byte[] sb = r.bytes(off, len, "Buffer (security blob)");
        if (r.recording()) {
            Spnego.describeInto(r, off, len);
        }
        return sb;
    }

    /** The NTLMSSP message inside {@code blob} (SPNEGO-wrapped or raw), decoded; null if there is none. */
    static NtlmMessage ntlmssp(byte[] blob) {
        if (blob.length == 0) {
            return null;
        }
        byte[] t = Spnego.decode(blob).ntlmssp();
        return t == null ? null : Ntlmssp.decode(t);
    }
}
