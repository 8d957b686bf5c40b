package io.gwsload.gatling.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** The simulation's own -D parameters as read (by {@code Params}), for summary.json's configuration echo. */
public final class SimulationParameters {
    private static final Map<String, Object> GIVEN = new ConcurrentSkipListMap<>();

    private SimulationParameters() {
    }

    /** Remembers that the simulation read {@code name} as {@code value}. */
    public static void given(String name, Object value) {
        GIVEN.put(name, value);
    }

    /** The parameters read so far (name to value), in name order. */
    public static Map<String, Object> all() {
        return new LinkedHashMap<>(GIVEN);
    }
}
