package io.gwsload.settings;

import java.util.Objects;
import java.util.function.Function;

/**
 * One setting, declared once: its name, how a value is read (with one sentence naming the setting and what
 * it allows when it is wrong), its default, and a one-line description. Parsing, validation, the echo of
 * the effective configuration and the README's tables all come from here.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {
    private final String name;
    private final ValueType<T> type;
    private final T defaultValue;
    private final String defaultText;
    private final String description;

    Setting(String name, ValueType<T> type, T defaultValue, String defaultText, String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.description = Objects.requireNonNull(description, "description");
    }

    public String name() {
        return name;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** Whether the default reads as words ("embedded simulator") rather than as a value. */
    public boolean defaultIsWords() {
        return defaultText != null;
    }

    /** The default as the documentation shows it (e.g. {@code 30s}, {@code embedded simulator}). */
    public String defaultText() {
        return defaultText != null ? defaultText : defaultValue == null ? "" : type.format(defaultValue);
    }

    public String description() {
        return description;
    }

    /** What values are allowed, in words ("a probability between 0 and 1"). */
    public String allowed() {
        return type.allowed();
    }

    /** Reads a raw value (text, number, boolean); a bad one throws {@link IllegalArgumentException} in one sentence. */
    public T parse(Object raw) {
        return type.parse(name, raw);
    }

    /** The value as it reads in the configuration echo and the documentation. */
    public Object echo(T value) {
        return value == null ? null : type.echo(value);
    }

    @SuppressWarnings("unchecked")
    Object echoUnchecked(Object value) {
        return echo((T) value);
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * How values of one type are read and shown.
     *
     * @param <T> the value's type
     */
    public interface ValueType<T> {
        /** Reads {@code raw} for the setting {@code name}; throws {@link IllegalArgumentException} in one sentence. */
        T parse(String name, Object raw);

        /** What is allowed, in words. */
        String allowed();

        /** The value as text (for defaults and the README). */
        default String format(T value) {
            return String.valueOf(value);
        }

        /** The value in a JSON echo: numbers and booleans as they are, anything else as its text. */
        default Object echo(T value) {
            return value instanceof Number || value instanceof Boolean ? value : format(value);
        }

        /** A type of this one's parsing, shown with {@code formatter}. */
        default ValueType<T> formattedBy(Function<T, String> formatter) {
            ValueType<T> self = this;
            return new ValueType<>() {
                @Override
                public T parse(String name, Object raw) {
                    return self.parse(name, raw);
                }

                @Override
                public String allowed() {
                    return self.allowed();
                }

                @Override
                public String format(T value) {
                    return formatter.apply(value);
                }
            };
        }
    }
}
