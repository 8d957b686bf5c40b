package io.gwsload.simulator.cometd;

import io.gwsload.simulator.Knobs;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.gwsload.simulator.http.BasicAuth;
import io.gwsload.simulator.http.WebSession;
import io.gwsload.simulator.http.WebSessions;
import io.gwsload.simulator.model.Agent;
import io.gwsload.simulator.truth.Counter;
import io.gwsload.simulator.truth.GroundTruth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxContext;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.SecurityPolicy;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.ServerSessionImpl;

import io.gwsload.api.AuditStamp;

/**
 * The simulator's side of CometD: who may handshake (only a request whose JSESSIONID cookie is a
 * live HTTP session, and whose Basic header, if any, is that session's user), which channels a
 * client may subscribe to ({@code /v2/me/...} and its wildcards) or publish to (service channels
 * only), which CometD sessions belong to which user, per-user delivery, and forced disconnects.
 */
public final class CometdGateway {
    public static final String SESSION_COOKIE = "JSESSIONID";
    private static final String AGENT_ATTRIBUTE = "gwsload.agent";
    private static final String WEB_SESSION_ATTRIBUTE = "gwsload.webSession";

    private final BayeuxServerImpl bayeux;
    private final WebSessions webSessions;
    private final BasicAuth auth;
    private final GroundTruth truth;
    private final AtomicInteger sessions = new AtomicInteger();
    /** Agents with a session forced off that have not handshaken since (ground truth for "all came back"). */
    private final java.util.Set<Agent> forcedOff = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final DeliveryWatch watch;
    private final Supplier<Knobs> knobs;

    public CometdGateway(BayeuxServerImpl bayeux, WebSessions webSessions, BasicAuth auth, GroundTruth truth,
            DeliveryWatch watch, Supplier<Knobs> knobs) {
        this.knobs = knobs;
        this.bayeux = bayeux;
        this.webSessions = webSessions;
        this.auth = auth;
        this.truth = truth;
        this.watch = watch;
        bayeux.setSecurityPolicy(new Policy());
        bayeux.addListener(new SessionTracker());
        bayeux.addExtension(new MetaHooks());
    }

    /** Hands a notification to every CometD session of the user; false when it has none. */
    boolean deliver(Agent to, String topic, Map<String, Object> data) {
        return deliver(to, topic, data, null);
    }

    /**
     * As {@link #deliver(Agent, String, Map)}, stamped in the message's {@code ext} with the operations that
     * caused it ({@link AuditStamp}) unless {@code causes} is null.
     */
    boolean deliver(Agent to, String topic, Map<String, Object> data, long[] causes) {
        ServerSession[] targets = to.sessions();
        if (targets.length == 0) {
            return false;
        }
        for (ServerSession s : targets) {
            if (causes == null) {
                s.deliver(null, topic, data, Promise.noop());
            } else {
                ServerMessage.Mutable m = bayeux.newMessage();
                m.setChannel(topic);
                m.setData(data);
                List<Long> list = new ArrayList<>(causes.length);
                for (long c : causes) {
                    list.add(c);
                }
                m.getExt(true).put(AuditStamp.EXT, Map.of(AuditStamp.CAUSES, list));
                s.deliver(null, m, Promise.noop());
            }
        }
        return true;
    }

    public int sessionCount() {
        return sessions.get();
    }

    /** How long after forcing a session off its held /meta/connect is woken again. */
    private static final long[] REFLUSH_AFTER_FORCE_MS = {100, 1_000};

    /** Forces off every CometD session of these users; returns how many sessions. */
    public int disconnect(Collection<Agent> users) {
        int n = 0;
        for (Agent a : users) {
            for (ServerSession s : a.sessions()) {
                n += force(s);
            }
        }
        return n;
    }

    /** Forces off up to {@code count} CometD sessions chosen at random; returns how many. */
    public int disconnectRandom(int count) {
        List<ServerSession> all = remoteSessions();
        Collections.shuffle(all);
        int n = 0;
        for (int i = 0; i < all.size() && n < count; i++) {
            n += force(all.get(i));
        }
        return n;
    }

    public int disconnectAll() {
        int n = 0;
        for (ServerSession s : remoteSessions()) {
            n += force(s);
        }
        return n;
    }

    private List<ServerSession> remoteSessions() {
        List<ServerSession> list = new ArrayList<>();
        for (ServerSession s : bayeux.getSessions()) {
            if (!s.isLocalSession()) {
                list.add(s);
            }
        }
        return list;
    }

    /**
     * The counters restart: an agent forced off before is no longer waited for, so that forcedAgentsBack counts only
     * agents whose forcing the new window counted too.
     */
    public void resetStats() {
        forcedOff.clear();
    }

