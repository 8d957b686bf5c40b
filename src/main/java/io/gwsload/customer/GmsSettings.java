package io.gwsload.customer;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how simulated customers reach GMS's Chat API v2.
 *
 * @param chatUrl        the Chat API's base, {@code http(s)://host:port/genesys/2/chat}, no trailing slash
 * @param service        the chat service name (the path segment after {@code chatUrl})
 * @param pollInterval   how often a customer asks for its transcript ({@code refresh}); a polled time (the agent
 *                       joining, an agent's message) is late by at most this much
 * @param apiKey         the {@code apikey} header when GMS sits behind an API gateway; null for none
 * @param requestTimeout the limit of one call
 * @param sameClock      whether GMS is the embedded simulator in this JVM: then the ground truth it stamps on
 *                       replies (when it appended each entry) is on the harness's own clock, and is used
 * @param dynamicPolling Genesys's chat widget pacing: after the customer writes or types the next poll comes
 *                       {@link #DYNAMIC_MIN} later, and each poll after that 1.2 times later than the one
 *                       before, up to {@code pollInterval}
 * @param cometd         CometD notification mode: the customer's calls are published on
 *                       {@code /service/chatV2/{service}} at {@link #cometdUrl()}, and its transcript is pushed (no
 *                       polling)
 * @param api            the GMS Chat API, or GWS's Customer Chat API
 * @param customerChatUrl GWS's Customer Chat API, {@code http(s)://host:port/api/v2/chats} (with {@link Api#GWS})
 * @param contactCenterId the {@code ContactCenterId} header of the GWS Customer Chat API
 * @param headers        more headers on every customer API call (a gateway's tenant or token); never printed
 */
public record GmsSettings(String chatUrl, String service, Duration pollInterval, String apiKey,
        Duration requestTimeout, boolean sameClock, boolean dynamicPolling, boolean cometd, Api api,
        String customerChatUrl, String contactCenterId, Map<String, String> headers) {

    /** Which customer API the customers use. */
    public enum Api {
        /** GMS's Chat API v2 ({@code chatUrl}), polling or CometD. */
        GMS,
        /**
         * GWS's own Customer Chat API ({@code customerChatUrl}, {@code .../api/v2/chats}, JSON, a
         * {@code ContactCenterId} header), polling {@code GetMessages}.
         */
        GWS
    }

    /** The GMS Chat API (as before the GWS Customer Chat API could be chosen). */
    public GmsSettings(String chatUrl, String service, Duration pollInterval, String apiKey, Duration requestTimeout,
            boolean sameClock, boolean dynamicPolling, boolean cometd) {
        this(chatUrl, service, pollInterval, apiKey, requestTimeout, sameClock, dynamicPolling, cometd, Api.GMS, null,
                null, Map.of());
    }

    /** The Bayeux endpoint next to the Chat API: {@code .../genesys/cometd} for {@code .../genesys/2/chat}. */
    public String cometdUrl() {
        int at = chatUrl.lastIndexOf("/2/chat");
        return (at > 0 ? chatUrl.substring(0, at) : chatUrl) + "/cometd";
    }

    /** The shortest interval of dynamic polling, as the widget's {@code pollRateMin}. */
    public static final Duration DYNAMIC_MIN = Duration.ofMillis(500);
    /** How much longer each dynamic poll interval is than the one before, as the widget's {@code pollRateMult}. */
    static final double DYNAMIC_GROWTH = 1.2;

    public GmsSettings {
        Objects.requireNonNull(chatUrl, "chatUrl");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        chatUrl = chatUrl.endsWith("/") ? chatUrl.substring(0, chatUrl.length() - 1) : chatUrl;
        api = api == null ? Api.GMS : api;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        if (api == Api.GWS && (customerChatUrl == null || contactCenterId == null || contactCenterId.isBlank())) {
            throw new IllegalArgumentException("the GWS Customer Chat API needs its URL and a ContactCenterId");
        }
        if (service.isBlank() || service.contains("/")) {
            throw new IllegalArgumentException("the chat service must be one path segment, got '" + service + "'");
        }
    }

    /** This service's Request Chat URL. */
    String serviceUrl(String serviceName) {
        return chatUrl + "/" + serviceName;
    }
}
