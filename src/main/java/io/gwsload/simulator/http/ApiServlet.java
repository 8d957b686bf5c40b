package io.gwsload.simulator.http;

import io.gwsload.simulator.model.ApiException;

import io.gwsload.simulator.Knobs;
import io.gwsload.simulator.cometd.CometdGateway;
import io.gwsload.simulator.cometd.DeliveryWatch;
import io.gwsload.simulator.cometd.Notifier;
import io.gwsload.simulator.model.Agent;
import io.gwsload.simulator.model.ContactCentre;
import io.gwsload.simulator.ops.AgentHandlers;
import io.gwsload.simulator.ops.Effects;
import io.gwsload.simulator.ops.InteractionHandlers;
import io.gwsload.simulator.ops.OpContext;
import io.gwsload.simulator.ops.ReferenceIdPolicy;
import io.gwsload.simulator.ops.SupervisorHandlers;
import io.gwsload.simulator.truth.Counter;
import io.gwsload.simulator.truth.GroundTruth;
import io.gwsload.simulator.truth.ServerCapacity;
import io.gwsload.simulator.users.SimUser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.Json;
import io.gwsload.api.OperationName;
import io.gwsload.api.StatusCode;

/**
 * The GWS REST API under {@code /api/v2/*}: HTTP Basic on every call, the JSESSIONID session and
 * CSRF token, GET resources, and operation POSTs with their timing and publication.
 *
 * <p>Answers: success HTTP 200 {@code {"statusCode":0,"referenceId":N}}, or {@code {"statusCode":0}}
 * where {@link ReferenceIdPolicy} puts no referenceId in that operation's answer; bad credentials
 * HTTP 401 with {@code WWW-Authenticate: Basic realm="gws"} and {@code {"statusCode":20,...}}; a POST without
 * the session cookie of the Basic user or without its {@code X-CSRF-TOKEN} HTTP 403
 * {@code Missing or invalid Csrf token} (text); malformed JSON, an unknown {@code operationName} or
 * one that cannot be posted to that resource HTTP 400 {@code {"statusCode":10,...}} (a choice); other
 * refusals HTTP 200 with statusCode 1, 2, 5, 6 or 7 and a {@code statusMessage}; an unknown URL
 * HTTP 404 {@code {"statusCode":6,...}}; the {@code http503Rate} fault HTTP 503
 * {@code {"statusCode":4,...}} (checked after authentication, before anything else (a choice)); past the
 * simulated capacity's queue ({@link ServerCapacity}) HTTP 503 or 200 with {@code {"statusCode":4,...}}.
 *
 * <p>Timing: the request is stamped ({@code System.nanoTime}) before anything else. The operation's
 * effect is applied at once (a choice); its notifications are published after the response is written and
 * flushed, on this thread when {@code processingDelay} is 0, else on the scheduler at received +
 * delay. With {@code notifyBeforeResponse} the response is held (asynchronously) until the caller's
 * notifications reached the client ({@link DeliveryWatch}). Routing the operation triggers runs after
 * its notifications are out. With a simulated capacity (knob {@code workers}) all of this happens when
 * the operation's service ends; meanwhile the request is held asynchronously.
 */
