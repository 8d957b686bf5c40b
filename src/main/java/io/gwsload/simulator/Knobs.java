package io.gwsload.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.gwsload.api.OperationName;

/**
 * The simulator's run-time knobs: one immutable snapshot. Set them at start in a properties file
 * ({@code gws.sim.config}) or as system properties {@code -Dgws.sim.<knob>=value}, and change them
 * while it runs with {@link GwsSimulator#updateKnobs} or {@code POST /sim/config {"knob": value}}.
 * A bad value is refused with one sentence naming the knob and what it allows; nothing changes then.
 *
 * <table>
 * <caption>Knobs (name, default, meaning)</caption>
 * <tr><td>{@code processingDelay}</td><td>{@code fixed:0}</td><td>Time from request received to the
 *   operation's notifications being published, a {@link Distribution} spec in ms. With 0 the
 *   notifications are published on the request thread.</td></tr>
 * <tr><td>{@code errorRate}</td><td>0</td><td>Probability that an accepted operation that notifies
 *   ends with an {@code Error} notification (carrying its referenceId unless {@code referenceIds} is
 *   {@code none}) instead of its effect; state unchanged.</td></tr>
 * <tr><td>{@code dropRate}</td><td>0</td><td>Probability that a notification is not published.</td></tr>
 * <tr><td>{@code duplicateRate}</td><td>0</td><td>Probability that a notification is published twice.</td></tr>
 * <tr><td>{@code delayRate}</td><td>0</td><td>Probability that a notification is held back by an extra
 *   {@code delayExtra}.</td></tr>
 * <tr><td>{@code delayExtra}</td><td>{@code fixed:1000}</td><td>The extra hold-back of a delayed
 *   notification (distribution spec, ms).</td></tr>
 * <tr><td>{@code malformedRate}</td><td>0</td><td>Probability that a notification is replaced by a
 *   malformed one, in turn: its referenceId as text, no {@code messageType}, or its interaction object a
 *   string (what a client must survive; the real notification is not sent).</td></tr>
 * <tr><td>{@code reorderRate}</td><td>0</td><td>Probability that an operation's notifications are
 *   published in reverse order.</td></tr>
 * <tr><td>{@code faultScope}</td><td>{@code referenced}</td><td>Which notifications drop, duplicate,
 *   delay and reorder apply to: {@code referenced} (those caused by an operation, to its caller, i.e.
 *   what the harness measures, whether or not they carry a referenceId) or {@code all}.</td></tr>
 * <tr><td>{@code http503Rate}</td><td>0</td><td>Probability that an operation POST is answered HTTP 503
 *   {@code {"statusCode":4}} before anything happens (no referenceId consumed).</td></tr>
 * <tr><td>{@code notifyBeforeResponse}</td><td>false</td><td>true: an operation's notifications are
 *   published before its HTTP response is written (the race a client must survive), and the response
 *   waits until the caller's notifications reached the client: written over WebSocket, written and
 *   acknowledged by the session's next /meta/connect over long-polling; at most 2 s.</td></tr>
 * <tr><td>{@code disconnectIntervalMs}</td><td>0</td><td>Every this many ms, force
 *   {@code disconnectCount} random CometD sessions off (0 = never). The client must re-handshake;
 *   its HTTP session stays valid.</td></tr>
 * <tr><td>{@code disconnectCount}</td><td>1</td><td>Sessions per periodic forced disconnect.</td></tr>
 * <tr><td>{@code csrf}</td><td>true</td><td>Whether POSTs need the {@code X-CSRF-TOKEN} header.</td></tr>
 * <tr><td>{@code sessionIdleTimeoutMs}</td><td>1800000</td><td>Idle HTTP sessions expire after this
 *   (CometD traffic keeps a session alive).</td></tr>
 * <tr><td>{@code chatArrivalsPerSec}</td><td>0</td><td>Open (Poisson) arrival rate of customer chats.</td></tr>
 * <tr><td>{@code smsArrivalsPerSec}</td><td>0</td><td>Open (Poisson) arrival rate of customer SMS sessions.</td></tr>
 * <tr><td>{@code maxInteractionsPerAgent}</td><td>4</td><td>Capacity of an agent: Invited + Chatting
 *   interactions across media.</td></tr>
 * <tr><td>{@code offerTimeoutMs}</td><td>30000</td><td>An offer not answered in this time is
 *   {@code Revoked} (0 = never).</td></tr>
 * <tr><td>{@code customerPatienceMs}</td><td>0</td><td>A queued customer abandons after this (0 = never).</td></tr>
 * <tr><td>{@code customerMessageIntervalMs}</td><td>0</td><td>Mean time between customer messages while
 *   chatting (exponential; 0 = none after the first).</td></tr>
 * <tr><td>{@code customerLeaveAfterMs}</td><td>0</td><td>Mean time from accept until the customer leaves
 *   (exponential; 0 = never).</td></tr>
 * <tr><td>{@code groundTruthInNotifications}</td><td>false</td><td>The first notification of each
 *   operation also carries {@code "simTiming":{"receivedNanos":..,"publishedNanos":..}}
 *   ({@code System.nanoTime} values).</td></tr>
 * <tr><td>{@code referenceIds}</td><td>{@code documented}</td><td>Where a referenceId appears
 *   ({@link ReferenceIdPolicy}): {@code documented} (only where the documentation's samples show one:
 *   Invite / Consult / CancelConsult answers; Accept's StatusChange and ParticipantsUpdated, Reject's
 *   StatusChange, SetDisposition's PropertiesUpdated; every Error), {@code everywhere} (every answer
 *   and every notification an operation causes for its caller) or {@code none} (nowhere, Errors
 *   included).</td></tr>
 * <tr><td>{@code monitoredDelivery}</td><td>{@code added}</td><td>How a Monitor / Coach / BargeIn
 *   supervisor gets a monitored agent's accepted interaction: {@code added} (documented: joined at once
 *   in Chatting with StatusChange, ParticipantsUpdated and MessageLogUpdated, no offer) or
 *   {@code offered} (an Invited offer it must Accept). Intrude always offers.</td></tr>
 * <tr><td>{@code smsSpelling}</td><td>{@code smssession}</td><td>SMS notification keys:
 *   {@code smssession} ({@code smssession}, {@code smssessionUri}, {@code smssessionPath}) or
 *   {@code smsession} (the variant of seeds/sms-invite.txt: {@code smsession}, {@code smsessionUri},
 *   {@code smsessionPath}); messageType stays {@code SMSsessionStateChangeMessage}.</td></tr>
 * <tr><td>{@code workers}</td><td>0</td><td>The server's capacity: how many operation POSTs it works on
 *   at once (0 = no limit). Each holds a worker for its service time; the effect, the answer and the
 *   notifications happen when its service ends, so latency rises and, past {@code queueLimit}, errors
 *   appear at a known load: {@code workers} / mean service time operations per second
 *   ({@link ServerCapacity}). GETs and CometD traffic are not limited; a POST refused before it is
 *   read (401, 403, 400, http503Rate) takes no worker.</td></tr>
 * <tr><td>{@code serviceTime}</td><td>{@code fixed:5}</td><td>Time an operation holds a worker
 *   (distribution spec, ms), when {@code workers} &gt; 0.</td></tr>
 * <tr><td>{@code serviceTimes}</td><td>(empty)</td><td>Per-operation service times overriding
 *   {@code serviceTime}: {@code Accept=fixed:20,Invite=exponential:40} (GWS operation names).</td></tr>
 * <tr><td>{@code queueLimit}</td><td>1000</td><td>How many operations may wait for a worker; one
 *   arriving when that many wait is refused at once (0 = none waits).</td></tr>
 * <tr><td>{@code overload}</td><td>{@code 503}</td><td>How a refused operation is answered:
 *   {@code 503} (HTTP 503 {@code {"statusCode":4}}, as the http503Rate fault) or {@code error}
 *   (HTTP 200 {@code {"statusCode":4}}: GWS's "internal error" return value).</td></tr>
 * </table>
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

    private static final Map<String, Knob> KNOBS = new LinkedHashMap<>();

    static {
        knob("processingDelay", k -> k.processingDelay, (b, v) -> b.processingDelay = Distribution.parse(
                "processingDelay", SettingValues.text(v)));
        knob("errorRate", k -> k.errorRate, (b, v) -> b.errorRate = SettingValues.rate("errorRate", v));
        knob("dropRate", k -> k.dropRate, (b, v) -> b.dropRate = SettingValues.rate("dropRate", v));
        knob("duplicateRate", k -> k.duplicateRate,
                (b, v) -> b.duplicateRate = SettingValues.rate("duplicateRate", v));
        knob("delayRate", k -> k.delayRate, (b, v) -> b.delayRate = SettingValues.rate("delayRate", v));
        knob("delayExtra", k -> k.delayExtra, (b, v) -> b.delayExtra = Distribution.parse("delayExtra",
                SettingValues.text(v)));
        knob("malformedRate", k -> k.malformedRate,
                (b, v) -> b.malformedRate = SettingValues.rate("malformedRate", v));
        knob("reorderRate", k -> k.reorderRate, (b, v) -> b.reorderRate = SettingValues.rate("reorderRate", v));
        knob("faultScope", k -> k.faultScope.wireName(), (b, v) -> b.faultScope = choice("faultScope",
                FaultScope.values(), v));
        knob("http503Rate", k -> k.http503Rate, (b, v) -> b.http503Rate = SettingValues.rate("http503Rate", v));
        knob("notifyBeforeResponse", k -> k.notifyBeforeResponse,
                (b, v) -> b.notifyBeforeResponse = SettingValues.bool("notifyBeforeResponse", v));
        knob("disconnectIntervalMs", k -> k.disconnectIntervalMs,
                (b, v) -> b.disconnectIntervalMs = SettingValues.longAtLeast("disconnectIntervalMs", v, 0));
        knob("disconnectCount", k -> k.disconnectCount,
                (b, v) -> b.disconnectCount = SettingValues.intBetween("disconnectCount", v, 1, Integer.MAX_VALUE));
        knob("csrf", k -> k.csrf, (b, v) -> b.csrf = SettingValues.bool("csrf", v));
        knob("sessionIdleTimeoutMs", k -> k.sessionIdleTimeoutMs,
                (b, v) -> b.sessionIdleTimeoutMs = SettingValues.longAtLeast("sessionIdleTimeoutMs", v, 1));
        knob("chatArrivalsPerSec", k -> k.chatArrivalsPerSec,
                (b, v) -> b.chatArrivalsPerSec = SettingValues.nonNegativeDouble("chatArrivalsPerSec", v));
        knob("smsArrivalsPerSec", k -> k.smsArrivalsPerSec,
                (b, v) -> b.smsArrivalsPerSec = SettingValues.nonNegativeDouble("smsArrivalsPerSec", v));
        knob("maxInteractionsPerAgent", k -> k.maxInteractionsPerAgent,
                (b, v) -> b.maxInteractionsPerAgent = SettingValues.intBetween("maxInteractionsPerAgent", v, 1,
                        10_000));
        knob("offerTimeoutMs", k -> k.offerTimeoutMs,
                (b, v) -> b.offerTimeoutMs = SettingValues.longAtLeast("offerTimeoutMs", v, 0));
        knob("customerPatienceMs", k -> k.customerPatienceMs,
                (b, v) -> b.customerPatienceMs = SettingValues.longAtLeast("customerPatienceMs", v, 0));
        knob("customerMessageIntervalMs", k -> k.customerMessageIntervalMs,
                (b, v) -> b.customerMessageIntervalMs = SettingValues.longAtLeast("customerMessageIntervalMs", v, 0));
        knob("customerLeaveAfterMs", k -> k.customerLeaveAfterMs,
                (b, v) -> b.customerLeaveAfterMs = SettingValues.longAtLeast("customerLeaveAfterMs", v, 0));
        knob("groundTruthInNotifications", k -> k.groundTruthInNotifications,
                (b, v) -> b.groundTruthInNotifications = SettingValues.bool("groundTruthInNotifications", v));
        knob("referenceIds", k -> k.referenceIds.wireName(), (b, v) -> b.referenceIds = choice("referenceIds",
                ReferenceIds.values(), v));
        knob("monitoredDelivery", k -> k.monitoredDelivery.wireName(),
                (b, v) -> b.monitoredDelivery = choice("monitoredDelivery", MonitoredDelivery.values(), v));
        knob("smsSpelling", k -> k.smsSpelling.wireName(), (b, v) -> b.smsSpelling = choice("smsSpelling",
                SmsSpelling.values(), v));
        knob("workers", k -> k.workers, (b, v) -> b.workers = SettingValues.intBetween("workers", v, 0, 100_000));
        knob("serviceTime", k -> k.serviceTime, (b, v) -> b.serviceTime = Distribution.parse("serviceTime",
                SettingValues.text(v)));
        knob("serviceTimes", k -> serviceTimesSpec(k.serviceTimes),
                (b, v) -> b.serviceTimes = serviceTimes(SettingValues.text(v)));
        knob("queueLimit", k -> k.queueLimit,
                (b, v) -> b.queueLimit = SettingValues.intBetween("queueLimit", v, 0, Integer.MAX_VALUE));
        knob("overload", k -> k.overload.wireName(), (b, v) -> b.overload = overload(SettingValues.text(v)));
    }

    private static final Knobs DEFAULTS = new Knobs(new Builder());

    private final Distribution processingDelay;
    private final double errorRate;
    private final double dropRate;
    private final double duplicateRate;
    private final double delayRate;
    private final Distribution delayExtra;
    private final double reorderRate;
    private final double malformedRate;
    private final FaultScope faultScope;
    private final double http503Rate;
    private final boolean notifyBeforeResponse;
    private final long disconnectIntervalMs;
    private final int disconnectCount;
    private final boolean csrf;
    private final long sessionIdleTimeoutMs;
    private final double chatArrivalsPerSec;
    private final double smsArrivalsPerSec;
    private final int maxInteractionsPerAgent;
    private final long offerTimeoutMs;
    private final long customerPatienceMs;
    private final long customerMessageIntervalMs;
    private final long customerLeaveAfterMs;
    private final boolean groundTruthInNotifications;
    private final ReferenceIds referenceIds;
    private final MonitoredDelivery monitoredDelivery;
    private final SmsSpelling smsSpelling;
    private final int workers;
    private final Distribution serviceTime;
    private final Map<OperationName, Distribution> serviceTimes;
    private final int queueLimit;
    private final Overload overload;

    private Knobs(Builder b) {
        processingDelay = b.processingDelay;
        errorRate = b.errorRate;
        dropRate = b.dropRate;
        duplicateRate = b.duplicateRate;
        delayRate = b.delayRate;
        delayExtra = b.delayExtra;
        reorderRate = b.reorderRate;
        malformedRate = b.malformedRate;
        faultScope = b.faultScope;
        http503Rate = b.http503Rate;
        notifyBeforeResponse = b.notifyBeforeResponse;
        disconnectIntervalMs = b.disconnectIntervalMs;
        disconnectCount = b.disconnectCount;
        csrf = b.csrf;
        sessionIdleTimeoutMs = b.sessionIdleTimeoutMs;
        chatArrivalsPerSec = b.chatArrivalsPerSec;
        smsArrivalsPerSec = b.smsArrivalsPerSec;
        maxInteractionsPerAgent = b.maxInteractionsPerAgent;
        offerTimeoutMs = b.offerTimeoutMs;
        customerPatienceMs = b.customerPatienceMs;
        customerMessageIntervalMs = b.customerMessageIntervalMs;
        customerLeaveAfterMs = b.customerLeaveAfterMs;
        groundTruthInNotifications = b.groundTruthInNotifications;
        referenceIds = b.referenceIds;
        monitoredDelivery = b.monitoredDelivery;
        smsSpelling = b.smsSpelling;
        workers = b.workers;
        serviceTime = b.serviceTime;
        serviceTimes = b.serviceTimes;
        queueLimit = b.queueLimit;
        overload = b.overload;
    }

    public static Knobs defaults() {
        return DEFAULTS;
    }

    /** The knob names, in documentation order. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(KNOBS.keySet());
    }

    public static boolean isKnob(String name) {
        return KNOBS.containsKey(name);
    }

    /** A copy with one knob changed; an unknown name or bad value throws with one clear sentence. */
    public Knobs with(String name, Object value) {
        return with(Map.of(name, value == null ? "" : value));
    }

    /** A copy with the given knobs changed, all or nothing. */
    public Knobs with(Map<String, ?> changes) {
        Builder b = new Builder(this);
        for (Map.Entry<String, ?> e : changes.entrySet()) {
            Knob knob = KNOBS.get(e.getKey());
            if (knob == null) {
                throw new IllegalArgumentException("Unknown knob '" + e.getKey() + "'; known knobs: "
                        + String.join(", ", KNOBS.keySet()));
            }
            knob.setter.accept(b, e.getValue());
        }
        return new Knobs(b);
    }

    /** Every knob and its value, as JSON-friendly values (distribution specs as strings). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, Knob> e : KNOBS.entrySet()) {
            Object v = e.getValue().getter.apply(this);
            map.put(e.getKey(), v instanceof Distribution d ? d.spec() : v);
        }
        return map;
    }

    public Distribution processingDelay() {
        return processingDelay;
    }

    public double errorRate() {
        return errorRate;
    }

    public double dropRate() {
        return dropRate;
    }

    public double duplicateRate() {
        return duplicateRate;
    }

    public double delayRate() {
        return delayRate;
    }

    public Distribution delayExtra() {
        return delayExtra;
    }

    public double reorderRate() {
        return reorderRate;
    }

    public double malformedRate() {
        return malformedRate;
    }

    public FaultScope faultScope() {
        return faultScope;
    }

    public double http503Rate() {
        return http503Rate;
    }

    public boolean notifyBeforeResponse() {
        return notifyBeforeResponse;
    }

    public long disconnectIntervalMs() {
        return disconnectIntervalMs;
    }

    public int disconnectCount() {
        return disconnectCount;
    }

    public boolean csrf() {
        return csrf;
    }

    public long sessionIdleTimeoutMs() {
        return sessionIdleTimeoutMs;
    }

    public double chatArrivalsPerSec() {
        return chatArrivalsPerSec;
    }

    public double smsArrivalsPerSec() {
        return smsArrivalsPerSec;
    }

    public int maxInteractionsPerAgent() {
        return maxInteractionsPerAgent;
    }

    public long offerTimeoutMs() {
        return offerTimeoutMs;
    }

    public long customerPatienceMs() {
        return customerPatienceMs;
    }

    public long customerMessageIntervalMs() {
        return customerMessageIntervalMs;
    }

    public long customerLeaveAfterMs() {
        return customerLeaveAfterMs;
    }

    public boolean groundTruthInNotifications() {
        return groundTruthInNotifications;
    }

    public ReferenceIds referenceIds() {
        return referenceIds;
    }

    public MonitoredDelivery monitoredDelivery() {
        return monitoredDelivery;
    }

    public SmsSpelling smsSpelling() {
        return smsSpelling;
    }

    public int workers() {
        return workers;
    }

    public Distribution serviceTime() {
        return serviceTime;
    }

    /** The service time of one operation: its own entry in {@code serviceTimes}, else {@code serviceTime}. */
    public Distribution serviceTime(OperationName op) {
        Distribution d = serviceTimes.get(op);
        return d != null ? d : serviceTime;
    }

    public Map<OperationName, Distribution> serviceTimes() {
        return serviceTimes;
    }

    public int queueLimit() {
        return queueLimit;
    }

    public Overload overload() {
        return overload;
    }

    /** Whether any notification fault is switched on. */
    boolean anyNotificationFault() {
        return dropRate > 0 || duplicateRate > 0 || delayRate > 0 || reorderRate > 0 || malformedRate > 0;
    }

    @Override
    public String toString() {
        return toMap().toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Knobs k && k.toMap().equals(toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    /** One of an enum's wire names (lower case), else one sentence listing them. */
    private static <E extends Enum<E>> E choice(String knob, E[] values, Object value) {
        String text = SettingValues.text(value).trim().toLowerCase(Locale.ROOT);
        StringBuilder allowed = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            String wire = values[i].name().toLowerCase(Locale.ROOT);
            if (wire.equals(text)) {
                return values[i];
            }
            allowed.append(i == 0 ? "" : i == values.length - 1 ? " or " : ", ").append('\'').append(wire)
                    .append('\'');
        }
        throw new IllegalArgumentException(knob + " must be " + allowed + ", got '" + SettingValues.text(value)
                + "'");
    }

    private static Overload overload(String text) {
        for (Overload o : Overload.values()) {
            if (o.wireName().equalsIgnoreCase(text.trim())) {
                return o;
            }
        }
        throw new IllegalArgumentException("overload must be '503' or 'error', got '" + text + "'");
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

    private static void knob(String name, Function<Knobs, Object> getter, BiConsumer<Builder, Object> setter) {
        KNOBS.put(name, new Knob(getter, setter));
    }

    private record Knob(Function<Knobs, Object> getter, BiConsumer<Builder, Object> setter) {
    }

    /** Mutable only while one {@link Knobs} is being made. */
    private static final class Builder {
        Distribution processingDelay = Distribution.ZERO;
        double errorRate;
        double dropRate;
        double duplicateRate;
        double delayRate;
        Distribution delayExtra = Distribution.parse("delayExtra", "fixed:1000");
        double reorderRate;
        double malformedRate;
        FaultScope faultScope = FaultScope.REFERENCED;
        double http503Rate;
        boolean notifyBeforeResponse;
        long disconnectIntervalMs;
        int disconnectCount = 1;
        boolean csrf = true;
        long sessionIdleTimeoutMs = 30 * 60_000L;
        double chatArrivalsPerSec;
        double smsArrivalsPerSec;
        int maxInteractionsPerAgent = 4;
        long offerTimeoutMs = 30_000;
        long customerPatienceMs;
        long customerMessageIntervalMs;
        long customerLeaveAfterMs;
        boolean groundTruthInNotifications;
        ReferenceIds referenceIds = ReferenceIds.DOCUMENTED;
        MonitoredDelivery monitoredDelivery = MonitoredDelivery.ADDED;
        SmsSpelling smsSpelling = SmsSpelling.SMSSESSION;
        int workers;
        Distribution serviceTime = Distribution.parse("serviceTime", "fixed:5");
        Map<OperationName, Distribution> serviceTimes = Map.of();
        int queueLimit = 1000;
        Overload overload = Overload.HTTP_503;

        Builder() {
        }

        Builder(Knobs k) {
            processingDelay = k.processingDelay;
            errorRate = k.errorRate;
            dropRate = k.dropRate;
            duplicateRate = k.duplicateRate;
            delayRate = k.delayRate;
            delayExtra = k.delayExtra;
            reorderRate = k.reorderRate;
            malformedRate = k.malformedRate;
            faultScope = k.faultScope;
            http503Rate = k.http503Rate;
            notifyBeforeResponse = k.notifyBeforeResponse;
            disconnectIntervalMs = k.disconnectIntervalMs;
            disconnectCount = k.disconnectCount;
            csrf = k.csrf;
            sessionIdleTimeoutMs = k.sessionIdleTimeoutMs;
            chatArrivalsPerSec = k.chatArrivalsPerSec;
            smsArrivalsPerSec = k.smsArrivalsPerSec;
            maxInteractionsPerAgent = k.maxInteractionsPerAgent;
            offerTimeoutMs = k.offerTimeoutMs;
            customerPatienceMs = k.customerPatienceMs;
            customerMessageIntervalMs = k.customerMessageIntervalMs;
            customerLeaveAfterMs = k.customerLeaveAfterMs;
            groundTruthInNotifications = k.groundTruthInNotifications;
            referenceIds = k.referenceIds;
            monitoredDelivery = k.monitoredDelivery;
            smsSpelling = k.smsSpelling;
            workers = k.workers;
            serviceTime = k.serviceTime;
            serviceTimes = k.serviceTimes;
            queueLimit = k.queueLimit;
            overload = k.overload;
        }
    }
}
