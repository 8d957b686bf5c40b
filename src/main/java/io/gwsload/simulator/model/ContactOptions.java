package io.gwsload.simulator.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options for contacts injected with {@link GwsSimulator#injectContacts(io.gwsload.api.Media, int,
 * ContactOptions)}: the customer's nickname (default {@code Customer N}), the interaction's user data,
 * and an agent (username) to offer it to alone — until that agent rejects it or lets the offer time
 * out, after which it is routed to anyone. Immutable.
 */
public record ContactOptions(String customerNickname, Map<String, Object> userData, String agent) {

    public ContactOptions {
        userData = userData == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(userData));
    }

    public static ContactOptions defaults() {
        return new ContactOptions(null, Map.of(), null);
    }

    public ContactOptions withCustomerNickname(String nickname) {
        return new ContactOptions(nickname, userData, agent);
    }

    public ContactOptions withUserData(Map<String, Object> data) {
        return new ContactOptions(customerNickname, data, agent);
    }

    /** Offer only to this user (by username). */
    public ContactOptions withAgent(String username) {
        return new ContactOptions(customerNickname, userData, username);
    }
}
