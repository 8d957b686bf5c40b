package io.gwsload.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A family of settings (the harness's {@code gws.*}, the simulator's knobs, a simulation's parameters),
 * declared in one place in documentation order. It reads values from properties or maps (an unknown name
 * is refused with the list of known ones), echoes them, and gives the README its table.
 */
public final class Registry {
    private final String family;
    private final String prefix;
    private final Map<String, Setting<?>> byName = new LinkedHashMap<>();
    private final Map<Setting<?>, Integer> index = new java.util.IdentityHashMap<>();

    /**
     * @param family how errors name the family ("knob", "parameter")
     * @param prefix the prefix of its system properties ({@code gws.sim.}), or "" for none
     */
    public Registry(String family, String prefix) {
        this.family = family;
        this.prefix = prefix;
    }

    /** Declares a setting; its default is shown as {@code type.format(defaultValue)}. */
    public synchronized <T> Setting<T> add(String name, Setting.ValueType<T> type, T defaultValue, String description) {
        return add(name, type, defaultValue, null, description);
    }

    /** Declares a secret (a password): parsed like any other, never echoed. */
    public synchronized <T> Setting<T> addSecret(String name, Setting.ValueType<T> type, String description) {
        Setting<T> s = add(name, type, null, "(none)", description);
        secrets.add(s);
        return s;
    }

    private final java.util.Set<Setting<?>> secrets = java.util.Collections.newSetFromMap(
            new java.util.IdentityHashMap<>());

    /** Whether a setting is a secret: its value never goes into an echo. */
    public boolean isSecret(Setting<?> s) {
        return secrets.contains(s);
    }

    /** Declares a setting with a default that reads otherwise in the documentation ("embedded simulator"). */
    public synchronized <T> Setting<T> add(String name, Setting.ValueType<T> type, T defaultValue, String defaultText,
            String description) {
        if (byName.containsKey(name)) {
            throw new IllegalStateException("setting " + name + " declared twice");
        }
        Setting<T> s = new Setting<>(name, type, defaultValue, defaultText, description);
        index.put(s, byName.size());
        byName.put(name, s);
        return s;
    }

    public String prefix() {
        return prefix;
    }

    /** Every setting, in declaration (documentation) order. */
    public List<Setting<?>> all() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    public Setting<?> get(String name) {
        return byName.get(name);
    }

    /** The setting of that name; else one sentence listing the known ones. */
    public Setting<?> require(String name) {
        Setting<?> s = byName.get(name);
        if (s == null) {
            throw new IllegalArgumentException("Unknown " + family + " '" + name + "'; known " + family
                    + "s: " + String.join(", ", byName.keySet()));
        }
        return s;
    }

    int indexOf(Setting<?> s) {
        Integer i = index.get(s);
        if (i == null) {
            throw new IllegalArgumentException(s.name() + " is not a " + family + " of this family");
        }
        return i;
    }

    int size() {
        return byName.size();
    }

    /** Every default. */
    public Values defaults() {
        Object[] v = new Object[byName.size()];
        int i = 0;
        for (Setting<?> s : byName.values()) {
            v[i++] = s.defaultValue();
        }
        return new Values(this, v);
    }

    /**
     * The README's table of this family: a row per setting with its default and description. A test
     * compares it with the README, so the two never disagree.
     */
    public String markdownTable(String nameHeader) {
        StringBuilder sb = new StringBuilder("| ").append(nameHeader).append(" | Default | Meaning |\n|---|---|---|\n");
        for (Setting<?> s : byName.values()) {
            String d = s.defaultText().isEmpty() ? "(none)" : s.defaultIsWords() ? s.defaultText()
                    : "`" + s.defaultText() + "`";
            sb.append("| `").append(prefix).append(s.name()).append("` | ").append(d).append(" | ")
                    .append(s.description()).append(" |\n");
        }
        return sb.toString();
    }
}
