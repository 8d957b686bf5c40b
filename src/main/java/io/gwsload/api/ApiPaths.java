package io.gwsload.api;

/** The request paths of GWS API v2 (docs/gws-api.md §1, §5, §7). All start with {@code /api/v2}. */
public final class ApiPaths {
    public static final String ROOT = "/api/v2";
    public static final String ME = ROOT + "/me";
    public static final String NOTIFICATIONS = ROOT + "/notifications";
    /** GWS's Customer Chat API (customers' chats, no login). */
    public static final String CUSTOMER_CHATS = ROOT + "/chats";
    public static final String VERSION = ROOT + "/diagnostics/version";

    private ApiPaths() {
    }

    /** {@code /api/v2/me/{chats|smssessions}/{id}} */
    public static String interaction(Media media, String id) {
        return ME + "/" + media.pathSegment() + "/" + id;
    }

    /** {@code /api/v2/me/{chats|smssessions}} */
    public static String interactions(Media media) {
        return ME + "/" + media.pathSegment();
    }

    /** {@code /api/v2/me/channels/{chat|smssession}} */
    public static String channel(Media media) {
        return ME + "/channels/" + media.channelName();
    }

    /** {@code /api/v2/users/{userId}/channels/{chat|smssession}} (supervisor monitoring) */
    public static String userChannel(String userId, Media media) {
        return ROOT + "/users/" + userId + "/channels/" + media.channelName();
    }

    /** {@code /api/v2/users/{userId}/{chats|smssessions}/{id}} (supervisor Intrude) */
    public static String userInteraction(String userId, Media media, String id) {
        return ROOT + "/users/" + userId + "/" + media.pathSegment() + "/" + id;
    }

    /** The canonical resource path of a user as it appears in payloads: {@code /users/{id}}. */
    public static String userPath(String userId) {
        return "/users/" + userId;
    }

    /** The canonical resource path of an interaction in payloads: {@code /chats/{id}}. */
    public static String interactionPath(Media media, String id) {
        return "/" + media.pathSegment() + "/" + id;
    }

    /** The path an operation is posted to. {@code userId} is used by supervisor operations only. */
    public static String forOperation(OperationName op, Media media, String interactionId, String userId) {
        return switch (op.target()) {
            case ME -> ME;
            case CHANNEL -> channel(media);
            case INTERACTION -> interaction(media, require(interactionId, op, "an interaction id"));
            case USER_CHANNEL -> userChannel(require(userId, op, "the agent's user id"), media);
            case USER_INTERACTION -> userInteraction(require(userId, op, "the agent's user id"), media,
                    require(interactionId, op, "an interaction id"));
        };
    }

    private static String require(String value, OperationName op, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(op.wireName() + " needs " + what);
        }
        return value;
    }
}
