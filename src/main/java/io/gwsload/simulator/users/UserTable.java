package io.gwsload.simulator.users;

import io.gwsload.simulator.SimulatorConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The simulator's users, looked up by username and by id. Immutable once built. */
public final class UserTable {
    private final List<SimUser> users;
    private final Map<String, SimUser> byName;
    private final Map<String, SimUser> byId;

    private UserTable(List<SimUser> users) {
        this.users = List.copyOf(users);
        this.byName = new HashMap<>(users.size() * 2);
        this.byId = new HashMap<>(users.size() * 2);
        for (SimUser u : users) {
            byName.put(u.username(), u);
            byId.put(u.id(), u);
        }
    }

    public static UserTable of(List<UserSpec> specs, String baseUrl) {
        List<SimUser> users = new ArrayList<>(specs.size());
        for (UserSpec s : specs) {
            users.add(s.toUser(baseUrl));
        }
        return new UserTable(users);
    }

    /** The configured users: from the CSV file when one is set, else generated. */
    public static List<UserSpec> specsFor(SimulatorConfig config) {
        if (config.usersFile() != null) {
            return UsersCsv.read(config.usersFile());
        }
        return generated(config.agents(), config.supervisors(), config.generatedPassword());
    }

    /** {@code agent0001..} (width max(4, digits)) and {@code supervisor001..} (width max(3, digits)). */
    public static List<UserSpec> generated(int agents, int supervisors, String password) {
        List<UserSpec> specs = new ArrayList<>(agents + supervisors);
        int agentWidth = Math.max(4, Integer.toString(agents).length());
        for (int i = 1; i <= agents; i++) {
            specs.add(new UserSpec(String.format("agent%0" + agentWidth + "d", i), password, Role.AGENT,
                    "Agent " + i));
        }
        int supervisorWidth = Math.max(3, Integer.toString(supervisors).length());
        for (int i = 1; i <= supervisors; i++) {
            specs.add(new UserSpec(String.format("supervisor%0" + supervisorWidth + "d", i), password,
                    Role.SUPERVISOR, "Supervisor " + i));
        }
        return specs;
    }

    public List<SimUser> all() {
        return users;
    }

    public SimUser byName(String username) {
        return byName.get(username);
    }

    SimUser byId(String id) {
        return byId.get(id);
    }

    public int size() {
        return users.size();
    }
}
