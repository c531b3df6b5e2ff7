package org.negscope.analysis;

/** Signature state of the VALIDATE response (DESIGN §8 "signature"). */
public enum SignatureStatus { VALID, INVALID, UNVERIFIED, UNSIGNED, NONE }
