package io.gwsload.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One operation request body: {@code {"operationName": ..., parameters...}}. Immutable; {@link #with}
 * returns a new instance.
 */
public final class Operation {
    private final OperationName name;
    private final Map<String, Object> parameters;

    private Operation(OperationName name, Map<String, Object> parameters) {
        this.name = name;
        this.parameters = parameters;
    }

    public static Operation of(OperationName name) {
        return new Operation(Objects.requireNonNull(name, "name"), Map.of());
    }

    /** A copy with one more parameter; a null value removes the parameter. */
    public Operation with(String parameter, Object value) {
        if ("operationName".equals(parameter)) {
            throw new IllegalArgumentException("operationName is set by the operation itself");
        }
        Map<String, Object> copy = new LinkedHashMap<>(parameters);
        if (value == null) {
            copy.remove(parameter);
        } else {
            copy.put(parameter, value);
        }
        return new Operation(name, Collections.unmodifiableMap(copy));
    }

    public OperationName name() {
        return name;
    }

    public Map<String, Object> parameters() {
        return parameters;
    }

    /** The request body as a map, {@code operationName} first. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>(parameters.size() + 1);
        body.put("operationName", name.wireName());
        body.putAll(parameters);
        return body;
    }

    public String toJson() {
        return Json.write(body());
    }

    @Override
    public String toString() {
        return toJson();
    }
}
