package io.gwsload.simulator;

import java.util.Locale;

/** Parses setting values with one clear sentence on error that names the setting and what it allows. */
final class SettingValues {
    private SettingValues() {
    }

    static double rate(String key, Object value) {
        String text = text(value);
        try {
            double v = Double.parseDouble(text);
            if (v >= 0 && v <= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(key + " must be a probability between 0 and 1, got '" + text + "'");
    }

    static double nonNegativeDouble(String key, Object value) {
        String text = text(value);
        try {
            double v = Double.parseDouble(text);
            if (v >= 0 && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(key + " must be a number >= 0, got '" + text + "'");
    }

    static long longAtLeast(String key, Object value, long min) {
        String text = text(value);
        try {
            long v = value instanceof Number n && !(value instanceof Double || value instanceof Float)
                    ? n.longValue() : Long.parseLong(text);
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(key + " must be a whole number >= " + min + ", got '" + text + "'");
    }

    static int intBetween(String key, Object value, int min, int max) {
        String text = text(value);
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max + ", got '"
                + text + "'");
    }

    static boolean bool(String key, Object value) {
        String text = text(value).toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(key + " must be true or false, got '" + text(value) + "'");
    }

    static String nonEmpty(String key, Object value) {
        String text = text(value);
        if (text.isEmpty()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
        return text;
    }

    static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
