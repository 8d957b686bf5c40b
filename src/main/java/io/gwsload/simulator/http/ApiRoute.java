package io.gwsload.simulator.http;

import io.gwsload.api.Media;
import io.gwsload.api.OperationName;

/**
 * A parsed {@code /api/v2/...} path: which resource it names. {@code media} is null when a segment
 * names no known media (e.g. {@code /me/channels/voice}); such a route answers statusCode 6.
 */
public record ApiRoute(Kind kind, String segment, Media media, String userId, String interactionId) {

    enum Kind {
        /** {@code /me} */
        ME,
        /** {@code /me/channels/{channel}} */
        CHANNEL,
        /** {@code /me/{chats|smssessions}} */
        INTERACTIONS,
        /** {@code /me/{chats|smssessions}/{id}} */
        INTERACTION,
        /** {@code /me/{chats|smssessions}/{id}/messages} */
        MESSAGES,
        /** {@code /users/{userId}/channels/{channel}} */
        USER_CHANNEL,
        /** {@code /users/{userId}/{chats|smssessions}/{id}} */
        USER_INTERACTION,
        /** {@code /diagnostics/version} */
        VERSION
    }

    /** Parses the path below {@code /api/v2}; null for a path that names nothing. */
    static ApiRoute parse(String pathInfo) {
        if (pathInfo == null) {
            return null;
        }
        String p = pathInfo;
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        String[] s = p.startsWith("/") ? p.substring(1).split("/", -1) : p.split("/", -1);
        for (String part : s) {
            if (part.isEmpty()) {
                return null;
            }
        }
        if (s.length >= 1 && s[0].equals("me")) {
            return switch (s.length) {
                case 1 -> new ApiRoute(Kind.ME, null, null, null, null);
                case 2 -> s[1].equals("channels") ? null : media(Kind.INTERACTIONS, s[1], null, null);
                case 3 -> s[1].equals("channels") ? media(Kind.CHANNEL, s[2], null, null)
                        : media(Kind.INTERACTION, s[1], null, s[2]);
                case 4 -> s[3].equals("messages") ? media(Kind.MESSAGES, s[1], null, s[2]) : null;
                default -> null;
            };
        }
        if (s.length == 4 && s[0].equals("users")) {
            return s[2].equals("channels") ? media(Kind.USER_CHANNEL, s[3], s[1], null)
                    : media(Kind.USER_INTERACTION, s[2], s[1], s[3]);
        }
        if (s.length == 2 && s[0].equals("diagnostics") && s[1].equals("version")) {
            return new ApiRoute(Kind.VERSION, null, null, null, null);
        }
        return null;
    }

    private static ApiRoute media(Kind kind, String segment, String userId, String interactionId) {
        Media m = Media.fromPathSegment(segment).orElse(null);
        if (m == null && kind != Kind.CHANNEL && kind != Kind.USER_CHANNEL) {
            return null; // an unknown resource type is an unknown URL
        }
        return new ApiRoute(kind, segment, m, userId, interactionId);
    }

    /** Whether an operation may be posted to this resource (Ready/NotReady also to {@code /me}). */
    boolean accepts(OperationName op) {
        return switch (kind) {
            case ME -> op.target() == OperationName.Target.ME || op == OperationName.Ready
                    || op == OperationName.NotReady;
            case CHANNEL -> op.target() == OperationName.Target.CHANNEL;
            case INTERACTION -> op.target() == OperationName.Target.INTERACTION;
            case USER_CHANNEL -> op.target() == OperationName.Target.USER_CHANNEL;
            case USER_INTERACTION -> op.target() == OperationName.Target.USER_INTERACTION;
            default -> false;
        };
    }
}
