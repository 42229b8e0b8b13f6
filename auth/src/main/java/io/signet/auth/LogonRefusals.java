package io.signet.auth;

import java.util.HashSet;
import java.util.Set;

/**
 * Decides which logon refusals of one connection the server reports at INFO, so that an administrator learns why a
 * client cannot log on without a client that retries in a loop filling the log.
 *
 * <p>The rule: each distinct reason ({@link AuthStep#reason()}) is reported once per connection, and at most
 * {@value #MAX_REPORTED} of them; repeats and any further reasons go to DEBUG. Distinct reasons rather than only the
 * first refusal, because a client that falls back from one mechanism to another on the same connection fails each
 * for its own reason, and the second one is often the one that matters. The bound keeps a client that varies what it
 * sends (a user name per attempt) from writing a line per attempt.
 *
 * <p>Not thread-safe: a connection's requests are processed one at a time.
 */
public final class LogonRefusals {
    static final int MAX_REPORTED = 4;

    private final Set<String> reported = new HashSet<>();

    /** Whether a refusal for {@code reason} is to be reported at INFO; counts it as reported if so. */
    public boolean report(String reason) {
        return reported.size() < MAX_REPORTED && reported.add(reason);
    }
}
