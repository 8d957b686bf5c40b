package io.gwsload.simulator.http;

import io.gwsload.simulator.users.SimUser;
import io.gwsload.simulator.users.UserTable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks {@code Authorization: Basic ...} headers against the users. Headers that passed once are
 * remembered (at most one per user and password), so the hot path is one map lookup.
 */
public final class BasicAuth {
    private final UserTable users;
    private final ConcurrentHashMap<String, SimUser> accepted = new ConcurrentHashMap<>();

    public BasicAuth(UserTable users) {
        this.users = users;
    }

    /** The user the header authenticates, or null for a missing, malformed or wrong one. */
    public SimUser authenticate(String header) {
        if (header == null) {
            return null;
        }
        SimUser known = accepted.get(header);
        if (known != null) {
            return known;
        }
        if (header.length() < 7 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        SimUser user = users.byName(decoded.substring(0, colon));
        if (user == null || !MessageDigest.isEqual(user.password().getBytes(StandardCharsets.UTF_8),
                decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        if (accepted.size() < 4 * users.size() + 16) {
            accepted.put(header, user);
        }
        return user;
    }

    /** The header value for a user, as a client would send it. */
    public static String header(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }
}
