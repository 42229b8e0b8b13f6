package io.signet.server.metrics;

import static io.signet.server.metrics.MetricLabels.COMMAND_SLOTS;
import static io.signet.server.metrics.MetricLabels.SIGNING_SLOTS;
import static io.signet.server.metrics.MetricLabels.STATUS_SLOTS;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.status.NtStatus;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToLongFunction;

/**
 * What the server counts for its Prometheus endpoint: requests, errors and latency per command, signature and logon
 * failures, bytes read and written; the table sizes are read when scraped. Safe from any thread.
 *
 * <p>Recording stays cheap on the request path: every label comes from a small fixed set (command, NTSTATUS name,
 * signing algorithm), and each data point is looked up once, then kept in an array slot, so a request costs array
 * reads and the library's lock-free adds, no allocation. A server without an endpoint has no instance of this class;
 * its request path pays one null check.
 */
public final class ServerMetrics {
    /** Seconds: from 50 microseconds (an ECHO) to 10 seconds (a CREATE waiting for an oplock break). */
    private static final double[] LATENCY_BOUNDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
        0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Counter errors;
    private final Histogram latency;
    private final Counter signatureFailures;
    private final Counter logonFailures;
    private final CounterDataPoint bytesRead;
    private final CounterDataPoint bytesWritten;

    private final CounterDataPoint[] requestsByCommand = new CounterDataPoint[COMMAND_SLOTS];
    private final CounterDataPoint[] invalidSignatures = new CounterDataPoint[SIGNING_SLOTS];
    private final CounterDataPoint[] missingSignatures = new CounterDataPoint[SIGNING_SLOTS];
    /** Filled as pairs are first seen, so the scrape lists only what happened. */
    private final AtomicReferenceArray<CounterDataPoint> errorsByCommandStatus =
            new AtomicReferenceArray<>(COMMAND_SLOTS * STATUS_SLOTS);
    private final AtomicReferenceArray<CounterDataPoint> logonFailuresByStatus =
            new AtomicReferenceArray<>(STATUS_SLOTS);
    private final AtomicReferenceArray<DistributionDataPoint> latencyByCommandSigning =
            new AtomicReferenceArray<>(COMMAND_SLOTS * SIGNING_SLOTS);

    public ServerMetrics() {
        requests = Counter.builder().name("signet_requests")
                .help("SMB2 requests handled, per command (a compound counts each of its requests)")
                .labelNames("command").withoutExemplars().register(registry);
        errors = Counter.builder().name("signet_request_errors")
                .help("SMB2 responses with an error NTSTATUS, per command and status"
                        + " (STATUS_MORE_PROCESSING_REQUIRED, a logon leg to come, is not one)")
                .labelNames("command", "status").withoutExemplars().register(registry);
        latency = Histogram.builder().name("signet_request_duration_seconds")
                .help("Time from the start of a request's checks (signature included) to its finished response"
                        + " (the interim one for a request that goes asynchronous), per command and signing"
                        + " algorithm of its session")
                .labelNames("command", "signing").classicOnly().classicUpperBounds(LATENCY_BOUNDS)
                .withoutExemplars().register(registry);
        signatureFailures = Counter.builder().name("signet_signature_failures")
                .help("Requests refused for their signature: invalid (does not verify) or missing (unsigned on a"
                        + " session that requires signing), per signing algorithm of the session")
                .labelNames("signing", "reason").withoutExemplars().register(registry);
        logonFailures = Counter.builder().name("signet_logon_failures")
                .help("SESSION_SETUP requests whose NTLM or Kerberos logon failed, per status answered")
                .labelNames("status").withoutExemplars().register(registry);
        bytesRead = Counter.builder().name("signet_read_bytes")
                .help("Bytes of data in READ responses (files and named pipes)")
                .withoutExemplars().register(registry).labelValues();
        bytesWritten = Counter.builder().name("signet_written_bytes")
                .help("Bytes WRITE requests wrote (files and named pipes)")
                .withoutExemplars().register(registry).labelValues();
        for (int c = 0; c < COMMAND_SLOTS; c++) {
            requestsByCommand[c] = requests.labelValues(MetricLabels.commandName(c));
        }
        for (int s = 0; s < SIGNING_SLOTS; s++) {
            invalidSignatures[s] = signatureFailures.labelValues(MetricLabels.signingName(s), "invalid");
            missingSignatures[s] = signatureFailures.labelValues(MetricLabels.signingName(s), "missing");
        }
    }

