package io.gwsload.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * One user's login. {@link #toString()} never shows the password, so credentials can be logged and
 * put in error messages safely.
 *
 * @param role     {@code agent} or {@code supervisor}
 * @param nickname the name shown to customers (Accept's {@code nickname}); the username when absent
 */
public record Credentials(String username, String password, String role, String nickname) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isBlank()) {
            throw new IllegalArgumentException("username is empty");
        }
        role = role == null || role.isBlank() ? "agent" : role.trim().toLowerCase(java.util.Locale.ROOT);
        nickname = nickname == null || nickname.isBlank() ? username : nickname;
    }

    public static Credentials agent(String username, String password) {
        return new Credentials(username, password, "agent", null);
    }

    public boolean isSupervisor() {
        return "supervisor".equals(role);
    }

    /** The {@code Authorization} header value. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", role=" + role + "]";
    }
}
