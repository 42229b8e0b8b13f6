package io.signet.server.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.status.NtStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AsyncRequest#withdraw}, what {@link AsyncRequests#withdraw} runs once the request is off the connection's
 * list: it stops the wait by the request's withdraw action, else by its CANCEL action, and finishes the request, the
 * rest of a chain held behind it dropped.
 */
class AsyncRequestWithdrawTest {
    private final List<String> ran = new ArrayList<>();

    private static AsyncRequest request() {
        // No owner: a completion reaching it would fail the test, and withdrawing must not complete anything.
        return new AsyncRequest(null, 1, new Smb2Header().commandCode(Smb2Command.CHANGE_NOTIFY.code()), null, false);
    }

    @Test
    void withoutAWithdrawActionTheCancelActionStopsTheWait() {
        AsyncRequest a = request();
        a.onCancel(() -> ran.add("cancel"));
        a.onFinish(() -> ran.add("finish"));
        a.withdraw();
        assertEquals(List.of("cancel", "finish"), ran);
        assertTrue(a.finished(), "nobody waits for a withdrawn request");
    }

    @Test
    void theWithdrawActionRunsInsteadOfTheCancelAction() {
        AsyncRequest a = request();
        a.onCancel(() -> ran.add("cancel"));
        a.onWithdraw(() -> ran.add("withdraw"));
        a.withdraw();
        assertEquals(List.of("withdraw"), ran);
        assertTrue(a.finished());
    }

    @Test
    void theRestOfAChainHeldBehindItIsDropped() {
        AsyncRequest a = request();
        a.onWithdraw(() -> { });
        a.restOfChain(new AsyncRequest.ChainRest() {
            @Override
            public void answered(NtStatus status, FileId created) {
                ran.add("answered");
            }

            @Override
            public void abandoned() {
                ran.add("abandoned");
            }
        });
        a.withdraw();
        assertEquals(List.of("abandoned"), ran);
    }
}
