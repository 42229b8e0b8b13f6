package io.signet.junit5;

import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.status.NtStatus;
import java.time.Duration;
import java.util.Objects;

/**
 * Which requests a fault applies to (command, path, user, occurrence) and, through its last call, what it does to
 * them: {@link #fail}, {@link #delay} or {@link #dropConnection}.
 */
public final class FaultRule {
    private final Faults faults;
    private final Smb2Command command;
    private Glob path;
    private String user;
    private int occurrence;

    FaultRule(Faults faults, Smb2Command command) {
        this.faults = faults;
        this.command = command;
    }

    /**
     * Only requests on a share-relative path matching {@code glob}: {@code *} and {@code ?} within one component,
     * {@code **} across components; case is ignored. The path is the name a CREATE asks for, or the file of the open
     * a file command names; requests with no path never match.
     */
    public FaultRule path(String glob) {
        this.path = new Glob(Objects.requireNonNull(glob, "glob"));
        return this;
    }

    /** Only requests of sessions of this user (case ignored). */
    public FaultRule user(String name) {
        this.user = Objects.requireNonNull(name, "name");
        return this;
    }

    /** Only the {@code n}th request that matches everything else (1 = the first); by default every one. */
    public FaultRule occurrence(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("occurrences count from 1: " + n);
        }
        this.occurrence = n;
        return this;
    }

    /** Answers matching requests with an SMB2 ERROR response of {@code status}; their handler is not run. */
    public Fault fail(NtStatus status) {
        if (status == NtStatus.STATUS_SUCCESS || status == NtStatus.STATUS_PENDING) {
            throw new IllegalArgumentException(status + " is not an error a request can fail with");
        }
        return faults.add(new Fault(this, Fault.Action.FAIL, status, Duration.ZERO));
    }

    /**
     * Holds matching requests for {@code delay} before they run. The wait blocks the connection's thread: its other
     * requests wait too, as they would behind a slow disk.
     */
    public Fault delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        return faults.add(new Fault(this, Fault.Action.DELAY, null, delay));
    }

    /**
     * Lets matching requests run, then closes their connection instead of sending the response: the operation took
     * effect and the client never hears so.
     */
    public Fault dropConnection() {
        return faults.add(new Fault(this, Fault.Action.DROP_CONNECTION, null, Duration.ZERO));
    }

    Faults faults() {
        return faults;
    }

    int occurrence() {
        return occurrence;
    }

    boolean matches(Smb2Command c, String requestPath, String requestUser) {
        return (command == null || command == c)
                && (path == null || path.matches(requestPath))
                && (user == null || user.equalsIgnoreCase(requestUser));
    }

    @Override
    public String toString() {
        return (command == null ? "any command" : command.toString()) + (path == null ? "" : " on " + path)
                + (user == null ? "" : " by " + user) + (occurrence == 0 ? "" : " #" + occurrence);
    }
}
