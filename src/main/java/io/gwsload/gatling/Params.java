package io.gwsload.gatling;

import io.gwsload.gatling.runtime.SimulationParameters;

import io.gwsload.gatling.runtime.Shard;

import io.gwsload.gatling.runtime.GwsSetupException;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import io.gwsload.settings.Setting;
import io.gwsload.settings.ValueTypes;

/**
 * The {@code -D} parameters of a simulation, read as the {@code -Dgws.*} ones are (the same value types, the
 * same one-sentence errors, {@link io.gwsload.settings.ValueTypes}), so that a typo fails before load starts:
 * {@code Params.integer("agents", 20, 1, 10_000)}. A bad value throws {@link GwsSetupException} after printing
 * its sentence. The values read go into {@code summary.json}'s configuration, under {@code parameters}.
 */
public final class Params {
    private Params() {
    }

    /** Reads {@code -Dname} with {@code type}, or the default; remembers the value. */
    private static <T> T read(String name, Setting.ValueType<T> type, T defaultValue, Function<T, Object> echo) {
        String raw = System.getProperty(name);
        T value;
        if (raw == null || raw.isBlank()) {
            value = defaultValue;
        } else {
            try {
                value = type.parse("-D" + name, raw);
            } catch (IllegalArgumentException e) {
                throw invalid("Parameter " + e.getMessage() + " (default " + echo.apply(defaultValue) + ").");
            }
        }
        SimulationParameters.given(name, echo.apply(value));
        return value;
    }

    /** A bad parameter: reported before load starts, as one sentence. */
    private static GwsSetupException invalid(String sentence) {
        return GwsSetupException.reported(sentence, null);
    }

    public static int integer(String name, int defaultValue, int min, int max) {
        return read(name, ValueTypes.integer(min, max), defaultValue, v -> v);
    }

    public static double decimal(String name, double defaultValue, double min, double max) {
        return read(name, ValueTypes.decimal(min, max), defaultValue, v -> v);
    }

    public static Duration duration(String name, String defaultValue) {
        Duration d = ValueTypes.parseDuration(defaultValue);
        return read(name, ValueTypes.duration(Duration.ZERO), d, ValueTypes::formatDuration);
    }

    public static boolean bool(String name, boolean defaultValue) {
        return read(name, ValueTypes.bool(), defaultValue, v -> v);
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
        return ramp(ramp.compareTo(minimum) > 0 ? ramp : minimum);
    }

    /**
     * A ramp's duration, at least one second: Gatling 3.15's {@code rampUsers(n).during(d)} injects nobody when
     * {@code d} is under a second (measured: 0 of 8 users at 250 and 900 ms, 8 of 8 at 1 s), so a ramp computed from
     * parameters must not fall below it.
     */
    public static Duration ramp(Duration computed) {
        return computed.compareTo(ONE_SECOND) < 0 ? ONE_SECOND : computed;
    }

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    /** One of the given values, ignoring case. */
    public static String choice(String name, String defaultValue, String... allowed) {
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < allowed.length; i++) {
            words.append(i == 0 ? "" : i == allowed.length - 1 ? " or " : ", ").append(allowed[i]);
        }
        return read(name, ValueTypes.custom(words.toString(), (n, text) -> {
            for (String a : allowed) {
                if (a.equalsIgnoreCase(text)) {
                    return a;
                }
            }
            throw new IllegalArgumentException(n + " must be " + words + ", got '" + text + "'");
        }, v -> v), defaultValue, v -> v);
    }
}
