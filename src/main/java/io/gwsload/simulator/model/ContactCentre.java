package io.gwsload.simulator.model;

import io.gwsload.simulator.Knobs;
import io.gwsload.simulator.cometd.Notifications;
import io.gwsload.simulator.cometd.Notifier;
import io.gwsload.simulator.ops.Effects;
import io.gwsload.simulator.ops.OpContext;
import io.gwsload.simulator.truth.Counter;
import io.gwsload.simulator.truth.GroundTruth;
import io.gwsload.simulator.users.SimUser;
import io.gwsload.simulator.users.UserTable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.gwsload.api.InteractionState;
import io.gwsload.api.Media;
import io.gwsload.api.StatusCode;

/**
 * The simulated contact centre: users' live state, the interactions, routing, and the transitions
 * several operations share (offer, finish, end, re-queue, notify the others). Operation handlers
 * live in {@link AgentHandlers}, {@link InteractionHandlers} and {@link SupervisorHandlers};
 * customers in {@link Customers}.
 *
 * <p>Concurrency: one lock per interaction guards everything about it; agents' state is atomic or
 * guarded by the agent itself (a leaf lock); routing has one lock per media that is never held
 * while an interaction lock is taken. Methods documented "lock held" must be called with the
 * interaction's lock held; they only add to an {@link Effects}, which the caller publishes after
 * releasing the lock.
 */
public final class ContactCentre {
    private final String baseUrl;
    private final UserTable users;
    private final Map<String, Agent> agentsById;
    private final ConcurrentHashMap<String, Interaction> interactions = new ConcurrentHashMap<>();
    private final Router[] routers = new Router[Media.values().length];
    private final Notifier notifier;
    private final GroundTruth truth;
    private final ScheduledExecutorService scheduler;
    private final Supplier<Knobs> knobs;
    private final Ids ids = new Ids();
    private final AtomicInteger loggedIn = new AtomicInteger();
    private final Customers customers;

    public ContactCentre(String baseUrl, UserTable users, Notifier notifier, GroundTruth truth,
            ScheduledExecutorService scheduler, Supplier<Knobs> knobs) {
        this.baseUrl = baseUrl;
        this.users = users;
        this.notifier = notifier;
        this.truth = truth;
        this.scheduler = scheduler;
        this.knobs = knobs;
        this.agentsById = new HashMap<>(users.size() * 2);
        for (SimUser u : users.all()) {
            agentsById.put(u.id(), new Agent(u));
        }
        for (Media m : Media.values()) {
            routers[m.ordinal()] = new Router(m, () -> knobs.get().maxInteractionsPerAgent(), this::offerRouted);
        }
        this.customers = new Customers(this);
    }

    // ---- lookups

    String baseUrl() {
        return baseUrl;
    }

    public Knobs knobs() {
        return knobs.get();
    }

