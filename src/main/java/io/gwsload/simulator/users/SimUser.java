package io.gwsload.simulator.users;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

import io.gwsload.api.ApiPaths;

/**
 * A user the simulator knows. {@code id} is 32 lower-case hex digits derived from the username
 * ({@link #idFor}), so the same username has the same id in every run; {@code uri} is
 * {@code {baseUrl}/api/v2/users/{id}}. {@link #toString()} never shows the password.
 */
public record SimUser(String username, String password, Role role, String nickname, String id, String uri) {

    public SimUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(uri, "uri");
    }

    /** {@code UUID.nameUUIDFromBytes("gws-load:" + username)} without dashes. */
    public static String idFor(String username) {
        return UUID.nameUUIDFromBytes(("gws-load:" + username).getBytes(StandardCharsets.UTF_8)).toString()
                .replace("-", "");
    }

    /** The payload path {@code /users/{id}}. */
    public String path() {
        return ApiPaths.userPath(id);
    }

    public boolean isSupervisor() {
        return role == Role.SUPERVISOR;
    }

    @Override
    public String toString() {
        return "SimUser{" + username + ", " + role.csvName() + ", id=" + id + "}";
    }
}
