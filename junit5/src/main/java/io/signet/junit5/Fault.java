package io.signet.junit5;

import io.signet.protocol.status.NtStatus;
import io.signet.server.conn.InterceptedRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** One fault in force: its rule, what it does, and how often it struck. */
public final class Fault {
    enum Action { FAIL, DELAY, DROP_CONNECTION }

    private final FaultRule rule;
    private final Action action;
    private final NtStatus status;
    private final Duration delay;
    private final AtomicInteger matched = new AtomicInteger();
    private final AtomicInteger struck = new AtomicInteger();

    Fault(FaultRule rule, Action action, NtStatus status, Duration delay) {
        this.rule = rule;
        this.action = action;
        this.status = status;
        this.delay = delay;
    }

    /** How many requests this fault acted on so far. */
    public int hits() {
        return struck.get();
    }

    /** Takes the fault out of force. */
    public void remove() {
        rule.faults().remove(this);
    }

    Action action() {
        return action;
    }

    NtStatus status() {
        return status;
    }

    Duration delay() {
        return delay;
    }

    /** Counts a request against the rule; true when the fault acts on it. */
    boolean strikes(InterceptedRequest request) {
        if (!rule.matches(request.command(), request.path(), request.user())) {
            return false;
        }
        int n = matched.incrementAndGet();
        if (rule.occurrence() != 0 && n != rule.occurrence()) {
            return false;
        }
        struck.incrementAndGet();
        return true;
    }

    @Override
    public String toString() {
        return rule + " -> " + switch (action) {
            case FAIL -> "fail " + status;
            case DELAY -> "delay " + delay;
            case DROP_CONNECTION -> "drop the connection";
        };
    }
}
