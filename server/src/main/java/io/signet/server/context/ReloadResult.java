package io.signet.server.context;

import java.util.List;

/**
 * What a reload changed.
 *
 * @param sharesAdded       shares new in the configuration
 * @param sharesRemoved     shares gone from it, or whose directory or {@code read only} changed (their tree connects
 *                          were ended; a share that kept its name is also in {@code sharesAdded})
 * @param sharesChanged     shares whose other settings changed: new tree connects get them, existing ones keep theirs
 * @param usersRemoved      users with sessions who are no longer in the user directory; those sessions were ended
 * @param restartOnly       restart-only settings the file changes, left as they were ({@link RestartOnlySettings})
 * @param sessionsEnded     sessions ended because their user was removed
 * @param treesDisconnected tree connects ended because their share was removed or replaced
 */
public record ReloadResult(List<String> sharesAdded, List<String> sharesRemoved, List<String> sharesChanged,
                           List<String> usersRemoved, List<String> restartOnly, int sessionsEnded,
                           int treesDisconnected) {
    public ReloadResult {
        sharesAdded = List.copyOf(sharesAdded);
        sharesRemoved = List.copyOf(sharesRemoved);
        sharesChanged = List.copyOf(sharesChanged);
        usersRemoved = List.copyOf(usersRemoved);
        restartOnly = List.copyOf(restartOnly);
    }
}
