package io.gwsload.settings;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The kinds of value settings take, each read with one sentence on error naming the setting and what it allows. */
public final class ValueTypes {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private ValueTypes() {
    }

    /** A probability between 0 and 1. */
    public static Setting.ValueType<Double> rate() {
        return number("a probability between 0 and 1", v -> v >= 0 && v <= 1);
    }

    /** A number of 0 or more. */
    public static Setting.ValueType<Double> nonNegative() {
        return number("a number >= 0", v -> v >= 0 && !v.isInfinite());
    }

    /** A number within [min, max]. */
    public static Setting.ValueType<Double> decimal(double min, double max) {
        return number("a number from " + format(min) + " to " + format(max), v -> v >= min && v <= max);
    }

    private static Setting.ValueType<Double> number(String allowed, java.util.function.Predicate<Double> ok) {
        return simple(allowed, text -> {
            double v = Double.parseDouble(text);
            return ok.test(v) && !Double.isNaN(v) ? v : null;
        }, ValueTypes::format);
    }

    /** A whole number within [min, max]. */
    public static Setting.ValueType<Integer> integer(int min, int max) {
        String allowed = max == Integer.MAX_VALUE ? "a whole number >= " + min
                : "a whole number from " + min + " to " + max;
        return simple(allowed, text -> {
            long v = Long.parseLong(text);
            return v >= min && v <= max ? (int) v : null;
        }, String::valueOf);
    }

    /** A whole number of at least {@code min}. */
    public static Setting.ValueType<Long> longAtLeast(long min) {
        return simple("a whole number >= " + min, text -> {
            long v = Long.parseLong(text);
            return v >= min ? v : null;
        }, String::valueOf);
    }

    /** {@code true} or {@code false}. */
    public static Setting.ValueType<Boolean> bool() {
        return simple("true or false", text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        }, String::valueOf);
    }

    /** Any text (trimmed); empty allowed. */
    public static Setting.ValueType<String> text() {
        return simple("text", text -> text, s -> s);
    }

    /**
     * HTTP headers written {@code Name: value; Name2: value2} (so a value cannot hold a {@code ;}); a name given twice,
     * in any case, keeps its last value; empty: none. A value may hold a secret: an error never shows the text, and
     * the value is shown as {@code (set)}.
     */
    public static Setting.ValueType<java.util.Map<String, String>> headers() {
        String allowed = "`Name: value` pairs separated by `;`";
        return new Setting.ValueType<>() {
            @Override
            public java.util.Map<String, String> parse(String name, Object raw) {
                String text = raw == null ? "" : raw.toString().trim();
                java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
                String[] pairs = text.split(";");
                for (int i = 0; i < pairs.length; i++) {
                    String pair = pairs[i].trim();
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int colon = pair.indexOf(':');
                    String header = colon < 0 ? "" : pair.substring(0, colon).trim();
                    if (!header.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                        throw new IllegalArgumentException(name + " must be " + allowed + "; pair " + (i + 1)
                                + " is not (its text is not shown: it may hold a secret)");
                    }
                    headers.keySet().removeIf(header::equalsIgnoreCase);
                    headers.put(header, pair.substring(colon + 1).trim());
                }
                return java.util.Collections.unmodifiableMap(headers);
            }

            @Override
            public String allowed() {
                return allowed;
            }

            @Override
            public String format(java.util.Map<String, String> value) {
                return value == null || value.isEmpty() ? "" : "(set)";
            }
        };
    }

    /** Text that is not empty. */
    public static Setting.ValueType<String> nonEmptyText() {
        return simple("text that is not empty", text -> text.isEmpty() ? null : text, s -> s);
    }

    /** A duration written {@code 500ms}, {@code 30s}, {@code 2m} or {@code 1h}, at least {@code min}. */
    public static Setting.ValueType<Duration> duration(Duration min) {
        String allowed = "a duration like 500ms, 30s, 2m or 1h" + (min.isZero() ? "" : " (at least "
                + formatDuration(min) + ")");
        return simple(allowed, text -> {
            Duration d = parseDuration(text);
            return d == null || d.compareTo(min) < 0 ? null : d;
        }, ValueTypes::formatDuration);
    }

    /** One of an enum's constants, written in lower case (or as {@code wire} gives it). */
    public static <E extends Enum<E>> Setting.ValueType<E> choice(E[] values, Function<E, String> wire) {
        StringBuilder allowed = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            allowed.append(i == 0 ? "" : i == values.length - 1 ? " or " : ", ").append('\'')
                    .append(wire.apply(values[i])).append('\'');
        }
        return simple(allowed.toString(), text -> {
            for (E e : values) {
                if (wire.apply(e).equalsIgnoreCase(text)) {
                    return e;
                }
            }
            return null;
        }, wire);
    }

    /**
     * A value read by {@code reader} from the setting's name and the text (it throws
     * {@link IllegalArgumentException} with its own sentence, naming the setting).
     */
    public static <T> Setting.ValueType<T> custom(String allowed, java.util.function.BiFunction<String, String, T> reader,
            Function<T, String> format) {
        return new Setting.ValueType<>() {
            @Override
            public T parse(String name, Object raw) {
                try {
                    return reader.apply(name, raw == null ? "" : raw.toString().trim());
                } catch (IllegalArgumentException e) {
                    String m = e.getMessage() == null ? "" : e.getMessage();
                    throw m.startsWith(name) ? e : new IllegalArgumentException(name + " must be " + allowed + ": " + m,
                            e);
                }
            }

            @Override
            public String allowed() {
                return allowed;
            }

            @Override
            public String format(T value) {
                return format.apply(value);
            }
        };
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}; null when the text is not a duration. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    /** The shortest of {@code 1h}, {@code 2m}, {@code 30s}, {@code 500ms} that is exact. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms != 0 && ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** Reads text with {@code reader} (null or an exception: not allowed) and says so in one sentence. */
    private static <T> Setting.ValueType<T> simple(String allowed, Function<String, T> reader,
            Function<T, String> format) {
        return new Setting.ValueType<>() {
            @Override
            public T parse(String name, Object raw) {
                String text = raw == null ? "" : raw.toString().trim();
                T value;
                try {
                    value = reader.apply(text);
                } catch (RuntimeException e) {
                    value = null;
                }
                if (value == null) {
                    throw new IllegalArgumentException(name + " must be " + allowed + ", got '" + text + "'");
                }
                return value;
            }

            @Override
            public String allowed() {
                return allowed;
            }

            @Override
            public String format(T value) {
                return format.apply(value);
            }
        };
    }
}
