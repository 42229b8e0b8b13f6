package io.signet.server.context;

import io.signet.auth.UserDirectory;
import io.signet.config.ServerConfig;
import java.util.Locale;
import java.util.Map;

/**
 * What a reload replaces, as one immutable value: the configuration in force, its shares by lower-case name and the
 * user directory read from it. {@link ServerContext} holds it behind one volatile reference, so a request sees the
 * shares and users of one configuration, never a mix of two.
 *
 * @param config the configuration in force: the settings that can change at run time from the last reload, the
 *               rest from startup (see {@link RestartOnlySettings})
 * @param shares the disk shares by lower-case name; unmodifiable
 */
public record ConfigSnapshot(ServerConfig config, Map<String, Share> shares, UserDirectory users) {
    public ConfigSnapshot {
        shares = Map.copyOf(shares);
    }

    /** The share of that name (case-insensitive), or null. */
    public Share share(String name) {
        return shares.get(key(name));
    }

    static String key(String shareName) {
        return shareName.toLowerCase(Locale.ROOT);
    }
}