public final class ApiServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    static final String VERSION = "8.5.201.00-sim";
    private static final String JSON = "application/json;charset=UTF-8";
    /** A success answer without referenceId (never modified: only written). */
    private static final byte[] OK = "{\"statusCode\":0}".getBytes(StandardCharsets.UTF_8);
    /** The longest an answer waits for its notifications to reach the client (notifyBeforeResponse). */
    private static final long NOTIFY_BEFORE_RESPONSE_CAP_MS = 2_000;

    private final BasicAuth auth;
    private final WebSessions sessions;
    private final ContactCentre centre;
    private final AgentHandlers agentOperations;
    private final InteractionHandlers interactionOperations;
    private final SupervisorHandlers supervisorOperations;
    private final GroundTruth truth;
    private final ServerCapacity capacity;
    private final Supplier<Knobs> knobs;
    private final ScheduledExecutorService scheduler;
    private final Notifier notifier;
    private final DeliveryWatch watch;

    public ApiServlet(BasicAuth auth, WebSessions sessions, ContactCentre centre, Notifier notifier, DeliveryWatch watch,
            GroundTruth truth, ServerCapacity capacity, Supplier<Knobs> knobs, ScheduledExecutorService scheduler) {
        this.capacity = capacity;
        this.notifier = notifier;
        this.watch = watch;
        this.auth = auth;
        this.sessions = sessions;
        this.centre = centre;
        this.agentOperations = new AgentHandlers(centre);
        this.interactionOperations = new InteractionHandlers(centre);
        this.supervisorOperations = new SupervisorHandlers(centre);
        this.truth = truth;
        this.knobs = knobs;
        this.scheduler = scheduler;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long received = System.nanoTime();
        truth.count(Counter.requests);
        SimUser user = auth.authenticate(request.getHeader("Authorization"));
        if (user == null) {
            truth.count(Counter.http401);
            response.setHeader("WWW-Authenticate", "Basic realm=\"gws\"");
            writeJson(response, HttpServletResponse.SC_UNAUTHORIZED, status(StatusCode.NOT_AUTHENTICATED,
                    "Access denied: missing or wrong user name or password"));
            return;
        }
        String method = request.getMethod();
        if ("GET".equals(method)) {
            get(request, response, user);
        } else if ("POST".equals(method)) {
            post(request, response, user, received);
        } else {
            writeJson(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, status(StatusCode.VALIDATION_ERROR,
                    "Method " + method + " is not supported; use GET or POST"));
        }
    }

    // ---- GET

    private void get(HttpServletRequest request, HttpServletResponse response, SimUser user) throws IOException {
        WebSession session = sessions.get(sessionCookie(request));
        if (session == null || session.user() != user) {
            session = sessions.create(centre.agent(user));
            setSessionCookie(response, session);
        }
        session.touch();
        response.setHeader("X-CSRF-HEADER", "X-CSRF-TOKEN");
        response.setHeader("X-CSRF-TOKEN", session.csrfToken());
        response.setHeader("Access-Control-Expose-Headers", "X-CSRF-HEADER, X-CSRF-TOKEN");
        ApiRoute route = ApiRoute.parse(request.getPathInfo());
        Agent agent = session.agent();
        try {
            Map<String, Object> body = route == null ? null : switch (route.kind()) {
                case ME -> ok("user", centre.userResource(agent, "*".equals(request.getParameter("subresources"))));
                case INTERACTIONS -> ok(route.media().pathSegment(), centre.interactionsOf(agent, route.media()));
                case INTERACTION -> ok(route.media().objectKey(), centre.interactionOf(agent, route.media(),
                        route.interactionId()));
                case MESSAGES -> ok("messages", centre.messagesOf(agent, route.media(), route.interactionId(),
                        intParameter(request, "startIndex", 0), intParameter(request, "count", Integer.MAX_VALUE)));
                case VERSION -> ok("version", VERSION);
                default -> null;
            };
            if (body == null) {
                notFound(request, response);
            } else {
                writeJson(response, HttpServletResponse.SC_OK, body);
            }
        } catch (ApiException e) {
            writeJson(response, e.code() == StatusCode.VALIDATION_ERROR ? 400 : 200, status(e.code(), e.getMessage()));
        }
    }

    // ---- POST

    private void post(HttpServletRequest request, HttpServletResponse response, SimUser user, long received)
            throws IOException {
        Knobs k = knobs.get();
        WebSession session = sessions.get(sessionCookie(request));
        if (session == null || session.user() != user) {
            if (k.csrf()) {
                forbidden(response);
                return;
            }
            session = sessions.create(centre.agent(user)); // without CSRF a POST may open the session
            setSessionCookie(response, session);
        }
        if (k.csrf() && !session.csrfToken().equals(request.getHeader("X-CSRF-TOKEN"))) {
            forbidden(response);
            return;
        }
        session.touch();
        if (k.http503Rate() > 0 && ThreadLocalRandom.current().nextDouble() < k.http503Rate()) {
            truth.count(Counter.http503);
            writeJson(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, status(StatusCode.INTERNAL_ERROR,
                    "Service unavailable (simulated: http503Rate)"));
            return;
        }
        Request parsed;
        try {
            parsed = parse(request);
        } catch (ApiException e) {
            refused(response, e);
            return;
        }
        if (parsed == null) {
            notFound(request, response);
            return;
        }
        long done = capacity.admit(k, parsed.op, System.nanoTime());
        if (done == ServerCapacity.REJECTED) {
            overloaded(response, k);
            return;
        }
        long wait = done - System.nanoTime();
        if (wait <= 0) {
            perform(parsed, request, response, session, received, k, null);
        } else {
            // in service for a while (knob workers): the answer waits without holding a thread
            AsyncContext async = request.startAsync();
            async.setTimeout(0);
            WebSession s = session;
            // the scheduler only hands over: the work runs on the server's threads, never on its two
            scheduler.schedule(() -> async.start(() -> perform(parsed, request, response, s, received, k, async)),
                    wait, TimeUnit.NANOSECONDS);
        }
    }

    /** A parsed operation POST. */
    private record Request(ApiRoute route, Map<String, Object> body, OperationName op) {
    }

    /** The route, body and operation of a POST; null for an unknown URL; ApiException when malformed. */
    private static Request parse(HttpServletRequest request) throws IOException {
        ApiRoute route = ApiRoute.parse(request.getPathInfo());
        if (route == null) {
            return null;
        }
        Map<String, Object> body = readBody(request);
        Object name = body.get("operationName");
        OperationName op = OperationName.fromWire(name instanceof String s ? s : null)
                .orElseThrow(() -> new ApiException(StatusCode.VALIDATION_ERROR, name == null
                        ? "The body has no operationName" : "Unknown operationName '" + name + "'"));
        if (!route.accepts(op)) {
            throw new ApiException(StatusCode.VALIDATION_ERROR, op.wireName() + " cannot be posted to "
                    + ApiPaths.ROOT + request.getPathInfo());
        }
        op.missingParameter(body).ifPresent(missing -> {
            throw new ApiException(StatusCode.PARAMETER_MISSING, "Missing required parameter: " + missing);
        });
        return new Request(route, body, op);
    }

    /** Applies an operation and answers it; {@code async} is the held request when it waited for a worker. */
    private void perform(Request parsed, HttpServletRequest request, HttpServletResponse response, WebSession session,
            long received, Knobs k, AsyncContext async) {
        try {
            operate(parsed, request, response, session, received, k, async);
        } catch (ApiException e) {
            respondAndComplete(async, () -> refused(response, e));
        } catch (IOException e) {
            LOG.debug("Could not answer an operation", e);
            complete(async);
        } catch (RuntimeException e) {
            LOG.warn("Operation on {} failed", request.getPathInfo(), e);
            truth.statusError(StatusCode.INTERNAL_ERROR.code());
            respondAndComplete(async, () -> writeJson(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                    status(StatusCode.INTERNAL_ERROR, "Internal error: " + e)));
        }
    }

    private interface Answer {
        void write() throws IOException;
    }

    private static void respondAndComplete(AsyncContext async, Answer answer) {
        try {
            answer.write();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not answer an operation", e);
        } finally {
            complete(async);
        }
    }

    private static void complete(AsyncContext async) {
        if (async != null) {
            async.complete();
        }
    }

    private void refused(HttpServletResponse response, ApiException e) throws IOException {
        truth.statusError(e.code().code());
        int http = e.code() == StatusCode.VALIDATION_ERROR ? HttpServletResponse.SC_BAD_REQUEST
                : HttpServletResponse.SC_OK;
        writeJson(response, http, status(e.code(), e.getMessage()));
    }

    /** The answer to an operation refused for capacity (knobs workers, queueLimit, overload). */
    private void overloaded(HttpServletResponse response, Knobs k) throws IOException {
        String message = "Service unavailable: the server is busy (simulated capacity: " + k.workers()
                + " workers, " + k.queueLimit() + " operations waiting)";
        if (k.overload() == Knobs.Overload.ERROR) {
            truth.statusError(StatusCode.INTERNAL_ERROR.code());
            writeJson(response, HttpServletResponse.SC_OK, status(StatusCode.INTERNAL_ERROR, message));
        } else {
            writeJson(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, status(StatusCode.INTERNAL_ERROR, message));
        }
    }

    private void operate(Request parsed, HttpServletRequest request, HttpServletResponse response, WebSession session,
            long received, Knobs k, AsyncContext held) throws IOException {
        OpContext ctx = new OpContext(parsed.op, received, session, k);
        if (k.audit()) {
            response.setHeader(io.gwsload.api.AuditStamp.HEADER, String.valueOf(ctx.auditId));
        }
        Effects out = execute(ctx, parsed.route, parsed.body);
        if (out.invalidateSession) {
            // Ended before its answer and its notifications go out: a client that has seen either may find its
            // next request refused. (After them, a quick client's next request could still pass.)
            sessions.invalidate(session);
        }
        if (k.audit()) {
            out.causedBy(ctx);
        }
        truth.count(Counter.operationsOk);
        if (out.partialFailure != null) {
            truth.statusError(StatusCode.PARTIAL_SUCCESS.code());
        }
        byte[] answer = answer(ctx, out);
        long delay = k.processingDelay().isZero() ? 0 : k.processingDelay().sampleNanos();
        long remaining = delay - (System.nanoTime() - received);
        long answerDelay = k.answerDelay().isZero() ? 0 : k.answerDelay().sampleNanos();
        if (k.notifyBeforeResponse() || answerDelay > 0) {
            // the answer waits until the notifications reached the client (capped), see DeliveryWatch, and/or
            // the answer delay after they were published: either way they come before it
            AsyncContext async = held != null ? held : request.startAsync();
            async.setTimeout(0);
            Runnable respond = () -> {
                respondAndComplete(async, () -> write(response, HttpServletResponse.SC_OK, answer));
                out.runAfterwards();
            };
            Runnable answerNow = answerDelay <= 0 ? respond
                    : () -> scheduler.schedule(respond, answerDelay, TimeUnit.NANOSECONDS);
            Runnable publish = k.notifyBeforeResponse() ? () -> {
                DeliveryWatch.Ticket ticket = watch.ticket(answerNow);
                notifier.publish(out.deliveries, ticket, k);
                ticket.arm(NOTIFY_BEFORE_RESPONSE_CAP_MS);
            } : () -> {
                notifier.publish(out.deliveries, null, k);
                answerNow.run();
            };
            if (remaining <= 0) {
                publish.run();
            } else {
                scheduler.schedule(publish, remaining, TimeUnit.NANOSECONDS);
            }
        } else {
            respondAndComplete(held, () -> {
                write(response, HttpServletResponse.SC_OK, answer);
                response.flushBuffer();
            });
            // Answered: what fails from here on is logged, never answered a second time.
            try {
                if (remaining <= 0) {
                    notifier.publish(out.deliveries, null, k);
                    out.runAfterwards();
                } else {
                    if (out.invalidateSession) {
                        sessions.invalidate(session);
                    }
                    scheduler.schedule(() -> {
                        notifier.publish(out.deliveries, null, k);
                        out.runAfterwards();
                    }, remaining, TimeUnit.NANOSECONDS);
                }
            } catch (RuntimeException e) {
                LOG.warn("Publishing the notifications of an answered operation on {} failed", request.getPathInfo(), e);
            }
        }
    }

    private Effects execute(OpContext ctx, ApiRoute route, Map<String, Object> body) {
        return switch (route.kind()) {
            case ME -> agentOperations.onMe(ctx, body);
            case CHANNEL -> agentOperations.onChannel(ctx, route);
            case INTERACTION -> interactionOperations.handle(ctx, route, body);
            case USER_CHANNEL -> supervisorOperations.onUserChannel(ctx, route, body);
            case USER_INTERACTION -> supervisorOperations.intrude(ctx, route, body);
            default -> throw new IllegalStateException(route.kind().name());
        };
    }

    private static byte[] answer(OpContext ctx, Effects out) {
        boolean withId = ReferenceIdPolicy.inAnswer(ctx.knobs.referenceIds(), ctx.op);
        if (out.partialFailure == null) {
            return withId ? ("{\"statusCode\":0,\"referenceId\":" + ctx.referenceId() + "}")
                    .getBytes(StandardCharsets.UTF_8) : OK;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statusCode", StatusCode.PARTIAL_SUCCESS.code());
        m.put("statusMessage", out.partialFailure);
        if (withId) {
            m.put("referenceId", ctx.referenceId());
        }
        return Json.writeBytes(m);
    }

    private static Map<String, Object> readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            Map<String, Object> body = Json.MAPPER.readValue(in, MAP);
            if (body == null) {
                throw new ApiException(StatusCode.VALIDATION_ERROR, "The body must be a JSON object");
            }
            return body;
        } catch (JacksonException e) {
            throw new ApiException(StatusCode.VALIDATION_ERROR, "The body is not a JSON object: "
                    + e.getOriginalMessage());
        }
    }

    // ---- helpers

    private void forbidden(HttpServletResponse response) throws IOException {
        truth.count(Counter.http403);
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/plain;charset=UTF-8");
        byte[] body = "Missing or invalid Csrf token".getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void notFound(HttpServletRequest request, HttpServletResponse response) throws IOException {
        writeJson(response, HttpServletResponse.SC_NOT_FOUND, status(StatusCode.NOT_FOUND, "No resource at "
                + ApiPaths.ROOT + (request.getPathInfo() == null ? "" : request.getPathInfo())));
    }

    private static String sessionCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (CometdGateway.SESSION_COOKIE.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    private static void setSessionCookie(HttpServletResponse response, WebSession session) {
        response.addHeader("Set-Cookie", CometdGateway.SESSION_COOKIE + "=" + session.id() + "; Path=/; HttpOnly");
    }

    private static int intParameter(HttpServletRequest request, String name, int dflt) {
        String v = request.getParameter(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            throw new ApiException(StatusCode.VALIDATION_ERROR, name + " must be a whole number, got '" + v + "'");
        }
    }

    private static Map<String, Object> ok(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(2);
        m.put("statusCode", 0);
        m.put(key, value);
        return m;
    }

    static Map<String, Object> status(StatusCode code, String message) {
        Map<String, Object> m = new LinkedHashMap<>(2);
        m.put("statusCode", code.code());
        m.put("statusMessage", message);
        return m;
    }

    private static void writeJson(HttpServletResponse response, int status, Object body) throws IOException {
        write(response, status, Json.writeBytes(body));
    }

    private static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
