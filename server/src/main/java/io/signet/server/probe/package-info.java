/**
 * The client behind {@code signet probe}: audits the signing of any SMB2/3 server, Signet or another.
 *
 * <p>{@link io.signet.server.probe.SignetProbe} runs the audit; each step opens connections of its own
 * ({@code ProbeConnection}: Direct TCP framing, connect and read timeouts, a 1 MiB bound on announced frames) and
 * encodes and decodes every message with {@code protocol}'s records. The result is a
 * {@link io.signet.server.probe.ProbeReport}, printed by {@link io.signet.server.probe.ReportText} or
 * {@link io.signet.server.probe.ReportJson}. Nothing here is used by the server itself.
 */
package io.signet.server.probe;
