package io.gwsload.simulator;

import io.gwsload.simulator.truth.ServerCapacity;

import io.gwsload.simulator.ops.ReferenceIdPolicy;

import io.gwsload.simulator.model.Distribution;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.gwsload.api.OperationName;
import io.gwsload.settings.Registry;
import io.gwsload.settings.Setting;
import io.gwsload.settings.ValueTypes;
import io.gwsload.settings.Values;

/**
 * The simulator's run-time knobs: one immutable snapshot. Set them at start in a properties file
 * ({@code gws.sim.config}) or as system properties {@code -Dgws.sim.<knob>=value}, and change them
 * while it runs with {@link GwsSimulator#updateKnobs} or {@code POST /sim/config {"knob": value}}.
 * A bad value is refused with one sentence naming the knob and what it allows; nothing changes then.
 *
 * <p>Each knob is declared once below ({@link Setting}: name, type, default, one line); the README's Simulator
 * table is made from those declarations, and docs/simulator.md says what each does in detail.
 */
public final class Knobs {
    /** Which notifications the notification faults apply to. */
    public enum FaultScope {
        /** Only notifications an operation causes for its caller (what the harness measures). */
        REFERENCED,
        /** Every notification. */
        ALL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How an operation refused for capacity is answered. */
    public enum Overload {
        /** HTTP 503 with {@code {"statusCode":4}}. */
        HTTP_503("503"),
        /** HTTP 200 with {@code {"statusCode":4}}. */
        ERROR("error");

        private final String wire;

        Overload(String wire) {
            this.wire = wire;
        }

        public String wireName() {
            return wire;
        }
    }

