package io.gwsload.gatling.action;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.gatling.commons.validation.Failure;
import io.gatling.commons.validation.Success;
import io.gatling.commons.validation.Validation;
import io.gatling.core.check.Check;
import io.gatling.core.check.CheckMaterializer;
import io.gatling.core.check.jmespath.JmesPathCheckType;
import io.gatling.core.check.jsonpath.JsonPathCheckType;
import io.gatling.core.check.string.BodyStringCheckType;
import io.gatling.core.check.substring.SubstringCheckType;
import io.gatling.core.session.Session;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.internal.CoreCheckType;
import io.gatling.javaapi.core.internal.Expressions;
import io.gwsload.api.Json;
import io.gwsload.api.Notification;
import scala.Function1;
import scala.Function2;
import scala.Option;
import scala.Tuple2;

/**
 * Gatling's own checks on CometD notifications, as Gatling's JMS module runs them on JMS messages: a
 * check materializer per check type prepares the notification's {@code data} once (a Jackson tree for
 * {@code jsonPath} and {@code jmesPath}, the JSON text for {@code bodyString} and {@code substring}), and
 * Gatling's check machinery does the rest: find/count/exists, {@code is}/{@code isEL}, {@code ofInt},
 * {@code transform}, {@code withDefault}, {@code optional}, {@code name}, {@code saveAs}.
 */
public final class NotificationChecks {
    private NotificationChecks() {
    }

    /** One shared preparer per kind: Gatling caches the prepared value per notification by preparer. */
    private static final Function1<Notification, Validation<JsonNode>> TREE = n -> {
        try {
            return new Success<>(Json.MAPPER.valueToTree(n.data()));
        } catch (IllegalArgumentException e) {
            return failure("the notification's data is not JSON: " + e.getMessage());
        }
    };

    private static final Function1<Notification, Validation<String>> TEXT = n -> new Success<>(n.toJson());

    private static final CheckMaterializer<JsonPathCheckType, Check<Notification>, Notification, JsonNode> JSON_PATH =
            new Materializer<>(TREE);
    private static final CheckMaterializer<JmesPathCheckType, Check<Notification>, Notification, JsonNode> JMES_PATH =
            new Materializer<>(TREE);
    private static final CheckMaterializer<BodyStringCheckType, Check<Notification>, Notification, String> BODY =
            new Materializer<>(TEXT);
    private static final CheckMaterializer<SubstringCheckType, Check<Notification>, Notification, String> SUBSTRING =
            new Materializer<>(TEXT);

    /** The check, for a notification; refuses check types that make no sense here (xpath, css...). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Check<Notification> toScala(CheckBuilder check) {
        io.gatling.core.check.CheckBuilder scala = check.asScala();
        CheckBuilder.CheckType type = check.type();
        if (type == CoreCheckType.JsonPath) {
            return (Check<Notification>) scala.build(JSON_PATH);
        } else if (type == CoreCheckType.JmesPath) {
            return (Check<Notification>) scala.build(JMES_PATH);
        } else if (type == CoreCheckType.BodyString) {
            return (Check<Notification>) scala.build(BODY);
        } else if (type == CoreCheckType.Substring) {
            return (Check<Notification>) scala.build(SUBSTRING);
        }
        throw new IllegalArgumentException("a check on a GWS notification can be jsonPath, jmesPath, bodyString "
                + "or substring, not " + type);
    }

    public static List<Check<Notification>> toScala(List<CheckBuilder> checks) {
        List<Check<Notification>> out = new ArrayList<>(checks.size());
        for (CheckBuilder c : checks) {
            out.add(toScala(c));
        }
        return List.copyOf(out);
    }

    /** The checks, applied only when the Gatling EL condition is true. */
    public static List<Check<Notification>> checkIf(String condition, List<CheckBuilder> checks) {
        Function1<Session, Validation<Object>> cond = Expressions.toBooleanExpression(condition);
        return conditional(checks, c -> c.checkIf(cond));
    }

    /** The checks, applied only when the condition on the session is true. */
    public static List<Check<Notification>> checkIf(Function<io.gatling.javaapi.core.Session, Boolean> condition,
            List<CheckBuilder> checks) {
        Function1<Session, Validation<Object>> cond = Expressions.javaBooleanFunctionToExpression(condition::apply);
        return conditional(checks, c -> c.checkIf(cond));
    }

    /** The checks, applied only when the condition on the notification and the session is true. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static List<Check<Notification>> checkIf(
            BiFunction<Notification, io.gatling.javaapi.core.Session, Boolean> condition, List<CheckBuilder> checks) {
        Function2<Notification, Session, Validation<Object>> cond =
                (Function2) Expressions.javaBiFunctionToExpression(condition);
        return conditional(checks, c -> c.checkIf(cond));
    }

    private static List<Check<Notification>> conditional(List<CheckBuilder> checks,
            Function<Check<Notification>, Check<Notification>> wrap) {
        List<Check<Notification>> out = new ArrayList<>();
        for (Check<Notification> c : toScala(checks)) {
            out.add(wrap.apply(c));
        }
        return List.copyOf(out);
    }

    /** The outcome of the checks on one notification: the session with what they saved, and the first failure. */
    public record Result(Session session, String failure) {
    }

    /** Runs every check (each may save); the first failure, if any, is the verdict's message. */
    public static Result apply(List<Check<Notification>> checks, Notification n, Session session) {
        if (checks.isEmpty()) {
            return new Result(session, null);
        }
        Tuple2<Session, Option<Failure>> result = io.gatling.core.check.Check$.MODULE$.check(n, session,
                scala.jdk.javaapi.CollectionConverters.asScala(checks).toList(), Check.newPreparedCache());
        Option<Failure> failure = result._2();
        return new Result(result._1(), failure.isDefined() ? failure.get().message() : null);
    }

    @SuppressWarnings("unchecked")
    private static <T> Validation<T> failure(String message) {
        return (Validation<T>) (Validation<?>) new Failure(message);
    }

    /** Gatling's check materializer for notifications: the check as it is, with a preparer. */
    private static final class Materializer<T, P> extends CheckMaterializer<T, Check<Notification>, Notification, P> {
        private final Function1<Notification, Validation<P>> preparer;

        Materializer(Function1<Notification, Validation<P>> preparer) {
            super(check -> check);
            this.preparer = preparer;
        }

        @Override
        public Function1<Notification, Validation<P>> preparer() {
            return preparer;
        }
    }
}
