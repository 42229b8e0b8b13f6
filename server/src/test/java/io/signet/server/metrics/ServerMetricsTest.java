package io.signet.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.status.NtStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {
    private final ServerMetrics metrics = new ServerMetrics();

    @Test
    void everyCommandIsListedFromTheStartAndCountsItsRequests() {
        for (Smb2Command c : Smb2Command.values()) {
            assertEquals(0, counter("signet_requests", "command", c.name()), c.name());
        }
        assertEquals(0, counter("signet_requests", "command", "UNKNOWN"));
        metrics.request(Smb2Command.READ, SigningAlgorithm.AES_CMAC, 0, 1000);
        metrics.request(Smb2Command.READ, null, 0, 1000);
        metrics.request(null, null, NtStatus.STATUS_INVALID_PARAMETER.code(), 1000);
        assertEquals(2, counter("signet_requests", "command", "READ"));
        assertEquals(1, counter("signet_requests", "command", "UNKNOWN"));
        assertEquals(1, counter("signet_request_errors", "command", "UNKNOWN", "status", "STATUS_INVALID_PARAMETER"));
    }

    @Test
    void onlyErrorSeverityCountsAsAnErrorAndNotALogonLegToCome() {
        metrics.request(Smb2Command.SESSION_SETUP, null, NtStatus.STATUS_MORE_PROCESSING_REQUIRED.code(), 1);
        metrics.request(Smb2Command.QUERY_DIRECTORY, null, NtStatus.STATUS_NO_MORE_FILES.code(), 1);
        metrics.request(Smb2Command.CHANGE_NOTIFY, null, NtStatus.STATUS_PENDING.code(), 1);
        metrics.request(Smb2Command.CREATE, null, NtStatus.STATUS_OBJECT_NAME_NOT_FOUND.code(), 1);
        metrics.asyncResponse(Smb2Command.CHANGE_NOTIFY, NtStatus.STATUS_CANCELLED.code());
        metrics.asyncResponse(Smb2Command.CHANGE_NOTIFY, NtStatus.STATUS_SUCCESS.code());
        List<DataPointSnapshot> errors = points("signet_request_errors");
        assertEquals(2, errors.size(), errors.toString());
        assertEquals(1, counter("signet_request_errors", "command", "CREATE", "status", "STATUS_OBJECT_NAME_NOT_FOUND"));
        assertEquals(1, counter("signet_request_errors", "command", "CHANGE_NOTIFY", "status", "STATUS_CANCELLED"));
        assertEquals(1, counter("signet_requests", "command", "CHANGE_NOTIFY"), "the final response is no request");
    }

    @Test
    void aStatusCodeNtStatusDoesNotNameIsOther() {
        metrics.request(Smb2Command.IOCTL, null, 0xC0FFEE01, 1);
        assertEquals(1, counter("signet_request_errors", "command", "IOCTL", "status", "OTHER"));
    }

    @Test
    void everyStatusFindsItsOwnSlot() {
        for (NtStatus s : NtStatus.values()) {
            assertEquals(s.name(), MetricLabels.statusName(MetricLabels.statusSlot(s.code())));
        }
        assertEquals("OTHER", MetricLabels.statusName(MetricLabels.statusSlot(0x12345678)));
    }

    @Test
    void latencyIsPerCommandAndSigningAlgorithmInSeconds() {
        metrics.request(Smb2Command.WRITE, SigningAlgorithm.AES_GMAC, 0, 3_000_000); // 3 ms
        metrics.request(Smb2Command.WRITE, SigningAlgorithm.AES_GMAC, 0, 20_000);    // 20 us
        metrics.request(Smb2Command.WRITE, null, 0, 20_000);
        HistogramSnapshot.HistogramDataPointSnapshot gmac = histogram("WRITE", "AES-GMAC");
        assertEquals(2, gmac.getCount());
        assertEquals(0.00302, gmac.getSum(), 1e-12);
        assertEquals(1, cumulative(gmac, 0.00005));
        assertEquals(1, cumulative(gmac, 0.0025));
        assertEquals(2, cumulative(gmac, 0.005));
        assertEquals(1, histogram("WRITE", "none").getCount());
        assertEquals(2, points("signet_request_duration_seconds").size(), "only the pairs seen are listed");
    }

    @Test
    void signatureFailuresByAlgorithmAndReason() {
        metrics.signatureFailure(SigningAlgorithm.HMAC_SHA256, false);
        metrics.signatureFailure(SigningAlgorithm.AES_CMAC, true);
        metrics.signatureFailure(SigningAlgorithm.AES_CMAC, true);
        metrics.signatureFailure(null, false);
        assertEquals(1, counter("signet_signature_failures", "signing", "HMAC-SHA256", "reason", "invalid"));
        assertEquals(2, counter("signet_signature_failures", "signing", "AES-CMAC", "reason", "missing"));
        assertEquals(0, counter("signet_signature_failures", "signing", "AES-GMAC", "reason", "invalid"));
        assertEquals(1, counter("signet_signature_failures", "signing", "none", "reason", "invalid"));
    }

    @Test
    void logonFailuresAndBytes() {
        metrics.logonFailure(NtStatus.STATUS_LOGON_FAILURE.code());
        metrics.logonFailure(NtStatus.STATUS_LOGON_FAILURE.code());
        metrics.bytesRead(65536);
        metrics.bytesRead(1);
        metrics.bytesWritten(0xFFFFFFFFL);
        assertEquals(2, counter("signet_logon_failures", "status", "STATUS_LOGON_FAILURE"));
        assertEquals(65537, counter("signet_read_bytes"));
        assertEquals(0xFFFFFFFFL, counter("signet_written_bytes"));
    }

    @Test
    void gaugesReadTheTablesAtEachScrape() {
        long[] sessions = {3};
        metrics.tables(new TableCounts() {
            @Override
            public long connections() {
                return 2;
            }

            @Override
            public long sessions() {
                return sessions[0];
            }

            @Override
            public long treeConnects() {
                return 5;
            }

            @Override
            public long opens() {
                return 7;
            }
        });
        assertEquals(2, gauge("signet_connections"));
        assertEquals(3, gauge("signet_sessions"));
        assertEquals(5, gauge("signet_tree_connects"));
        assertEquals(7, gauge("signet_opens"));
        sessions[0] = 4;
        assertEquals(4, gauge("signet_sessions"));
    }

    /**
     * The request path allocates nothing once each series exists: counted by the JVM's per-thread allocation counter
     * over many requests, so one stray allocation per request (a boxed status, a label array) would show as
     * megabytes.
     */
    @Test
    void recordingARequestAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int error = NtStatus.STATUS_ACCESS_DENIED.code();
        // The first round creates the series. Later rounds stop as soon as one allocates (next to) nothing: until
        // the JIT has compiled the path (slow on a loaded machine) escape analysis has not removed its temporaries,
        // whereas an allocation the code really makes per request shows in every round.
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 20 && least >= 64 * 1024; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 200_000; i++) {
                metrics.request(Smb2Command.WRITE, SigningAlgorithm.AES_CMAC, error, i);
                metrics.bytesWritten(i);
                metrics.signatureFailure(SigningAlgorithm.AES_CMAC, false);
                metrics.asyncResponse(Smb2Command.CHANGE_NOTIFY, error);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            if (round > 0) {
                least = Math.min(least, allocated);
            }
        }
        assertTrue(least < 64 * 1024, least + " bytes allocated by 200000 recorded requests in the best round");
    }

    private List<DataPointSnapshot> points(String name) {
        for (MetricSnapshot m : metrics.registry().scrape()) {
            if (m.getMetadata().getName().equals(name)) {
                return List.copyOf(m.getDataPoints());
            }
        }
        throw new AssertionError("no metric " + name);
    }

    private DataPointSnapshot point(String name, String... labels) {
        Labels wanted = Labels.of(labels);
        for (DataPointSnapshot p : points(name)) {
            if (p.getLabels().equals(wanted)) {
                return p;
            }
        }
        throw new AssertionError("no " + name + wanted + " in " + points(name));
    }

    private double counter(String name, String... labels) {
        return ((CounterSnapshot.CounterDataPointSnapshot) point(name, labels)).getValue();
    }

    private double gauge(String name) {
        return ((GaugeSnapshot.GaugeDataPointSnapshot) point(name)).getValue();
    }

    private HistogramSnapshot.HistogramDataPointSnapshot histogram(String command, String signing) {
        return (HistogramSnapshot.HistogramDataPointSnapshot) point("signet_request_duration_seconds",
                "command", command, "signing", signing);
    }

    private static long cumulative(HistogramSnapshot.HistogramDataPointSnapshot h, double upperBound) {
        long n = 0;
        boolean found = false;
        for (var bucket : h.getClassicBuckets()) {
            n += bucket.getCount();
            if (bucket.getUpperBound() == upperBound) {
                found = true;
                break;
            }
        }
        assertTrue(found, "no bucket le=" + upperBound);
        assertFalse(h.hasNativeHistogramData(), "classic buckets only");
        return n;
    }
}
