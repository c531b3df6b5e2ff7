package org.negscope.analysis;

/** Signature state of the VALIDATE response (docs/cli.md "signature"). */
public enum SignatureStatus { VALID, INVALID, UNVERIFIED, UNSIGNED, NONE }