    /**
     * Removes the session as if it had expired (not as a disconnect, which would tell the client
     * not to reconnect) and wakes its held /meta/connect: the client's next connect is answered
     * "402::session_unknown" with advice to handshake again.
     */
    private int force(ServerSession session) {
        if (bayeux.getSession(session.getId()) != session) {
            return 0;
        }
        if (session.getAttribute(AGENT_ATTRIBUTE) instanceof Agent agent) {
            forcedOff.add(agent);
        }
        bayeux.removeServerSession(session, true);
        if (session instanceof ServerSessionImpl impl) {
            impl.flush();
            // A /meta/connect that passed its session check just before the removal suspends just after it: the
            // flush above found nothing to wake, and it would be held for the whole long-poll timeout (20 s by
            // default, seen in ReconnectStormTest). Waking it again once it has suspended, and once more for a thread
            // that stalled (a GC pause in a large storm), leaves only a longer stall between its check and its
            // suspension; a connect already answered ignores a wake-up.
            for (long delay : REFLUSH_AFTER_FORCE_MS) {
                bayeux.schedule(impl::flush, delay);
            }
        }
        truth.count(Counter.forcedDisconnects);
        return 1;
    }

    private final class Policy implements SecurityPolicy {
        @Override
        public boolean canHandshake(BayeuxServer server, ServerSession session, ServerMessage message) {
            if (session.isLocalSession()) {
                return true;
            }
            double refusals = knobs.get().handshakeRefusalRate();
            if (refusals > 0 && ThreadLocalRandom.current().nextDouble() < refusals) {
                truth.count(Counter.handshakesRefused);
                return false;
            }
            BayeuxContext context = message.getBayeuxContext();
            WebSession web = context == null ? null : webSessions.get(context.getCookie(SESSION_COOKIE));
            if (web == null) {
                truth.count(Counter.handshakesRefused);
                return false;
            }
            String authorization = context.getHeader("Authorization");
            if (authorization != null && auth.authenticate(authorization) != web.user()) {
                truth.count(Counter.handshakesRefused);
                return false;
            }
            web.touch();
            truth.handshake(System.currentTimeMillis());
            if (forcedOff.remove(web.agent())) {
                truth.count(Counter.forcedAgentsBack);
            }
            session.setAttribute(AGENT_ATTRIBUTE, web.agent());
            session.setAttribute(WEB_SESSION_ATTRIBUTE, web);
            return true;
        }

        @Override
        public boolean canCreate(BayeuxServer server, ServerSession session, String channelId, ServerMessage message) {
            return session != null && session.isLocalSession() || isMeChannel(channelId)
                    || channelId.startsWith("/service/");
        }

        @Override
        public boolean canSubscribe(BayeuxServer server, ServerSession session, ServerChannel channel,
                ServerMessage message) {
            return session != null && (session.isLocalSession() || isMeChannel(channel.getId()));
        }

        @Override
        public boolean canPublish(BayeuxServer server, ServerSession session, ServerChannel channel,
                ServerMessage message) {
            return session != null && session.isHandshook() && channel.isService();
        }

        private boolean isMeChannel(String id) {
            return id.equals("/v2/me") || id.startsWith("/v2/me/");
        }
    }

    private final class SessionTracker implements BayeuxServer.SessionListener {
        @Override
        public void sessionAdded(ServerSession session, ServerMessage message) {
            Object agent = session.getAttribute(AGENT_ATTRIBUTE);
            if (agent instanceof Agent a) {
                a.addSession(session);
                sessions.incrementAndGet();
            }
        }

        @Override
        public void sessionRemoved(ServerSession session, ServerMessage message, boolean timeout) {
            Object agent = session.getAttribute(AGENT_ATTRIBUTE);
            if (agent instanceof Agent a && a.removeSession(session)) {
                sessions.decrementAndGet();
            }
        }
    }

    /**
     * CometD traffic counts as activity of the HTTP session it was opened with; a /meta/connect
     * acknowledges the notifications of the previous long-poll response ({@link DeliveryWatch}).
     */
    private final class MetaHooks implements BayeuxServer.Extension {
        @Override
        public boolean rcvMeta(ServerSession from, ServerMessage.Mutable message) {
            if (from != null) {
                if (from.getAttribute(WEB_SESSION_ATTRIBUTE) instanceof WebSession web) {
                    web.touch();
                }
                if (Channel.META_CONNECT.equals(message.getChannel())) {
                    watch.connectReceived(from);
                }
            }
            return true;
        }
    }
}
