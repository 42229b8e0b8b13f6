package io.signet.junit5;

import io.signet.server.SignetServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** What to start: share names, users and passwords, and any further server settings. Immutable once built. */
record ServerSpec(List<String> shares, Map<String, String> users, List<Consumer<SignetServer.Builder>> settings) {
    ServerSpec {
        shares = List.copyOf(shares);
        users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        settings = List.copyOf(settings);
        for (String share : shares) {
            if (share.isEmpty() || share.contains("/") || share.contains("\\") || share.equals("..")
                    || share.equals(".")) {
                throw new IllegalArgumentException("not a share name: '" + share + "'");
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("a server for tests needs at least one user");
        }
    }

    /** Parses {@code "name:password"} as {@link SignetTest#users()} spells a user. */
    static Map.Entry<String, String> parseUser(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a user is 'name:password', not '" + spec + "'");
        }
        return Map.entry(spec.substring(0, colon), spec.substring(colon + 1));
    }

    static ServerSpec of(String[] shares, String[] users) {
        Map<String, String> u = new LinkedHashMap<>();
        for (String spec : users) {
            Map.Entry<String, String> e = parseUser(spec);
            u.put(e.getKey(), e.getValue());
        }
        return new ServerSpec(List.of(shares), u, new ArrayList<>());
    }
}
