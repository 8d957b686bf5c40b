package io.gwsload.simulator.model;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.Media;

/**
 * A customer's chat or SMS session: its participants, transcript, user data and timers. Every
 * mutable field is guarded by {@link #lock} (one lock per interaction, so operations on different
 * interactions never contend); {@link #status} is also readable without it (the router peeks).
 */
public final class Interaction {
    public final String id;
    public final Media media;
    public final String uri;
    public final String path;
    public final String receivedDate;
    public final ReentrantLock lock = new ReentrantLock();

    public volatile InteractionStatus status = InteractionStatus.QUEUED;
    /** Offer only to this agent (control endpoint option), until it rejects; null for anyone. */
    volatile Agent targetAgent;

    final String customerParticipantId;
    final String customerNickname;
    public boolean customerPresent = true;
    boolean customerStarted;
    int customerMessages;

    public final Map<String, Object> userData;
    public String comment;
    public final List<LogEntry> log = new ArrayList<>();
    public final List<Party> parties = new ArrayList<>(2);
    /** Users (ids) who rejected, let time out or transferred it away: routing prefers others. */
    final List<String> excluded = new ArrayList<>(1);

    /**
     * Told (lock held; it must only hand off) when the transcript grows or the interaction ends: a customer who
     * gets its chat pushed (GMS Chat API over CometD) is sent what is new. Null for most.
     */
    public volatile Runnable watcher;

    public ScheduledFuture<?> patienceTimer;
    ScheduledFuture<?> messageTimer;
    ScheduledFuture<?> leaveTimer;

    Interaction(String id, Media media, String baseUrl, String customerParticipantId, String customerNickname,
            Map<String, Object> userData) {
        this.id = id;
        this.media = media;
        this.path = ApiPaths.interactionPath(media, id);
        this.uri = baseUrl + ApiPaths.ROOT + path;
        this.receivedDate = WireTime.format(System.currentTimeMillis());
        this.customerParticipantId = customerParticipantId;
        this.customerNickname = customerNickname;
        this.userData = new LinkedHashMap<>(userData);
    }

    /** The customer's participant object. */
    public Map<String, Object> customerWire() {
        Map<String, Object> m = new LinkedHashMap<>(6);
        m.put("participantId", customerParticipantId);
        m.put("type", "Customer");
        m.put("nickname", customerNickname);
        m.put("visibility", Visibility.All.name());
        return m;
    }

    /** Appends a transcript entry; indices start at 1. */
    public LogEntry append(String type, Map<String, Object> from, Visibility visibility, String field, String value) {
        LogEntry e = LogEntry.of(log.size() + 1, type, from, visibility, field, value);
        log.add(e);
        changed();
        return e;
    }

    /** Lock held. Tells the watcher, if any, that there is something new for the customer. */
    void changed() {
        Runnable w = watcher;
        if (w != null) {
            w.run();
        }
    }

    /** The user's current party: the last unfinished one, else the last one; null if never a participant. */
    public Party partyOf(Agent agent) {
        Party last = null;
        for (int i = parties.size() - 1; i >= 0; i--) {
            Party p = parties.get(i);
            if (p.agent == agent) {
                if (!p.isFinished()) {
                    return p;
                }
                if (last == null) {
                    last = p;
                }
            }
        }
        return last;
    }

    /** The user's unfinished party, or null. */
    public Party activePartyOf(Agent agent) {
        Party p = partyOf(agent);
        return p == null || p.isFinished() ? null : p;
    }

    /** Whether an agent (not a supervisor) is still chatting in it. */
    public boolean hasChattingAgent() {
        for (Party p : parties) {
            if (!p.isSupervisor() && p.isChatting()) {
                return true;
            }
        }
        return false;
    }

    boolean allPartiesFinished() {
        for (Party p : parties) {
            if (!p.isFinished()) {
                return false;
            }
        }
        return true;
    }

    void cancelCustomerTimers() {
        if (patienceTimer != null) {
            patienceTimer.cancel(false);
            patienceTimer = null;
        }
        if (messageTimer != null) {
            messageTimer.cancel(false);
            messageTimer = null;
        }
        if (leaveTimer != null) {
            leaveTimer.cancel(false);
            leaveTimer = null;
        }
    }
}
