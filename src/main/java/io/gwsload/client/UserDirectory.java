package io.gwsload.client;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.gwsload.api.UserResource;

/**
 * The users logged in through this load generator (now or earlier in the run: a user's id and URI do
 * not change), by username, so that a scenario can name the agent to invite or to monitor by username;
 * GWS operations need the user's URI or id.
 */
public final class UserDirectory {
    private final ConcurrentHashMap<String, UserResource> byUsername = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> nicknames = new ConcurrentHashMap<>();

    public void put(String username, UserResource user) {
        byUsername.put(username, user);
    }

    /** A user with the nickname it joins interactions with (its Accept's {@code nickname}). */
    public void put(String username, UserResource user, String nickname) {
        byUsername.put(username, user);
        if (nickname != null) {
            nicknames.put(username, nickname);
        }
    }

    /** The nickname a user logged in through this generator joins with, if known. */
    public Optional<String> nickname(String username) {
        return Optional.ofNullable(nicknames.get(username));
    }

    public Optional<UserResource> find(String username) {
        return Optional.ofNullable(byUsername.get(username));
    }

    public int size() {
        return byUsername.size();
    }
}
