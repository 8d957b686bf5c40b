package io.gwsload.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The values of one {@link Registry}'s settings: immutable, read by setting ({@code values.get(ERROR_RATE)}),
 * changed by copy, all or nothing.
 */
public final class Values {
    private final Registry registry;
    private final Object[] values;

    Values(Registry registry, Object[] values) {
        this.registry = registry;
        this.values = values;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values[registry.indexOf(setting)];
    }

    /** A copy with these raw values read in (names without prefix); a bad name or value throws, nothing changes. */
    public Values with(Map<String, ?> changes) {
        Object[] copy = values.clone();
        for (Map.Entry<String, ?> e : changes.entrySet()) {
            Setting<?> s = registry.require(e.getKey());
            copy[registry.indexOf(s)] = s.parse(e.getValue());
        }
        return new Values(registry, copy);
    }

    /** A copy with one typed value. */
    public <T> Values with(Setting<T> setting, T value) {
        Object[] copy = values.clone();
        copy[registry.indexOf(setting)] = value;
        return new Values(registry, copy);
    }

    /**
     * A copy with the family's system-style properties read in ({@code prefix + name}); properties without the
     * prefix are ignored; a prefixed name that is neither a setting nor in {@code alsoKnown} is an error.
     */
    public Values withProperties(Properties p, java.util.function.Predicate<String> alsoKnown) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(registry.prefix())) {
                String name = key.substring(registry.prefix().length());
                if (registry.get(name) != null) {
                    changes.put(name, p.getProperty(key));
                } else if (!alsoKnown.test(name)) {
                    registry.require(name); // throws: one sentence with the known names
                }
            }
        }
        return with(changes);
    }

    /** Every value as JSON-friendly values, in declaration order. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Setting<?> s : registry.all()) {
            Object v = values[registry.indexOf(s)];
            map.put(s.name(), registry.isSecret(s) ? (v == null ? null : "(given, not shown)") : s.echoUnchecked(v));
        }
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Values v && v.registry == registry && v.toMap().equals(toMap());
    }

    @Override
    public int hashCode() {
        return Objects.hash(registry, toMap());
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