    /** Where referenceIds appear: see {@link ReferenceIdPolicy}. */
    public enum ReferenceIds {
        /** Only where the documentation's samples show one. */
        DOCUMENTED,
        /** Every answer and every notification an operation causes for its caller (the old behaviour). */
        EVERYWHERE,
        /** Nowhere, Errors included. */
        NONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a monitoring supervisor gets the monitored agent's accepted interaction. */
    public enum MonitoredDelivery {
        /** Joined at once in Chatting, no offer (documented, D-ChatSupervisor / D-SMSMonitor). */
        ADDED,
        /** An Invited offer the supervisor must Accept. */
        OFFERED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The spelling of the SMS object and location keys in notifications. */
    public enum SmsSpelling {
        /** {@code smssession}, {@code smssessionUri}, {@code smssessionPath}. */
        SMSSESSION,
        /** {@code smsession}, {@code smsessionUri}, {@code smsessionPath} (a variant in the docs). */
        SMSESSION;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The knobs, declared once: names, defaults and what each means (the README's table is this). */
    public static final Registry REGISTRY = new Registry("knob", SimulatorConfig.PREFIX);

    private static Setting.ValueType<Distribution> distribution() {
        return ValueTypes.custom("a distribution in ms: fixed:MS, uniform:MIN:MAX, exponential:MEAN or "
                + "lognormal:MEDIAN:SIGMA", Distribution::parse, Distribution::spec);
    }

    private static <T> Setting<T> knob(String name, Setting.ValueType<T> type, T defaultValue, String description) {
        return REGISTRY.add(name, type, defaultValue, description);
    }

    static final Setting<Distribution> PROCESSING_DELAY = knob("processingDelay", distribution(), Distribution.ZERO,
            "request received → notifications published: `fixed:MS`, `uniform:MIN:MAX`, `exponential:MEAN`, "
                    + "`lognormal:MEDIAN:SIGMA`");
    static final Setting<Double> ERROR_RATE = knob("errorRate", ValueTypes.rate(), 0.0,
            "probability an accepted operation ends with an `Error` notification (state unchanged)");
    static final Setting<Double> DROP_RATE = knob("dropRate", ValueTypes.rate(), 0.0,
            "probability a notification is not published");
    static final Setting<Double> DUPLICATE_RATE = knob("duplicateRate", ValueTypes.rate(), 0.0,
            "probability a notification is published twice (the copy after `duplicateDelay`)");
    static final Setting<Distribution> DUPLICATE_DELAY = knob("duplicateDelay", distribution(), Distribution.ZERO,
            "how long after the original a duplicate comes (as a CometD re-delivery after a reconnect)");
    static final Setting<Double> DELAY_RATE = knob("delayRate", ValueTypes.rate(), 0.0,
            "probability a notification is held back by `delayExtra` (late: past the harness's timeout when "
                    + "`delayExtra` is longer)");
    static final Setting<Distribution> DELAY_EXTRA = knob("delayExtra", distribution(),
            Distribution.parse("delayExtra", "fixed:1000"), "the extra hold-back of a delayed notification");
    static final Setting<Double> MALFORMED_RATE = knob("malformedRate", ValueTypes.rate(), 0.0,
            "probability a notification is replaced by a malformed one: its referenceId as text, no "
                    + "`messageType`, or its interaction object a string, in turn");
    static final Setting<Double> REORDER_RATE = knob("reorderRate", ValueTypes.rate(), 0.0,
            "probability an operation's notifications come in reverse order");
    static final Setting<FaultScope> FAULT_SCOPE = knob("faultScope", ValueTypes.choice(FaultScope.values(),
            FaultScope::wireName), FaultScope.REFERENCED,
            "faults apply to the notifications an operation causes for its caller (`referenced`), or `all`");
    static final Setting<Long> DELIVERY_DELAY_MS = knob("deliveryDelayMs", ValueTypes.longAtLeast(0), 0L,
            "every notification reaches CometD this many ms after it is published, in order (no operation can "
                    + "show a Notified time below it)");
    static final Setting<Long> BATCH_MESSAGE_LOGS_MS = knob("batchMessageLogsMs", ValueTypes.longAtLeast(0), 0L,
            "MessageLogUpdated notifications for one user and interaction within this many ms are merged into "
                    + "one, carrying the entries of several operations (0 = never)");
    static final Setting<Boolean> PROPERTIES_FAN_OUT = knob("propertiesFanOut", ValueTypes.bool(), true,
            "PropertiesUpdated goes to every participant chatting (`true`), or to the caller only");
    static final Setting<Boolean> AUDIT = knob("audit", ValueTypes.bool(), true,
            "stamp every notification with the operations that caused it (CometD `ext`, never `data`) and every "
                    + "operation's answer with its own (header `X-Gws-Sim-Operation`), so the harness can check "
                    + "each completion against the truth");
    static final Setting<Double> HTTP_503_RATE = knob("http503Rate", ValueTypes.rate(), 0.0,
            "probability a POST is answered HTTP 503 before anything happens");
    static final Setting<Double> HANDSHAKE_REFUSAL_RATE = knob("handshakeRefusalRate", ValueTypes.rate(), 0.0,
            "probability a CometD handshake is refused (a GWS not yet ready after a restart)");
    static final Setting<Boolean> NOTIFY_BEFORE_RESPONSE = knob("notifyBeforeResponse", ValueTypes.bool(), false,
            "publish notifications before writing the HTTP response (the race)");
    static final Setting<Distribution> ANSWER_DELAY = knob("answerDelay", distribution(), Distribution.ZERO,
            "notifications published → the HTTP answer written (a distribution, as `processingDelay`): the answer "
                    + "comes behind the notifications");
    static final Setting<Long> DISCONNECT_INTERVAL_MS = knob("disconnectIntervalMs", ValueTypes.longAtLeast(0), 0L,
            "force `disconnectCount` random CometD sessions off this often (0 = never); clients must re-handshake");
    static final Setting<Integer> DISCONNECT_COUNT = knob("disconnectCount",
            ValueTypes.integer(1, Integer.MAX_VALUE), 1, "sessions per periodic forced disconnect");
    static final Setting<Boolean> CSRF = knob("csrf", ValueTypes.bool(), true,
            "POSTs need the `X-CSRF-TOKEN` header");
    static final Setting<Long> SESSION_IDLE_TIMEOUT_MS = knob("sessionIdleTimeoutMs", ValueTypes.longAtLeast(1),
            30 * 60_000L, "idle HTTP sessions expire after this (CometD traffic keeps a session alive)");
    static final Setting<Double> CHAT_ARRIVALS = knob("chatArrivalsPerSec", ValueTypes.nonNegative(), 0.0,
            "the simulator's own open (Poisson) arrivals of customer chats");
    static final Setting<Double> SMS_ARRIVALS = knob("smsArrivalsPerSec", ValueTypes.nonNegative(), 0.0,
            "the simulator's own open (Poisson) arrivals of customer SMS sessions");
    static final Setting<Integer> MAX_INTERACTIONS = knob("maxInteractionsPerAgent", ValueTypes.integer(1, 10_000),
            4, "agent capacity (Invited + Chatting, both media)");
    static final Setting<Long> OFFER_TIMEOUT_MS = knob("offerTimeoutMs", ValueTypes.longAtLeast(0), 30_000L,
            "an unanswered offer is Revoked and re-routed after this (0 = never)");
    static final Setting<Long> CUSTOMER_PATIENCE_MS = knob("customerPatienceMs", ValueTypes.longAtLeast(0), 0L,
            "a queued customer abandons after this (0 = never)");
    static final Setting<Long> CUSTOMER_MESSAGE_INTERVAL_MS = knob("customerMessageIntervalMs",
            ValueTypes.longAtLeast(0), 0L, "mean time between customer messages while chatting (0 = none after "
                    + "the first)");
    static final Setting<Long> CUSTOMER_LEAVE_AFTER_MS = knob("customerLeaveAfterMs", ValueTypes.longAtLeast(0), 0L,
            "mean time from accept until the customer leaves (0 = never)");
    static final Setting<Long> FLEX_DISCONNECT_TIMEOUT_MS = knob("flexDisconnectTimeoutMs", ValueTypes.longAtLeast(0),
            45_000L, "a GMS chat customer who makes no request for this long is dropped (Chat Server's "
                    + "flex-disconnect-timeout; 0 = never)");
    static final Setting<Map<String, String>> GMS_GATEWAY_HEADERS = knob("gmsGatewayHeaders", ValueTypes.headers(),
            Map.of(), "headers every customer API call must carry (`Name: value` pairs separated by `;`), else HTTP 403, as "
                    + "an API gateway in front of GMS and the Customer Chat API would answer (empty: none)");
    static final Setting<String> GMS_SERVICES = knob("gmsServices", ValueTypes.text(), "",
            "the GMS chat services the simulator knows, comma-separated; a call to another is answered HTTP 404 "
                    + "with error 306 (InvalidService, as the Genesys widgets name it; empty = every name is known)");
    static final Setting<Double> GMS_ALIAS_CHANGE_RATE = knob("gmsAliasChangeRate", ValueTypes.rate(), 0.05,
            "probability a GMS chat reply names another Chat Server `alias` (a client must use the latest)");
    static final Setting<Integer> CHAT_SESSION_LIMIT = knob("chatSessionLimit", ValueTypes.integer(0,
            Integer.MAX_VALUE), 0, "GMS chat sessions open at once; one more is refused with statusCode 1 "
                    + "(Chat Server's limit-for-sessions; 0 = no limit)");
    static final Setting<Integer> CHAT_MESSAGE_RATE_LIMIT = knob("chatMessageRateLimit", ValueTypes.integer(0,
            Integer.MAX_VALUE), 0, "customers' chat messages per second (GMS and GWS Customer Chat API) beyond which "
                    + "one more is refused with statusCode 1 (Chat Server's message capacity; 0 = no limit)");
    static final Setting<Boolean> GROUND_TRUTH_IN_NOTIFICATIONS = knob("groundTruthInNotifications",
            ValueTypes.bool(), false, "stamp each operation's first notification with the simulator's "
                    + "received/published times (`simTiming`)");
    static final Setting<ReferenceIds> REFERENCE_IDS = knob("referenceIds", ValueTypes.choice(ReferenceIds.values(),
            ReferenceIds::wireName), ReferenceIds.DOCUMENTED, "where answers and notifications carry a "
                    + "`referenceId`: `documented` (as the GWS pages show it), `everywhere` or `none`");
    static final Setting<MonitoredDelivery> MONITORED_DELIVERY = knob("monitoredDelivery",
            ValueTypes.choice(MonitoredDelivery.values(), MonitoredDelivery::wireName), MonitoredDelivery.ADDED,
            "how a monitoring supervisor gets the session when the agent accepts: `added` (documented: at once, "
                    + "Chatting, no offer) or `offered` (an Invited offer to accept)");
    static final Setting<SmsSpelling> SMS_SPELLING = knob("smsSpelling", ValueTypes.choice(SmsSpelling.values(),
            SmsSpelling::wireName), SmsSpelling.SMSSESSION, "SMS object and location keys: `smssession` or the "
                    + "variant `smsession` of some doc pages");
    static final Setting<Integer> WORKERS = knob("workers", ValueTypes.integer(0, 100_000), 0,
            "the server's capacity: operation POSTs worked on at once (0 = no limit); capacity = `workers` / "
                    + "mean service time");
    static final Setting<Distribution> SERVICE_TIME = knob("serviceTime", distribution(),
            Distribution.parse("serviceTime", "fixed:5"), "time an operation holds a worker (ms)");
    static final Setting<Map<OperationName, Distribution>> SERVICE_TIMES = knob("serviceTimes",
            ValueTypes.custom("OperationName=distribution pairs separated by commas, e.g. Accept=fixed:20",
                    (name, text) -> serviceTimes(text), Knobs::serviceTimesSpec), Map.of(),
            "per-operation service times: `Accept=fixed:20,Invite=exponential:40`");
    static final Setting<Integer> QUEUE_LIMIT = knob("queueLimit", ValueTypes.integer(0, Integer.MAX_VALUE), 1000,
            "operations that may wait for a worker; one more is refused at once (0 = none waits)");
    static final Setting<Overload> OVERLOAD = knob("overload", ValueTypes.choice(Overload.values(),
            Overload::wireName), Overload.HTTP_503, "a refused operation's answer: `503` (HTTP 503 "
                    + "`{\"statusCode\":4}`) or `error` (HTTP 200 `{\"statusCode\":4}`)");

    private static final Knobs DEFAULTS = new Knobs(REGISTRY.defaults());

    private final Values values;
    // Read on every notification: kept as fields.
    private final boolean anyNotificationFault;

    private Knobs(Values values) {
        this.values = values;
        this.anyNotificationFault = get(DROP_RATE) > 0 || get(DUPLICATE_RATE) > 0 || get(DELAY_RATE) > 0
                || get(REORDER_RATE) > 0 || get(MALFORMED_RATE) > 0;
    }

    private <T> T get(Setting<T> knob) {
        return values.get(knob);
    }

    public static Knobs defaults() {
        return DEFAULTS;
    }

    /** The knob names, in documentation order. */
    public static Set<String> names() {
        Set<String> names = new java.util.LinkedHashSet<>();
        REGISTRY.all().forEach(k -> names.add(k.name()));
        return Collections.unmodifiableSet(names);
    }

    public static boolean isKnob(String name) {
        return REGISTRY.get(name) != null;
    }

    /** A copy with one knob changed; an unknown name or bad value throws with one clear sentence. */
    public Knobs with(String name, Object value) {
        return with(Map.of(name, value == null ? "" : value));
    }

    /** A copy with the given knobs changed, all or nothing. */
    public Knobs with(Map<String, ?> changes) {
        return new Knobs(values.with(changes));
    }

    /** Every knob and its value, as JSON-friendly values (distribution specs as strings). */
    public Map<String, Object> toMap() {
        return values.toMap();
    }

    public Distribution processingDelay() {
        return get(PROCESSING_DELAY);
    }

    public double errorRate() {
        return get(ERROR_RATE);
    }

    public double dropRate() {
        return get(DROP_RATE);
    }

    public double duplicateRate() {
        return get(DUPLICATE_RATE);
    }

    public Distribution duplicateDelay() {
        return get(DUPLICATE_DELAY);
    }

    public double delayRate() {
        return get(DELAY_RATE);
    }

    public Distribution delayExtra() {
        return get(DELAY_EXTRA);
    }

    public double reorderRate() {
        return get(REORDER_RATE);
    }

    public double malformedRate() {
        return get(MALFORMED_RATE);
    }

    public FaultScope faultScope() {
        return get(FAULT_SCOPE);
    }

    public long deliveryDelayMs() {
        return get(DELIVERY_DELAY_MS);
    }

    public long batchMessageLogsMs() {
        return get(BATCH_MESSAGE_LOGS_MS);
    }

    public boolean propertiesFanOut() {
        return get(PROPERTIES_FAN_OUT);
    }

    public boolean audit() {
        return get(AUDIT);
    }

    public double http503Rate() {
        return get(HTTP_503_RATE);
    }

    public double handshakeRefusalRate() {
        return get(HANDSHAKE_REFUSAL_RATE);
    }

    public boolean notifyBeforeResponse() {
        return get(NOTIFY_BEFORE_RESPONSE);
    }

    public Distribution answerDelay() {
        return get(ANSWER_DELAY);
    }

    public long disconnectIntervalMs() {
        return get(DISCONNECT_INTERVAL_MS);
    }

    public int disconnectCount() {
        return get(DISCONNECT_COUNT);
    }

    public boolean csrf() {
        return get(CSRF);
    }

    public long sessionIdleTimeoutMs() {
        return get(SESSION_IDLE_TIMEOUT_MS);
    }

    public double chatArrivalsPerSec() {
        return get(CHAT_ARRIVALS);
    }

    public double smsArrivalsPerSec() {
        return get(SMS_ARRIVALS);
    }

    public int maxInteractionsPerAgent() {
        return get(MAX_INTERACTIONS);
    }

    public long offerTimeoutMs() {
        return get(OFFER_TIMEOUT_MS);
    }

    public long flexDisconnectTimeoutMs() {
        return get(FLEX_DISCONNECT_TIMEOUT_MS);
    }

    public Map<String, String> gmsGatewayHeaders() {
        return get(GMS_GATEWAY_HEADERS);
    }

    /** Whether {@code service} is a GMS chat service the simulator knows ({@code gmsServices}; empty: all are). */
    public boolean knowsGmsService(String service) {
        String known = get(GMS_SERVICES);
        if (known == null || known.isBlank()) {
            return true;
        }
        for (String name : known.split(",")) {
            if (name.trim().equals(service)) {
                return true;
            }
        }
        return false;
    }

    public double gmsAliasChangeRate() {
        return get(GMS_ALIAS_CHANGE_RATE);
    }

    public int chatSessionLimit() {
        return get(CHAT_SESSION_LIMIT);
    }

    public int chatMessageRateLimit() {
        return get(CHAT_MESSAGE_RATE_LIMIT);
    }

    public long customerPatienceMs() {
        return get(CUSTOMER_PATIENCE_MS);
    }

    public long customerMessageIntervalMs() {
        return get(CUSTOMER_MESSAGE_INTERVAL_MS);
    }

    public long customerLeaveAfterMs() {
        return get(CUSTOMER_LEAVE_AFTER_MS);
    }

    public boolean groundTruthInNotifications() {
        return get(GROUND_TRUTH_IN_NOTIFICATIONS);
    }

    public ReferenceIds referenceIds() {
        return get(REFERENCE_IDS);
    }

    public MonitoredDelivery monitoredDelivery() {
        return get(MONITORED_DELIVERY);
    }

    public SmsSpelling smsSpelling() {
        return get(SMS_SPELLING);
    }

    public int workers() {
        return get(WORKERS);
    }

    public Distribution serviceTime() {
        return get(SERVICE_TIME);
    }

    /** The service time of one operation: its own entry in {@code serviceTimes}, else {@code serviceTime}. */
    public Distribution serviceTime(OperationName op) {
        Distribution d = serviceTimes().get(op);
        return d != null ? d : serviceTime();
    }

    public Map<OperationName, Distribution> serviceTimes() {
        return get(SERVICE_TIMES);
    }

    public int queueLimit() {
        return get(QUEUE_LIMIT);
    }

    public Overload overload() {
        return get(OVERLOAD);
    }

    /** Whether any notification fault is switched on. */
    public boolean anyNotificationFault() {
        return anyNotificationFault;
    }

    @Override
    public String toString() {
        return toMap().toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Knobs k && k.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** {@code Op=spec,Op=spec}; empty for none. */
    private static Map<OperationName, Distribution> serviceTimes(String text) {
        Map<OperationName, Distribution> map = new EnumMap<>(OperationName.class);
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry.trim() : entry.substring(0, eq).trim();
            OperationName op = OperationName.fromWire(name).orElseThrow(() -> new IllegalArgumentException(
                    "serviceTimes must be OperationName=distribution pairs separated by commas (e.g. "
                            + "Accept=fixed:20,Invite=exponential:40); '" + name + "' is not a GWS operation name"));
            if (eq < 0) {
                throw new IllegalArgumentException("serviceTimes must be OperationName=distribution pairs "
                        + "separated by commas (e.g. Accept=fixed:20); '" + entry.trim() + "' has no '='");
            }
            map.put(op, Distribution.parse("serviceTimes (" + name + ")", entry.substring(eq + 1)));
        }
        return Collections.unmodifiableMap(map);
    }

    private static String serviceTimesSpec(Map<OperationName, Distribution> map) {
        StringBuilder sb = new StringBuilder();
        map.forEach((op, d) -> sb.append(sb.length() == 0 ? "" : ",").append(op.wireName()).append('=')
                .append(d.spec()));
        return sb.toString();
    }

}
