package io.signet.junit5;

import io.signet.protocol.status.NtStatus;
import io.signet.server.conn.InterceptedRequest;
import io.signet.server.conn.RequestInterceptor;

/** The extension's {@link RequestInterceptor}: applies the {@link Faults} and fills the {@link Operations}. */
final class TestDouble implements RequestInterceptor {
    private final Faults faults = new Faults();
    private final Operations operations = new Operations();

    Faults faults() {
        return faults;
    }

    Operations operations() {
        return operations;
    }

    /** Before each test: no faults, nothing recorded. */
    void reset() {
        faults.clear();
        operations.clear();
    }

    @Override
    public NtStatus before(InterceptedRequest request) {
        for (Fault f : faults.rules()) {
            if (f.action() == Fault.Action.DROP_CONNECTION || !f.strikes(request)) {
                continue;
            }
            if (f.action() == Fault.Action.FAIL) {
                return f.status();
            }
            sleep(f);
        }
        return null;
    }

    @Override
    public AfterAction after(InterceptedRequest request) {
        String path = request.path() == null ? null : request.path().replace('\\', '/');
        operations.record(new Operation(request.command(), request.user(), request.share(), path, request.status(),
                request.bytesRead(), request.bytesWritten()));
        for (Fault f : faults.rules()) {
            if (f.action() == Fault.Action.DROP_CONNECTION && f.strikes(request)) {
                return AfterAction.DROP_CONNECTION;
            }
        }
        return AfterAction.SEND;
    }

    private static void sleep(Fault f) {
        try {
            Thread.sleep(f.delay().toMillis());
        } catch (InterruptedException e) {
            // The server is stopping: let the request run now.
            Thread.currentThread().interrupt();
        }
    }
}
