package io.gwsload.gatling;

import java.util.List;
import java.util.Map;

/** Reading a run's {@code summary.json} (as {@link GatlingRuns.Run#summary()} gives it) in the tests. */
final class SummaryJson {
    private SummaryJson() {
    }

    /** The summary's request rows. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> requests(Map<String, Object> summary) {
        return (List<Map<String, Object>>) summary.get("requests");
    }

    /** The row of request {@code name}; an assertion error if there is none. */
    static Map<String, Object> byName(List<Map<String, Object>> requests, String name) {
        return requests.stream().filter(r -> name.equals(r.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no request named " + name));
    }

    /** An object of the summary; empty when absent. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    /** A whole number of the summary; 0 when absent. */
    static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}
