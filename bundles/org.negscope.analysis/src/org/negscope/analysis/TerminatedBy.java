package org.negscope.analysis;

/** Who ended the TCP connection (JSON: lower-case name). */
public enum TerminatedBy {
    CLIENT, SERVER, NONE, UNKNOWN;
    public String json() { return name().toLowerCase(java.util.Locale.ROOT); }
}
