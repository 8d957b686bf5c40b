package io.gwsload.simulator.model;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A delay distribution in milliseconds, written as a spec string:
 * <ul>
 * <li>{@code fixed:MS} — always MS (a bare number {@code MS} means the same);</li>
 * <li>{@code uniform:MIN:MAX} — uniform between MIN and MAX;</li>
 * <li>{@code exponential:MEAN} — exponential with that mean;</li>
 * <li>{@code lognormal:MEDIAN:SIGMA} — log-normal with that median and shape SIGMA.</li>
 * </ul>
 * Values are milliseconds and may be decimals ({@code fixed:0.25}). Immutable and thread-safe.
 */
public final class Distribution {
    /** No delay at all. */
    public static final Distribution ZERO = new Distribution(Kind.FIXED, 0, 0, "fixed:0");

    private enum Kind { FIXED, UNIFORM, EXPONENTIAL, LOGNORMAL }

    private final Kind kind;
    private final double a;
    private final double b;
    private final String spec;

    private Distribution(Kind kind, double a, double b, String spec) {
        this.kind = kind;
        this.a = a;
        this.b = b;
        this.spec = spec;
    }

    /**
     * Parses a spec; a malformed one throws {@link IllegalArgumentException} with a sentence that
     * says what is allowed ({@code what} names the setting in that sentence).
     */
    public static Distribution parse(String what, String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        String[] parts = s.split(":", -1);
        try {
            switch (parts[0]) {
                case "fixed":
                    if (parts.length == 2) {
                        return new Distribution(Kind.FIXED, nonNegative(parts[1]), 0, s);
                    }
                    break;
                case "uniform":
                    if (parts.length == 3) {
                        double min = nonNegative(parts[1]);
                        double max = nonNegative(parts[2]);
                        if (max >= min) {
                            return new Distribution(Kind.UNIFORM, min, max, s);
                        }
                    }
                    break;
                case "exponential":
                    if (parts.length == 2) {
                        return new Distribution(Kind.EXPONENTIAL, nonNegative(parts[1]), 0, s);
                    }
                    break;
                case "lognormal":
                    if (parts.length == 3) {
                        return new Distribution(Kind.LOGNORMAL, nonNegative(parts[1]), nonNegative(parts[2]), s);
                    }
                    break;
                default:
                    if (parts.length == 1 && !s.isEmpty()) {
                        return new Distribution(Kind.FIXED, nonNegative(s), 0, "fixed:" + s);
                    }
            }
        } catch (NumberFormatException e) {
            // falls through to the one sentence below
        }
        throw new IllegalArgumentException(what + " must be a delay distribution in milliseconds (fixed:MS, "
                + "uniform:MIN:MAX with MIN <= MAX, exponential:MEAN or lognormal:MEDIAN:SIGMA, non-negative "
                + "numbers), got '" + spec + "'");
    }

    private static double nonNegative(String text) {
        double v = Double.parseDouble(text.trim());
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new NumberFormatException(text);
        }
        return v;
    }

    /** Whether every sample is zero. */
    public boolean isZero() {
        return kind == Kind.UNIFORM ? b == 0 : a == 0;
    }

    /** One sample in nanoseconds. */
    public long sampleNanos() {
        return Math.round(sampleMillis() * 1_000_000d);
    }

    /** One sample in milliseconds. */
    public double sampleMillis() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return switch (kind) {
            case FIXED -> a;
            case UNIFORM -> a + (b - a) * r.nextDouble();
            case EXPONENTIAL -> -a * Math.log(1 - r.nextDouble());
            case LOGNORMAL -> a * Math.exp(b * r.nextGaussian());
        };
    }

    /** The mean of the distribution in milliseconds. */
    public double meanMillis() {
        return switch (kind) {
            case FIXED, EXPONENTIAL -> a;
            case UNIFORM -> (a + b) / 2;
            case LOGNORMAL -> a * Math.exp(b * b / 2);
        };
    }

    /** The spec this distribution was parsed from, normalised ({@code fixed:0}). */
    public String spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Distribution d && d.spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }
}
