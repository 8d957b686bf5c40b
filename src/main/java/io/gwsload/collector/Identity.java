package io.gwsload.collector;

/**
 * Who a participant or transcript entry must be for an effect to count: a user id (compared with the
 * last segment of a participant's {@code uri} or {@code path}) and a nickname. Either may be null
 * when unknown; GWS's samples show participants both with and without {@code uri}.
 *
 * @param userId   the GWS user id, or null
 * @param nickname the nickname the user joins with, or null
 */
public record Identity(String userId, String nickname) {
    /** Nobody in particular: matches are decided by type alone. */
    public static final Identity UNKNOWN = new Identity(null, null);

    /** What a participant map says about being this identity: yes, no, or cannot tell. */
    public Match match(Object participant) {
        if (!(participant instanceof java.util.Map<?, ?> p)) {
            return Match.UNKNOWN;
        }
        String location = p.get("uri") instanceof String u ? u : p.get("path") instanceof String s ? s : null;
        if (location != null && userId != null) {
            return location.endsWith("/" + userId) ? Match.YES : Match.NO;
        }
        if (p.get("nickname") instanceof String n && nickname != null) {
            return n.equals(nickname) ? Match.YES : Match.NO;
        }
        return Match.UNKNOWN;
    }

    public enum Match {
        YES, NO, UNKNOWN
    }
}
