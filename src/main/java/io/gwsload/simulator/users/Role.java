package io.gwsload.simulator.users;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A simulated user's role: an agent, or a supervisor (who is an agent too). */
public enum Role {
    AGENT(List.of("ROLE_AGENT")),
    SUPERVISOR(List.of("ROLE_AGENT", "ROLE_SUPERVISOR"));

    private final List<String> roles;

    Role(List<String> roles) {
        this.roles = roles;
    }

    /** The {@code roles} of the user resource. */
    public List<String> wireRoles() {
        return roles;
    }

    /** As written in the users CSV: {@code agent} or {@code supervisor}. */
    public String csvName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromCsv(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "agent" -> Optional.of(AGENT);
            case "supervisor" -> Optional.of(SUPERVISOR);
            default -> Optional.empty();
        };
    }
}
