package io.signet.server.limits;

import io.signet.auth.AuthenticatedUser;
import io.signet.config.Limits;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many opens a session and an account may hold, and the file descriptors they take from the
 * {@link DescriptorBudget}: a CREATE over {@code max opens per session}, over {@code max opens per user} (counted
 * over all of the account's sessions) or into the descriptors kept for accepting connections fails with
 * STATUS_INSUFFICIENT_RESOURCES, as Samba's SMB2 open table answers when its {@code max open files} is reached. Only
 * the session or account at its limit is refused; everyone else goes on opening files. Thread-safe.
 */
public final class OpenQuota {
    private static final Logger LOG = LoggerFactory.getLogger(OpenQuota.class);

    private final int perSession;
    private final int perUser;
    private final DescriptorBudget descriptors;
    private final BoundedCounts<String> opensByUser;
    private final RateLimitedWarning refusals = new RateLimitedWarning(LOG);

    public OpenQuota(Limits limits, DescriptorBudget descriptors) {
        this.perSession = limits.maxOpensPerSession();
        this.perUser = descriptors.maxOpensPerUser(limits.maxOpensPerUser());
        this.opensByUser = new BoundedCounts<>(perUser);
        this.descriptors = descriptors;
        if (perUser < limits.maxOpensPerUser()) {
            LOG.info("max opens per user lowered from {} to {}: the process may open {} file descriptors",
                    limits.maxOpensPerUser(), perUser, descriptors.limit());
        }
    }

    /**
     * Takes the place of one more open of {@code user}'s session, which holds {@code sessionOpens} opens now.
     *
     * @param usesDescriptor whether the open holds a file descriptor (a file or directory; a named pipe does not)
     * @return what gives the place back; it runs once, however often it is called
     * @throws SmbException STATUS_INSUFFICIENT_RESOURCES when a limit is reached
     */
    public Runnable acquire(AuthenticatedUser user, int sessionOpens, boolean usesDescriptor) {
        if (sessionOpens >= perSession) {
            throw refused(user, "its session holds " + perSession + " opens (max opens per session)");
        }
        String key = key(user);
        if (!opensByUser.tryIncrement(key)) {
            throw refused(user, "the account holds " + perUser + " opens (max opens per user)");
        }
        if (usesDescriptor && !descriptors.acquireOpen()) {
            opensByUser.decrement(key);
            throw refused(user, "the descriptors left are kept for accepting connections (limit "
                    + descriptors.limit() + ")");
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                opensByUser.decrement(key);
                if (usesDescriptor) {
                    descriptors.release();
                }
            }
        };
    }

    /** Opens {@code user} holds now over all sessions. */
    public int opens(AuthenticatedUser user) {
        return opensByUser.count(key(user));
    }

    /** The per-user limit in force: the configured one, or lower when the descriptor limit asks for it. */
    public int maxOpensPerUser() {
        return perUser;
    }


    private SmbException refused(AuthenticatedUser user, String why) {
        String message = "refused an open of " + user.domain() + "\\" + user.name() + ": " + why;
        refusals.warn(message);
        return new SmbException(NtStatus.STATUS_INSUFFICIENT_RESOURCES, message);
    }

    /** Accounts compare ignoring case, as their names do. */
    private static String key(AuthenticatedUser user) {
        return (user.domain() + "\\" + user.name()).toLowerCase(Locale.ROOT);
    }
}
