package io.gwsload.gatling.action;

import java.util.Objects;
import java.util.function.Function;

import io.gatling.commons.validation.Failure;
import io.gatling.commons.validation.Success;
import io.gatling.commons.validation.Validation;
import io.gatling.core.session.Session;
import io.gatling.javaapi.core.internal.Expressions;

/**
 * A DSL argument resolved per virtual user: a constant, a Gatling Expression Language string such as
 * {@code "#{chatId}"} (compiled once, when the simulation is built, so a malformed one fails before
 * load starts), or a function of the session as in Gatling's Java DSL.
 */
public final class Expr<T> {
    private final T constant;
    private final scala.Function1<Session, Validation<T>> el;
    private final Function<io.gatling.javaapi.core.Session, T> function;
    private final String text;

    private Expr(T constant, scala.Function1<Session, Validation<T>> el,
            Function<io.gatling.javaapi.core.Session, T> function, String text) {
        this.constant = constant;
        this.el = el;
        this.function = function;
        this.text = text;
    }

    public static <T> Expr<T> constant(T value) {
        return new Expr<>(value, null, null, String.valueOf(value));
    }

    /** A string that may contain {@code #{...}} Gatling EL. */
    public static Expr<String> string(String value) {
        Objects.requireNonNull(value, "value");
        if (!value.contains("#{")) {
            return constant(value);
        }
        return new Expr<>(null, Expressions.toStringExpression(value), null, value);
    }

    static <T> Expr<T> function(Function<io.gatling.javaapi.core.Session, T> f) {
        return new Expr<>(null, null, Objects.requireNonNull(f, "function"), "(function)");
    }

    /** The value for this virtual user; {@link ExprException} with Gatling's reason when it cannot be had. */
    public T resolve(Session session) {
        if (el != null) {
            Validation<T> v = el.apply(session);
            if (v instanceof Success<T> s) {
                return s.value();
            }
            throw new ExprException(text + ": " + ((Failure) v).message());
        }
        if (function != null) {
            T value;
            try {
                value = function.apply(new io.gatling.javaapi.core.Session(session));
            } catch (RuntimeException e) {
                throw new ExprException("a session function failed: " + e);
            }
            if (value == null) {
                throw new ExprException("a session function returned null");
            }
            return value;
        }
        return constant;
    }

    public boolean isConstant() {
        return el == null && function == null;
    }

    @Override
    public String toString() {
        return text;
    }

    /** A value could not be resolved for a virtual user; the message says which and why. */
    static final class ExprException extends RuntimeException {
        ExprException(String message) {
            super(message, null, false, false);
        }
    }
}