    public GroundTruth truth() {
        return truth;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    Ids ids() {
        return ids;
    }

    public Customers customers() {
        return customers;
    }

    public Agent agent(SimUser user) {
        return agentsById.get(user.id());
    }

    public Agent agentById(String id) {
        return id == null ? null : agentsById.get(id);
    }

    public Agent agentByName(String username) {
        SimUser u = username == null ? null : users.byName(username);
        return u == null ? null : agentsById.get(u.id());
    }

    Collection<Agent> agents() {
        return agentsById.values();
    }

    public Interaction interaction(String id) {
        return id == null ? null : interactions.get(id);
    }

    void register(Interaction i) {
        interactions.put(i.id, i);
    }

    public Router router(Media media) {
        return routers[media.ordinal()];
    }

    public int interactionCount() {
        return interactions.size();
    }

    public int queuedCount() {
        int n = 0;
        for (Router r : routers) {
            n += r.queued();
        }
        return n;
    }

    public int loggedInCount() {
        return loggedIn.get();
    }

    /** Applies a channel change and keeps the logged-in count. */
    public void setChannel(Agent agent, Media media, ChannelState state) {
        int delta = agent.setChannel(media, state);
        if (delta != 0) {
            loggedIn.addAndGet(delta);
        }
    }

    // ---- publishing

    /** Publishes an outcome's notifications now (this thread), then runs its follow-up work. */
    void publish(Effects out) {
        notifier.publish(out.deliveries);
        out.runAfterwards();
    }

    // ---- shared transitions (lock held)

    public Party newParty(Interaction i, Agent agent, PartyRole role, Visibility visibility, String nickname) {
        Party p = new Party(ids.nextParticipantId(), agent, role, visibility, nickname);
        i.parties.add(p);
        agent.addInteraction(i);
        return p;
    }

    /** Lock held. Gives back the party's unit of capacity; routing runs afterwards. */
    public void release(Party p, Effects out) {
        if (p.holdsCapacity) {
            p.holdsCapacity = false;
            p.agent.release();
            Agent a = p.agent;
            out.after(() -> capacityFreed(a));
        }
    }

    /** Lock held. Moves a party to Completed or Revoked and out of its agent's list. */
    public void finish(Interaction i, Party p, InteractionState state, Effects out) {
        p.state = state;
        p.cancelOfferTimeout();
        release(p, out);
        if (i.activePartyOf(p.agent) == null) {
            p.agent.removeInteraction(i);
        }
    }

    /** An agent has room again: offer it work on every media it is Ready on. */
    void capacityFreed(Agent agent) {
        for (Media m : Media.values()) {
            if (agent.channel(m) == ChannelState.Ready) {
                routers[m.ordinal()].agentAvailable(agent);
            }
        }
    }

    /** Lock held. Starts the offer timer of an Invited party (knob {@code offerTimeoutMs}, 0 = none). */
    public void scheduleOfferTimeout(Interaction i, Party p) {
        long timeout = knobs.get().offerTimeoutMs();
        if (timeout > 0) {
            p.offerTimeout = scheduler.schedule(() -> offerTimedOut(i, p), timeout, TimeUnit.MILLISECONDS);
        }
    }

    /** Lock held. The offer notification: StatusChange Invited, Accept/Reject, visible participants. */
    public void offer(Interaction i, Party p, OpContext operation, Effects out) {
        long ref = operation == null ? OpContext.NO_REFERENCE : operation.referenceId();
        out.add(p.agent, i.media.topic(), Notifications.statusChange(i, p, ref, true), operation);
        truth.count(Counter.offers);
    }

    /** Router sink: offers a queued contact to an agent whose capacity the router reserved. */
    void offerRouted(Interaction i, Agent agent) {
        Effects out = new Effects();
        i.lock.lock();
        try {
            if (i.status != InteractionStatus.QUEUED) {
                agent.release();
                out.after(() -> capacityFreed(agent));
            } else {
                if (i.patienceTimer != null) {
                    i.patienceTimer.cancel(false);
                    i.patienceTimer = null;
                }
                i.status = InteractionStatus.ACTIVE;
                Party p = newParty(i, agent, PartyRole.ROUTED, Visibility.All, agent.user().nickname());
                p.holdsCapacity = true;
                scheduleOfferTimeout(i, p);
                offer(i, p, null, out);
                truth.count(Counter.contactsRouted);
            }
        } finally {
            i.lock.unlock();
        }
        publish(out);
    }

    /** Scheduler: an offer was not answered in time: Revoked, then as if refused. */
    void offerTimedOut(Interaction i, Party p) {
        Effects out = new Effects();
        i.lock.lock();
        try {
            if (p.state != InteractionState.Invited) {
                return;
            }
            p.offerTimeout = null;
            finish(i, p, InteractionState.Revoked, out);
            out.add(p.agent, i.media.topic(), Notifications.statusChange(i, p, OpContext.NO_REFERENCE, false), null);
            truth.count(Counter.offerTimeouts);
            afterRefusal(i, p, "did not answer the invitation in time", out);
            forgetIfDone(i);
        } finally {
            i.lock.unlock();
        }
        publish(out);
    }

    /**
     * Lock held. After an offer was rejected or timed out: a routed contact goes back to the queue
     * (preferably to someone else); an invitation fails with an Error to the inviter, carrying the
     * inviting operation's referenceId.
     */
    public void afterRefusal(Interaction i, Party p, String what, Effects out) {
        switch (p.role) {
            case ROUTED -> requeue(i, p.agent, out);
            case CONFERENCE, CONSULT, TRANSFER -> {
                Party inviter = p.inviter;
                OpContext op = p.inviteOperation;
                if (inviter != null && op != null && !inviter.isFinished()) {
                    error(i, inviter, op, op.op.wireName() + " failed: " + p.agent.user().username() + " " + what,
                            out);
                }
            }
            default -> {
                // a supervisor's offer: nothing else happens
            }
        }
        p.inviter = null;
        p.inviteOperation = null;
    }

    /** Lock held. An Error notification to a party for an operation, with its referenceId. */
    public void error(Interaction i, Party to, OpContext op, String message, Effects out) {
        error(i, to, op, message, out, to.agent);
    }

    /** Lock held. An Error notification to a user, the interaction as {@code viewer} (may be null) sees it. */
    public void error(Interaction i, Party viewer, OpContext op, String message, Effects out, Agent recipient) {
        out.add(recipient, i.media.topic(), Notifications.error(i, viewer, op.referenceId(), message), op);
        truth.count(Counter.errorNotifications);
    }

    /** Lock held. The Error that replaces an operation's effect under the errorRate fault. */
    public void injectedError(Interaction i, Party to, OpContext op, Effects out) {
        error(i, to, op, op.op.wireName() + " failed: simulated error (errorRate)", out);
    }

    /**
     * Lock held. The contact goes back to the queue: supervisors and open offers are revoked,
     * {@code refusedBy} (may be null) is avoided when routing it again.
     */
    public void requeue(Interaction i, Agent refusedBy, Effects out) {
        for (Party q : new ArrayList<>(i.parties)) {
            if (!q.isFinished() && (q.isSupervisor() || q.state == InteractionState.Invited)) {
                finish(i, q, InteractionState.Revoked, out);
                out.add(q.agent, i.media.topic(), Notifications.statusChange(i, q, OpContext.NO_REFERENCE, false),
                        null);
            }
        }
        if (refusedBy != null && !i.excluded.contains(refusedBy.id())) {
            i.excluded.add(refusedBy.id());
        }
        i.targetAgent = null;
        i.status = InteractionStatus.QUEUED;
        customers.startPatience(i);
        Router r = routers[i.media.ordinal()];
        out.after(() -> r.enqueue(i));
    }

    /** Lock held. Ends the interaction once no agent (supervisors aside) is chatting in it. */
    public void endIfNoAgent(Interaction i, Effects out) {
        if (i.status == InteractionStatus.ACTIVE && !i.hasChattingAgent()) {
            end(i, out);
        }
    }

    /** Lock held. The interaction is over: supervisors and open offers are revoked. */
    void end(Interaction i, Effects out) {
        i.status = InteractionStatus.ENDED;
        i.changed();
        i.cancelCustomerTimers();
        for (Party q : new ArrayList<>(i.parties)) {
            if (!q.isFinished() && (q.isSupervisor() || q.state == InteractionState.Invited)) {
                finish(i, q, InteractionState.Revoked, out);
                out.add(q.agent, i.media.topic(), Notifications.statusChange(i, q, OpContext.NO_REFERENCE, false),
                        null);
            }
        }
        truth.count(Counter.interactionsCompleted);
        forgetIfDone(i);
    }

    /** Lock held. Drops an ended interaction once every participant has finished with it. */
    public void forgetIfDone(Interaction i) {
        if (i.status == InteractionStatus.ENDED && i.allPartiesFinished()) {
            interactions.remove(i.id, i);
        }
    }

    /**
     * Lock held. Tells the chatting participants, except {@code skip}, about a change concerning
     * {@code subject} (null: the customer): ParticipantsUpdated to those who can see the subject
     * (now, or before when its visibility changed from {@code before}), and the transcript entries
     * each can see, without referenceId. {@code logFirst} puts the transcript first.
     */
    public void broadcast(Interaction i, Effects out, Party subject, Visibility before, List<LogEntry> entries,
            boolean logFirst, Party... skip) {
        for (Party q : i.parties) {
            if (!q.isChatting() || contains(skip, q)) {
                continue;
            }
            boolean sup = q.isSupervisor();
            boolean sees = subject == null || subject.visibility.visibleTo(sup) || before != null
                    && before.visibleTo(sup);
            List<Map<String, Object>> visible = Notifications.visible(entries, q);
            if (logFirst && !visible.isEmpty()) {
                out.add(q.agent, i.media.topic(), Notifications.messageLog(i, visible, OpContext.NO_REFERENCE), null);
            }
            if (sees) {
                out.add(q.agent, i.media.topic(), Notifications.participantsUpdated(i, q, OpContext.NO_REFERENCE),
                        null);
            }
            if (!logFirst && !visible.isEmpty()) {
                out.add(q.agent, i.media.topic(), Notifications.messageLog(i, visible, OpContext.NO_REFERENCE), null);
            }
        }
    }

    /**
     * Lock held. A new transcript entry to every chatting participant who can see it, except
     * {@code skip}, without referenceId.
     */
    public void broadcastLog(Interaction i, Effects out, LogEntry entry, Party... skip) {
        List<Map<String, Object>> one = List.of(entry.wire());
        for (Party q : i.parties) {
            if (q.isChatting() && !contains(skip, q) && entry.visibility().visibleTo(q.isSupervisor())) {
                out.add(q.agent, i.media.topic(), Notifications.messageLog(i, one, OpContext.NO_REFERENCE), null);
            }
        }
    }

    /**
     * Lock held. The join sequence of docs/gws-api.md §6 (Accept) to a party now Chatting: StatusChange
     * (empty participants), ParticipantsUpdated, MessageLogUpdated with the history it may see.
     * {@code op} is the operation that joined it for itself (Accept), or null.
     */
    public void joinSequence(Interaction i, Party p, OpContext op, Effects out) {
        long ref = op == null ? OpContext.NO_REFERENCE : op.referenceId();
        String topic = i.media.topic();
        out.add(p.agent, topic, Notifications.statusChange(i, p, ref, false), op);
        out.add(p.agent, topic, Notifications.participantsUpdated(i, p, ref), op);
        out.add(p.agent, topic, Notifications.messageLog(i, Notifications.visibleMessages(i, p, 1,
                Integer.MAX_VALUE), ref), op);
    }

    /**
     * Lock held. After an agent accepted: every supervisor who armed monitoring of it on this media
     * joins (NextChat arms fire once). {@code monitoredDelivery=added} (documented: D-ChatSupervisor,
     * D-SMSMonitor): added at once in Chatting, in its mode's visibility, the others told as when a
     * supervisor joins; {@code offered}: an Invited offer it must Accept.
     */
    public void deliverToMonitors(Interaction i, Party accepted, Effects out) {
        boolean added = knobs.get().monitoredDelivery() == Knobs.MonitoredDelivery.ADDED;
        for (MonitorArm arm : accepted.agent.monitors()) {
            if (arm.media() != i.media) {
                continue;
            }
            Agent supervisor = arm.supervisor();
            if (supervisor == accepted.agent || i.activePartyOf(supervisor) != null) {
                continue;
            }
            String nickname = arm.nickname() != null ? arm.nickname() : supervisor.user().nickname();
            Party sp = newParty(i, supervisor, PartyRole.SUPERVISOR, arm.mode().visibility(), nickname);
            sp.mode = arm.mode();
            if (added) {
                sp.state = InteractionState.Chatting;
                LogEntry joined = i.append("ParticipantJoined", sp.wire(), sp.visibility, null, null);
                joinSequence(i, sp, null, out);
                broadcast(i, out, sp, null, List.of(joined), false, sp);
            } else {
                scheduleOfferTimeout(i, sp);
                offer(i, sp, null, out);
            }
            if (!arm.allChats()) {
                accepted.agent.disarm(arm);
            }
        }
    }

    // ---- contacts

    /** Creates customer contacts and routes them; returns their ids. */
    public List<String> inject(Media media, int count, ContactOptions options) {
        Agent target = null;
        if (options.agent() != null) {
            target = agentByName(options.agent());
            if (target == null) {
                throw new IllegalArgumentException("No user named '" + options.agent() + "' to offer the contact to");
            }
        }
        List<String> created = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            created.add(customers.arrive(media, options, target).id);
        }
        return created;
    }

