package io.gwsload.simulator.model;

import io.gwsload.simulator.users.SimUser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.cometd.bayeux.server.ServerSession;

import io.gwsload.api.Media;

/**
 * The live state of one user (agent or supervisor): media channel states, capacity in use, the
 * interactions it takes part in, supervisors monitoring it, and its CometD sessions. Kept small
 * (no threads, no timers) because 10,000 of them must fit comfortably.
 */
public final class Agent {
    private static final ServerSession[] NO_SESSIONS = new ServerSession[0];

    private final SimUser user;
    private final ChannelState[] channels = {ChannelState.LoggedOut, ChannelState.LoggedOut};
    private final AtomicInteger load = new AtomicInteger();
    private final ConcurrentHashMap<String, Interaction> interactions = new ConcurrentHashMap<>(4);
    private volatile List<MonitorArm> monitors = List.of();
    private volatile ServerSession[] sessions = NO_SESSIONS;

    // Guarded by the router of each media (index = Media.ordinal()).
    final boolean[] inPool = new boolean[Media.values().length];
    private ArrayDeque<Interaction> targetedChats;
    private ArrayDeque<Interaction> targetedSms;

    public Agent(SimUser user) {
        this.user = user;
    }

    public SimUser user() {
        return user;
    }

    String id() {
        return user.id();
    }

    /** Contacts waiting for this agent alone on a media (router-guarded); null when there never were any. */
    ArrayDeque<Interaction> targeted(Media media) {
        return media == Media.CHAT ? targetedChats : targetedSms;
    }

    ArrayDeque<Interaction> targetedOrNew(Media media) {
        if (media == Media.CHAT) {
            if (targetedChats == null) {
                targetedChats = new ArrayDeque<>(2);
            }
            return targetedChats;
        }
        if (targetedSms == null) {
            targetedSms = new ArrayDeque<>(2);
        }
        return targetedSms;
    }

    // ---- channels

    public synchronized ChannelState channel(Media media) {
        return channels[media.ordinal()];
    }

    /** Sets one channel's state; returns whether the agent went from logged out to logged in (+1), the reverse (-1) or neither (0). */
    synchronized int setChannel(Media media, ChannelState state) {
        boolean before = isLoggedIn();
        channels[media.ordinal()] = state;
        boolean after = isLoggedIn();
        return before == after ? 0 : after ? 1 : -1;
    }

    synchronized boolean isLoggedIn() {
        for (ChannelState c : channels) {
            if (c != ChannelState.LoggedOut) {
                return true;
            }
        }
        return false;
    }

    /** The media this agent is logged in on, in {@link Media} order. */
    public synchronized List<Media> loggedInMedia() {
        List<Media> list = new ArrayList<>(2);
        for (Media m : Media.values()) {
            if (channels[m.ordinal()] != ChannelState.LoggedOut) {
                list.add(m);
            }
        }
        return list;
    }

    // ---- capacity

    int load() {
        return load.get();
    }

    /** Takes one unit of capacity if fewer than {@code max} are in use. */
    public boolean tryReserve(int max) {
        for (;;) {
            int current = load.get();
            if (current >= max) {
                return false;
            }
            if (load.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        load.decrementAndGet();
    }

    // ---- interactions

    void addInteraction(Interaction i) {
        interactions.put(i.id, i);
    }

    void removeInteraction(Interaction i) {
        interactions.remove(i.id, i);
    }

    Collection<Interaction> interactions() {
        return interactions.values();
    }

    // ---- supervisors monitoring this agent

    public List<MonitorArm> monitors() {
        return monitors;
    }

    /** Arms monitoring, replacing the same supervisor's arm for the same media. */
    public synchronized void arm(MonitorArm arm) {
        List<MonitorArm> next = new ArrayList<>(monitors.size() + 1);
        for (MonitorArm a : monitors) {
            if (!(a.supervisor() == arm.supervisor() && a.media() == arm.media())) {
                next.add(a);
            }
        }
        next.add(arm);
        monitors = List.copyOf(next);
    }

    /** Removes a supervisor's arm(s) for a media; returns how many were removed. */
    public synchronized int disarm(Agent supervisor, Media media) {
        List<MonitorArm> next = new ArrayList<>(monitors.size());
        for (MonitorArm a : monitors) {
            if (!(a.supervisor() == supervisor && a.media() == media)) {
                next.add(a);
            }
        }
        int removed = monitors.size() - next.size();
        monitors = List.copyOf(next);
        return removed;
    }

    /** Removes one specific arm (a NextChat arm that has fired). */
    synchronized void disarm(MonitorArm arm) {
        List<MonitorArm> next = new ArrayList<>(monitors);
        next.remove(arm);
        monitors = List.copyOf(next);
    }

    // ---- CometD sessions

    public ServerSession[] sessions() {
        return sessions;
    }

    public synchronized void addSession(ServerSession session) {
        ServerSession[] next = Arrays.copyOf(sessions, sessions.length + 1);
        next[next.length - 1] = session;
        sessions = next;
    }

    public synchronized boolean removeSession(ServerSession session) {
        ServerSession[] current = sessions;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == session) {
                ServerSession[] next = new ServerSession[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                sessions = next.length == 0 ? NO_SESSIONS : next;
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return user.username();
    }
}
