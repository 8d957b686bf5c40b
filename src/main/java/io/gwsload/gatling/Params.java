package io.gwsload.gatling;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The {@code -D} parameters of a simulation, read with one clear sentence for a bad value, so that a
 * typo fails before load starts: {@code Params.integer("agents", 20, 1, 10_000)}. A bad value throws
 * {@link GwsSetupException} after printing its sentence.
 */
public final class Params {
    private Params() {
    }

    /** A bad parameter: reported before load starts, as one sentence. */
    private static GwsSetupException invalid(String sentence) {
        return GwsSetupException.reported(sentence, null);
    }

    public static int integer(String name, int defaultValue, int min, int max) {
        String raw = System.getProperty(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid("Parameter -D" + name + "=" + raw + " is not a whole number (default "
                    + defaultValue + ").");
        }
        if (value < min || value > max) {
            throw invalid("Parameter -D" + name + "=" + raw + " is out of range: use " + min
                    + " to " + max + " (default " + defaultValue + ").");
        }
        return value;
    }

    public static double decimal(String name, double defaultValue, double min, double max) {
        String raw = System.getProperty(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid("Parameter -D" + name + "=" + raw + " is not a number (default "
                    + defaultValue + ").");
        }
        if (!(value >= min && value <= max)) {
            throw invalid("Parameter -D" + name + "=" + raw + " is out of range: use " + min
                    + " to " + max + " (default " + defaultValue + ").");
        }
        return value;
    }

    public static Duration duration(String name, String defaultValue) {
        String raw = System.getProperty(name);
        try {
            return Durations.parse(raw == null || raw.isBlank() ? defaultValue : raw, "Parameter -D" + name);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    public static boolean bool(String name, boolean defaultValue) {
        String raw = System.getProperty(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid("Parameter -D" + name + "=" + raw
                    + " is not true or false (default " + defaultValue + ").");
        };
    }

    /**
     * A population of the whole test ({@code -Dagents=300}), of which this generator takes its share when
     * the test runs on several ({@code -Dgws.shard=INDEX/COUNT}): the shares add up to the whole.
     */
    public static int perShard(String name, int defaultValue, int min, int max) {
        return Shard.current().share(integer(name, defaultValue, min, max));
    }

    /** An open rate of the whole test ({@code -DchatsPerSec=30}); each shard offers its share. */
    public static double perShardRate(String name, double defaultValue, double min, double max) {
        return Shard.current().share(decimal(name, defaultValue, min, max));
    }

    /**
     * How long logging {@code users} in takes at {@code -DloginRate} logins per second (default 50, for the
     * whole test; a shard takes its share), at least {@code minimum}: simulations ramp their agents over it
     * and start customer traffic after it, so that the login storm (HTTP sessions, CometD handshakes,
     * StartContactCenterSession) is not measured as the latency of the operations that follow.
     */
    public static Duration loginRamp(int users, Duration minimum) {
        double perSecond = perShardRate("loginRate", 50, 0.1, 1_000_000);
        Duration ramp = Duration.ofMillis((long) Math.ceil(users * 1000 / perSecond));
        return ramp.compareTo(minimum) > 0 ? ramp : minimum;
    }

    /** One of the given values, ignoring case. */
    public static String choice(String name, String defaultValue, String... allowed) {
        String raw = System.getProperty(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(raw.trim())) {
                return a;
            }
        }
        throw invalid("Parameter -D" + name + "=" + raw + " is not one of "
                + Arrays.toString(allowed) + " (default " + defaultValue + ").");
    }
}
