package io.signet.junit5;

import java.nio.file.Path;
import java.util.concurrent.Exchanger;
import java.util.concurrent.TimeUnit;

/**
 * Where {@link ParallelAlphaTest} and {@link ParallelBetaTest} meet: each hands the other what its own server is
 * while both run. If the two classes did not run at the same time, the exchange would time out.
 */
final class ParallelClasses {
    record Seen(int port, Path share) {
    }

    private static final Exchanger<Seen> MEETING = new Exchanger<>();

    private ParallelClasses() {
    }

    static Seen meet(Smb mine) throws Exception {
        return MEETING.exchange(new Seen(mine.port(), mine.sharePath("data")), 60, TimeUnit.SECONDS);
    }
}
