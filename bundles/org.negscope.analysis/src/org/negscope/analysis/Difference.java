package org.negscope.analysis;

/**
 * One field whose VALIDATE value differs from the NEGOTIATE value.
 * side: "request" (client's VALIDATE vs its NEGOTIATE request; the server aborts) or "response"
 * (server's VALIDATE response vs its NEGOTIATE response; the client aborts).
 * field: Capabilities | Guid | SecurityMode | Dialect | Dialects. Values formatted as in docs/cli.md.
 */
public record Difference(String side, String field, String negotiate, String validate) {}