    /** The registry the endpoint exposes. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Registers the gauges read from the server's tables at each scrape. Call once. */
    public void tables(TableCounts tables) {
        gauge("signet_connections", "Open SMB connections", tables, TableCounts::connections);
        gauge("signet_sessions", "Sessions, those still authenticating included", tables, TableCounts::sessions);
        gauge("signet_tree_connects", "Tree connects of all sessions", tables, TableCounts::treeConnects);
        gauge("signet_opens", "Open files, directories and named pipes of all sessions", tables, TableCounts::opens);
    }

    private void gauge(String name, String help, TableCounts tables, ToLongFunction<TableCounts> read) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(read.applyAsLong(tables))).register(registry);
    }

    /**
     * One request answered (or, for CANCEL, which has no answer, handled).
     *
     * @param command null for a command code outside [MS-SMB2] 2.2.1.2
     * @param signing the signing algorithm of the request's session, null without a session key
     * @param status  the NTSTATUS of the response (STATUS_PENDING for an interim response)
     * @param nanos   the time from the request's arrival at the gate to its response
     */
    public void request(Smb2Command command, SigningAlgorithm signing, int status, long nanos) {
        int c = MetricLabels.commandSlot(command);
        requestsByCommand[c].inc();
        response(c, status);
        int slot = c * SIGNING_SLOTS + MetricLabels.signingSlot(signing);
        DistributionDataPoint point = latencyByCommandSigning.get(slot);
        if (point == null) {
            point = latency.labelValues(MetricLabels.commandName(c),
                    MetricLabels.signingName(MetricLabels.signingSlot(signing)));
            latencyByCommandSigning.set(slot, point);
        }
        point.observe(nanos / 1e9);
    }

    /** The final response of a request that went asynchronous. */
    public void asyncResponse(Smb2Command command, int status) {
        response(MetricLabels.commandSlot(command), status);
    }

    private void response(int commandSlot, int status) {
        if (!isError(status)) {
            return;
        }
        int s = MetricLabels.statusSlot(status);
        int slot = commandSlot * STATUS_SLOTS + s;
        CounterDataPoint point = errorsByCommandStatus.get(slot);
        if (point == null) {
            point = errors.labelValues(MetricLabels.commandName(commandSlot), MetricLabels.statusName(s));
            errorsByCommandStatus.set(slot, point);
        }
        point.inc();
    }

    /**
     * [MS-ERREF] 2.3.1: severity 3 is an error; STATUS_MORE_PROCESSING_REQUIRED carries that severity but only says
     * that a multi-leg logon goes on.
     */
    static boolean isError(int status) {
        return (status >>> 30) == 3 && status != NtStatus.STATUS_MORE_PROCESSING_REQUIRED.code();
    }

    /** A request refused because its signature does not verify ({@code missing} false) or it is unsigned. */
    public void signatureFailure(SigningAlgorithm signing, boolean missing) {
        int s = MetricLabels.signingSlot(signing);
        (missing ? missingSignatures : invalidSignatures)[s].inc();
    }

    /** A SESSION_SETUP whose logon failed, answered {@code status}. */
    public void logonFailure(int status) {
        int s = MetricLabels.statusSlot(status);
        CounterDataPoint point = logonFailuresByStatus.get(s);
        if (point == null) {
            point = logonFailures.labelValues(MetricLabels.statusName(s));
            logonFailuresByStatus.set(s, point);
        }
        point.inc();
    }

    public void bytesRead(long n) {
        bytesRead.inc(n);
    }

    public void bytesWritten(long n) {
        bytesWritten.inc(n);
    }
}
