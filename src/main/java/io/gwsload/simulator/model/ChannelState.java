package io.gwsload.simulator.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** An agent's state on one media channel, with the {@code userState} object GWS shows for it (§6). */
public enum ChannelState {
    LoggedOut("Offline", "E0B02D7C-5C2B-4D5A-8E0B-000000000000"),
    NotReady("Not Ready", "0BBFB2C6-7F3E-4C40-9F0C-000000000001"),
    Ready("Ready", "9430250E-0A1B-421F-B372-F29E69366DED");

    private final Map<String, Object> userState;

    ChannelState(String displayName, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("displayName", displayName);
        m.put("state", name());
        this.userState = java.util.Collections.unmodifiableMap(m);
    }

    public Map<String, Object> userState() {
        return userState;
    }
}
