package io.gwsload.gatling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

import io.gatling.core.session.Session;
import io.gwsload.api.JsonPath;
import io.gwsload.api.Notification;

/**
 * A check on the notification that ended an operation or a wait, with an optional {@code saveAs}:
 * {@code notificationPath("$.chat.participants[*]").count().gte(2)}, {@code state().is("Chatting")},
 * {@code interactionId().saveAs("chatId")}. Immutable: every step returns a new check. A failed check
 * turns the request KO with a message saying what was expected and what was found.
 */
public final class NotificationCheck {
    private enum Selection { FIND, FIND_ALL, COUNT }

    private enum Test { EXISTS, NOT_EXISTS, IS, NOT, IN, GT, GTE, LT, LTE }

    private final String label;
    private final Function<Notification, List<Object>> extractor;
    private final Selection selection;
    private final int index;
    private final Test test;
    private final List<Expr<?>> expected;
    private final String saveAs;

    private NotificationCheck(String label, Function<Notification, List<Object>> extractor, Selection selection,
            int index, Test test, List<Expr<?>> expected, String saveAs) {
        this.label = label;
        this.extractor = extractor;
        this.selection = selection;
        this.index = index;
        this.test = test;
        this.expected = expected;
        this.saveAs = saveAs;
    }

    static NotificationCheck of(String label, Function<Notification, List<Object>> extractor) {
        return new NotificationCheck(label, extractor, Selection.FIND, 0, Test.EXISTS, List.of(), null);
    }

    static NotificationCheck jsonPath(String expression) {
        JsonPath path = JsonPath.compile(expression);
        return of("jsonPath(" + expression + ")", n -> path.select(n.data()));
    }

    static NotificationCheck single(String label, Function<Notification, Object> value) {
        return of(label, n -> {
            Object v = value.apply(n);
            return v == null ? List.of() : List.of(v);
        });
    }

    // ---- selection ----

    /** The first value (the default). */
    public NotificationCheck find() {
        return find(0);
    }

    /** The value at {@code occurrence} (0-based). */
    public NotificationCheck find(int occurrence) {
        if (occurrence < 0) {
            throw new IllegalArgumentException("find(" + occurrence + "): occurrence must be 0 or more");
        }
        return new NotificationCheck(label, extractor, Selection.FIND, occurrence, test, expected, saveAs);
    }

    /** All values, as a list. */
    public NotificationCheck findAll() {
        return new NotificationCheck(label, extractor, Selection.FIND_ALL, 0, test, expected, saveAs);
    }

    /** How many values there are (0 when none: always exists). */
    public NotificationCheck count() {
        return new NotificationCheck(label, extractor, Selection.COUNT, 0, test, expected, saveAs);
    }

    // ---- validation; String arguments may use Gatling EL such as "#{chatId}" ----

    public NotificationCheck exists() {
        return validate(Test.EXISTS);
    }

    public NotificationCheck notExists() {
        return validate(Test.NOT_EXISTS);
    }

    public NotificationCheck is(Object value) {
        return validate(Test.IS, value);
    }

    public NotificationCheck not(Object value) {
        return validate(Test.NOT, value);
    }

    public NotificationCheck in(Object... values) {
        return validate(Test.IN, values);
    }

    public NotificationCheck gt(Number value) {
        return validate(Test.GT, value);
    }

    public NotificationCheck gte(Number value) {
        return validate(Test.GTE, value);
    }

    public NotificationCheck lt(Number value) {
        return validate(Test.LT, value);
    }

    public NotificationCheck lte(Number value) {
        return validate(Test.LTE, value);
    }

    /** Saves the selected value (or list, or count) in the session under {@code key}. */
    public NotificationCheck saveAs(String key) {
        Objects.requireNonNull(key, "key");
        return new NotificationCheck(label, extractor, selection, index, test, expected, key);
    }

    private NotificationCheck validate(Test t, Object... values) {
        List<Expr<?>> exprs = new ArrayList<>();
        for (Object v : values) {
            Objects.requireNonNull(v, "check value");
            exprs.add(v instanceof String s ? Expr.string(s) : Expr.constant(v));
        }
        return new NotificationCheck(label, extractor, selection, index, t, List.copyOf(exprs), saveAs);
    }

    /**
     * Applies the check to {@code n}; returns the session with the saved value, or throws
     * {@link Failed} with the reason.
     */
    Session apply(Notification n, Session session) {
        List<Object> values = n == null ? List.of() : extractor.apply(n);
        Object actual;
        boolean present;
        switch (selection) {
            case COUNT -> {
                actual = values.size();
                present = true;
            }
            case FIND_ALL -> {
                actual = values;
                present = !values.isEmpty();
            }
            default -> {
                present = index < values.size();
                actual = present ? values.get(index) : null;
            }
        }
        List<Object> wanted = new ArrayList<>(expected.size());
        for (Expr<?> e : expected) {
            wanted.add(e.resolve(session));
        }
        boolean ok = switch (test) {
            case EXISTS -> present;
            case NOT_EXISTS -> !present;
            case IS -> present && same(actual, wanted.get(0));
            case NOT -> !present || !same(actual, wanted.get(0));
            case IN -> present && wanted.stream().anyMatch(w -> same(actual, w));
            case GT -> present && compare(actual, wanted.get(0)) > 0;
            case GTE -> present && compare(actual, wanted.get(0)) >= 0;
            case LT -> present && compare(actual, wanted.get(0)) < 0;
            case LTE -> present && compare(actual, wanted.get(0)) <= 0;
        };
        if (!ok) {
            throw new Failed(describe(wanted) + ", but actually " + (present ? "found " + actual : "found nothing"));
        }
        return saveAs != null && present ? session.set(saveAs, actual) : session;
    }

    private String describe(List<Object> wanted) {
        String select = switch (selection) {
            case COUNT -> ".count";
            case FIND_ALL -> ".findAll";
            default -> index == 0 ? ".find" : ".find(" + index + ")";
        };
        String verb = test == Test.NOT_EXISTS ? "notExists" : test.name().toLowerCase(Locale.ROOT);
        String args = wanted.isEmpty() ? "" : wanted.size() == 1 ? String.valueOf(wanted.get(0))
                : Arrays.toString(wanted.toArray());
        return label + select + "." + verb + "(" + args + ")";
    }

    private static boolean same(Object actual, Object wanted) {
        if (actual instanceof Number a && wanted instanceof Number w) {
            return a.doubleValue() == w.doubleValue();
        }
        if (actual instanceof Number a && wanted instanceof String w) {
            try {
                return a.doubleValue() == Double.parseDouble(w);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return Objects.equals(String.valueOf(actual), String.valueOf(wanted));
    }

    private static int compare(Object actual, Object wanted) {
        double a = toDouble(actual);
        double w = toDouble(wanted);
        return Double.compare(a, w);
    }

    private static double toDouble(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(o));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    @Override
    public String toString() {
        return describe(expected.stream().map(e -> (Object) e.toString()).toList());
    }

    /** A check did not hold; the message says what was expected and what was found. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message, null, false, false);
        }
    }
}
