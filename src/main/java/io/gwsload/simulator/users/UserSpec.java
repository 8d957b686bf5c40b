package io.gwsload.simulator.users;

/** A user as configured, before the server address (and so its URI) is known. */
public record UserSpec(String username, String password, Role role, String nickname) {

    SimUser toUser(String baseUrl) {
        String id = SimUser.idFor(username);
        return new SimUser(username, password, role, nickname, id, baseUrl + "/api/v2/users/" + id);
    }

    @Override
    public String toString() {
        return "UserSpec{" + username + ", " + role.csvName() + "}";
    }
}
