/**
 * Micrometer meters for Signet, so any application exports what its verifier, revocation store
 * and keyset do: {@link dev.signet.metrics.VerifierMetrics} (verifications by outcome and
 * rejection reason, latency histogram, cache hits), {@link dev.signet.metrics.RevocationMetrics}
 * (mirror size, staleness) and {@link dev.signet.metrics.KeysetMetrics} (keyset generation and
 * age, last reload error). Each is a {@code MeterBinder}.
 *
 * <p>Micrometer ({@code io.micrometer:micrometer-core}) is an optional dependency: only this
 * package needs it. {@code signet serve} exposes these meters in Prometheus text on
 * {@code /metrics} (docs/GATEWAYS.md lists them).
 *
 * <p><b>Security:</b> no meter carries a token, a key, a subject or a session id; tags are
 * fixed sets (outcome, {@link dev.signet.Rejection} name, cache result, keyset file error).
 */
package dev.signet.metrics;
