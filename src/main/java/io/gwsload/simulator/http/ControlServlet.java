package io.gwsload.simulator.http;

import io.gwsload.simulator.GwsSimulator;
import io.gwsload.simulator.SimulatorConfig;
import io.gwsload.simulator.model.ContactOptions;
import io.gwsload.simulator.users.SimUser;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.gwsload.api.Json;
import io.gwsload.api.Media;

/**
 * The simulator's control endpoint under {@code /sim/*}. Not part of GWS; no authentication. JSON
 * in and out; bad input is answered HTTP 400 {@code {"error":"<one sentence>"}}.
 *
 * <table>
 * <caption>Endpoints</caption>
 * <tr><td>{@code POST /sim/contacts}</td><td>{@code {"media":"chat"|"sms","count":1,"customerNickname":"..",
 *   "userData":{..},"agent":"agent0001"}} (all but media optional; {@code agent}: offer to that user
 *   only) → {@code {"ids":[...]}}</td></tr>
 * <tr><td>{@code GET /sim/config}</td><td>→ {@code {"settings":{..start-up..},"knobs":{..}}}</td></tr>
 * <tr><td>{@code POST /sim/config}</td><td>{@code {"errorRate":0.1,...}} changes knobs (all or nothing)
 *   → {@code {"knobs":{..}}}; start-up settings cannot change while running</td></tr>
 * <tr><td>{@code GET /sim/stats[?gc=true]}</td><td>→ {@link SimulatorStats} JSON ({@code gc=true}
 *   runs {@code System.gc()} first so the heap figure is meaningful)</td></tr>
 * <tr><td>{@code POST /sim/stats/reset}</td><td>restarts counters and histograms → {@code {"reset":true}}</td></tr>
 * <tr><td>{@code POST /sim/disconnect}</td><td>{@code {"users":["agent0001",..]}} | {@code {"count":N}} |
 *   {@code {"all":true}}: forces CometD sessions off (clients must re-handshake; HTTP sessions stay)
 *   → {@code {"disconnected":N}}</td></tr>
 * <tr><td>{@code POST /sim/expire}</td><td>{@code {"users":["agent0001",..]}} | {@code {"all":true}}: ends HTTP
 *   sessions as an idle expiry does (the agents stay logged in; their next POST is refused with 403, as GWS
 *   refuses a request without a valid CSRF token) → {@code {"expired":N}}</td></tr>
 * <tr><td>{@code GET /sim/users}</td><td>→ {@code {"users":[{"username","role","nickname","id","uri"}..]}}
 *   (no passwords)</td></tr>
 * </table>
 */
public final class ControlServlet extends HttpServlet {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final GwsSimulator simulator;

    public ControlServlet(GwsSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String key = request.getMethod() + " " + path;
        try {
            Object result = switch (key) {
                case "POST /contacts" -> contacts(readBody(request));
                case "GET /config" -> config();
                case "POST /config" -> Map.of("knobs", simulator.updateKnobs(readBody(request)).toMap());
                case "GET /stats" -> simulator.stats("true".equalsIgnoreCase(request.getParameter("gc")));
                case "POST /stats/reset" -> {
                    simulator.resetStats();
                    yield Map.of("reset", true);
                }
                case "POST /disconnect" -> Map.of("disconnected", disconnect(readBody(request)));
                case "POST /expire" -> Map.of("expired", expire(readBody(request)));
                case "GET /users" -> Map.of("users", users());
                default -> null;
            };
            if (result == null) {
                write(response, HttpServletResponse.SC_NOT_FOUND, Map.of("error", "No control endpoint " + key
                        + "; see the ControlServlet documentation"));
            } else {
                write(response, HttpServletResponse.SC_OK, result);
            }
        } catch (IllegalArgumentException e) {
            write(response, HttpServletResponse.SC_BAD_REQUEST, Map.of("error", e.getMessage()));
        }
    }

    private Map<String, Object> contacts(Map<String, Object> body) {
        Object mediaName = body.get("media");
        Media media = Media.fromName(mediaName instanceof String s ? s : null).orElseThrow(() ->
                new IllegalArgumentException("media must be \"chat\" or \"sms\", got " + Json.write(mediaName)));
        Object countValue = body.getOrDefault("count", 1);
        if (!(countValue instanceof Integer count) || count < 1 || count > 100_000) {
            throw new IllegalArgumentException("count must be a whole number from 1 to 100000, got "
                    + Json.write(countValue));
        }
        ContactOptions options = ContactOptions.defaults();
        Object nickname = body.get("customerNickname");
        if (nickname != null) {
            options = options.withCustomerNickname(String.valueOf(nickname));
        }
        Object userData = body.get("userData");
        if (userData != null) {
            if (!(userData instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("userData must be a JSON object");
            }
            Map<String, Object> data = new LinkedHashMap<>();
            m.forEach((k, v) -> data.put(String.valueOf(k), v));
            options = options.withUserData(data);
        }
        Object agent = body.get("agent");
        if (agent != null) {
            options = options.withAgent(String.valueOf(agent));
        }
        return Map.of("ids", simulator.injectContacts(media, count, options));
    }

    private Map<String, Object> config() {
        SimulatorConfig c = simulator.config();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("host", c.host());
        settings.put("port", simulator.port());
        settings.put("agents", c.agents());
        settings.put("supervisors", c.supervisors());
        settings.put("usersFile", c.usersFile() == null ? null : c.usersFile().toString());
        settings.put("maxThreads", c.maxThreads());
        settings.put("cometdTimeoutMs", c.cometdTimeoutMs());
        settings.put("maxInterval", c.maxInterval());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settings", settings);
        m.put("knobs", simulator.knobs().toMap());
        return m;
    }

    private int disconnect(Map<String, Object> body) {
        if (Boolean.TRUE.equals(body.get("all"))) {
            return simulator.disconnectAll();
        }
        if (body.get("users") instanceof List<?> users) {
            List<String> names = new ArrayList<>(users.size());
            users.forEach(u -> names.add(String.valueOf(u)));
            return simulator.disconnect(names);
        }
        if (body.get("count") instanceof Integer count && count >= 0) {
            return simulator.disconnectRandom(count);
        }
        throw new IllegalArgumentException("Give {\"users\":[names]}, {\"count\":N} or {\"all\":true}");
    }

    private int expire(Map<String, Object> body) {
        if (Boolean.TRUE.equals(body.get("all"))) {
            return simulator.expireSessions(null);
        }
        if (body.get("users") instanceof List<?> users) {
            List<String> names = new ArrayList<>(users.size());
            users.forEach(u -> names.add(String.valueOf(u)));
            return simulator.expireSessions(names);
        }
        throw new IllegalArgumentException("Give {\"users\":[names]} or {\"all\":true}");
    }

    private List<Map<String, Object>> users() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (SimUser u : simulator.users()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("username", u.username());
            m.put("role", u.role().csvName());
            m.put("nickname", u.nickname());
            m.put("id", u.id());
            m.put("uri", u.uri());
            list.add(m);
        }
        return list;
    }

    private static Map<String, Object> readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            Map<String, Object> body = Json.MAPPER.readValue(in, MAP);
            if (body == null) {
                throw new IllegalArgumentException("The body must be a JSON object");
            }
            return body;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The body must be a JSON object (" + e.getOriginalMessage() + ")");
        }
    }

    private static void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = Json.writeBytes(body);
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