    // ---- read-only views for GET (take each interaction's lock briefly)

    public List<Map<String, Object>> interactionsOf(Agent agent, Media media) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Interaction i : agent.interactions()) {
            if (i.media != media) {
                continue;
            }
            i.lock.lock();
            try {
                Party p = i.activePartyOf(agent);
                if (p != null) {
                    list.add(Notifications.interactionObject(i, p, true));
                }
            } finally {
                i.lock.unlock();
            }
        }
        return list;
    }

    public Map<String, Object> interactionOf(Agent agent, Media media, String id) {
        Interaction i = interaction(id);
        if (i != null && i.media == media) {
            i.lock.lock();
            try {
                Party p = i.partyOf(agent);
                if (p != null) {
                    return Notifications.interactionObject(i, p, true);
                }
            } finally {
                i.lock.unlock();
            }
        }
        throw notFound(media, id);
    }

    public List<Map<String, Object>> messagesOf(Agent agent, Media media, String id, int startIndex, int count) {
        Interaction i = interaction(id);
        if (i != null && i.media == media) {
            i.lock.lock();
            try {
                Party p = i.partyOf(agent);
                if (p != null) {
                    return Notifications.visibleMessages(i, p, startIndex, count);
                }
            } finally {
                i.lock.unlock();
            }
        }
        throw notFound(media, id);
    }

    /** The {@code user} object of {@code GET /api/v2/me}, with subresources when asked. */
    public Map<String, Object> userResource(Agent agent, boolean subresources) {
        SimUser u = agent.user();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("userName", u.username());
        String nick = u.nickname();
        int space = nick.indexOf(' ');
        m.put("firstName", space < 0 ? nick : nick.substring(0, space));
        m.put("lastName", space < 0 ? "" : nick.substring(space + 1));
        m.put("roles", u.role().wireRoles());
        m.put("uri", u.uri());
        m.put("path", u.path());
        if (subresources) {
            m.put("chats", interactionsOf(agent, Media.CHAT));
            m.put("smssessions", interactionsOf(agent, Media.SMS));
            m.put("channels", Notifications.channels(agent, agent.loggedInMedia()));
        }
        return m;
    }

    public static ApiException notFound(Media media, String id) {
        String what = media == Media.CHAT ? "Chat" : "SMS session";
        return new ApiException(StatusCode.NOT_FOUND, what + " '" + id + "' not found");
    }

    private static boolean contains(Party[] parties, Party p) {
        for (Party x : parties) {
            if (x == p) {
                return true;
            }
        }
        return false;
    }
}
