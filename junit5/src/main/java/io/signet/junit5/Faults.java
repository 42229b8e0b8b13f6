package io.signet.junit5;

import io.signet.protocol.smb2.Smb2Command;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Faults injected into the server's request path, after a request passed the server's own checks (session, signature,
 * tree connect) and before its handler runs:
 * <pre>{@code
 * smb.faults().on(Smb2Command.CREATE).path("*.tmp").fail(NtStatus.STATUS_DISK_FULL);
 * smb.faults().on(Smb2Command.WRITE).delay(Duration.ofMillis(200));
 * smb.faults().on(Smb2Command.READ).occurrence(2).dropConnection();
 * }</pre>
 * A failed request is answered with a real SMB2 ERROR response of that status and its handler is not run, so the
 * client sees what a server would send. Rules are tried in the order they were added; the first failing rule that
 * fires answers the request. The extension clears them before each test.
 */
public final class Faults {
    private final List<Fault> rules = new CopyOnWriteArrayList<>();

    /** Starts a rule for one command. */
    public FaultRule on(Smb2Command command) {
        return new FaultRule(this, command);
    }

    /** Starts a rule for any command (narrow it with a path or a user). */
    public FaultRule onAnyCommand() {
        return new FaultRule(this, null);
    }

    /** Removes every rule. */
    public void clear() {
        rules.clear();
    }

    /** The rules in force, in the order they are tried. */
    public List<Fault> rules() {
        return List.copyOf(rules);
    }

    Fault add(Fault fault) {
        rules.add(fault);
        return fault;
    }

    void remove(Fault fault) {
        rules.remove(fault);
    }
}
