package io.gwsload.collector;

import io.gwsload.collector.tracker.AgentTrackerTest;

import io.gwsload.collector.rules.CompletionRules;

import io.gwsload.collector.tracker.OperationOutcome;

import io.gwsload.collector.tracker.PendingOperation;

import io.gwsload.collector.tracker.AgentTracker;

import io.gwsload.collector.books.Tally;

import io.gwsload.collector.books.AccountingSnapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.OperationName;
import io.gwsload.api.OperationResponse;

/**
 * Completion by effect where GWS gives no referenceId (docs/gws-api.md §1), and the
 * correlation defects found in review. Driven directly with answers and notifications in chosen orders.
 */
class EffectCompletionTest {
    private static final String CHAT = "0000Na9B26EF002X";
    private static final Identity ME = new Identity("4ff5b43c856d4cb2a3d6c20a88740257", "Marat");
    private static final Identity FRIEND = new Identity("429a55994ef64991a77acb77c1cf9041", "BFriend");

    private final NotificationCollector collector = new NotificationCollector(
            CollectorSettings.defaults().withScanInterval(Duration.ofMillis(5)));
    private final AgentTracker tracker = collector.newTracker("agent0001");

    @AfterEach
    void close() {
        collector.close();
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(books.sent() + books.unsent(), books.ok() + books.ko(), "every operation ends exactly once: " + books);
        assertEquals(0, books.pending(), books.toString());
    }

    @Test
    void acceptAnsweredWithoutIdCompletesOnItsStatusChangeAndLearnsTheId() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(spec(OperationName.Accept, Map.of(), Identity.UNKNOWN), done::complete);
        long t0 = System.nanoTime();
        op.posted(t0);
        op.answered(200, new OperationResponse(0, null, null), t0 + 1_000); // seed chat-accept.txt: {"statusCode":0}
        assertFalse(done.isDone());
        tracker.onNotification(state(13L, "StatusChange", "Chatting"), t0 + 2_000);
        OperationOutcome o = done.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, o.outcome(), o.message());
        assertEquals(t0 + 2_000, o.endNanos());
        assertEquals(CompletedBy.EFFECT, o.completedBy());
        assertEquals(13, o.referenceId(), "learnt from the notification that showed the effect");
        tracker.onNotification(state(13L, "ParticipantsUpdated", "Chatting"), t0 + 3_000);
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(0, books.unknown(), "Accept's second notification with id 13 is a follow-up: " + books);
        assertEquals(1, books.followUps());
        assertEquals(1, collector.latencies().stats("Accept").completedBy(CompletedBy.EFFECT));
    }

    @Test
    void anOperationKnownByTwoIdsIsRememberedByBothOnceEnded() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(spec(OperationName.Accept, Map.of(), Identity.UNKNOWN)
                .completion(Completion.EFFECT), done::complete);
        long t0 = System.nanoTime();
        op.posted(t0);
        op.answered(200, new OperationResponse(0, null, 12L), t0 + 1_000);
        tracker.onNotification(state(13L, "StatusChange", "Chatting"), t0 + 2_000); // its effect, under another id
        OperationOutcome o = done.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, o.outcome(), o.message());
        assertEquals(13, o.referenceId());
        tracker.onNotification(state(12L, "ParticipantsUpdated", "Chatting"), t0 + 3_000); // its answer's id, later
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(1, books.followUps(), "a follow-up of the ended operation, not lost: " + books);
        assertEquals(0, books.unknown(), books::toString);
    }

    @Test
    void inviteAnsweredWithAnIdCompletesWhenTheTargetJoinsWithoutOne() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(spec(OperationName.Invite, Map.of(), FRIEND), done::complete);
        op.answered(200, OperationResponse.ok(35), System.nanoTime());
        // The customer writing is not the effect.
        tracker.onNotification(messages(null, entry("Text", "Customer", "PersonP", null)), System.nanoTime());
        assertFalse(done.isDone());
        // seed chat-invite.txt: ParticipantsUpdated with nicknames only, no uri, no referenceId.
        tracker.onNotification(participants(null, participant("Marat", null), participant("BFriend", null)),
                System.nanoTime());
        OperationOutcome o = done.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, o.outcome(), o.message());
        assertEquals(CompletedBy.EFFECT, o.completedBy());
        assertEquals(35, o.referenceId());
    }

    @Test
    void anInviteWhoseTargetCannotBeToldNeverCompletesOnSomeoneElsesJoin() {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        tracker.begin(spec(OperationName.Invite, Map.of(), Identity.UNKNOWN), done::complete)
                .answered(200, OperationResponse.ok(35), System.nanoTime());
        tracker.onNotification(messages(null, entry("ParticipantJoined", "Agent", "Marat", null)), System.nanoTime());
        tracker.onNotification(messages(null, entry(4, "ParticipantJoined", "Agent", "Supervisor1", null)),
                System.nanoTime());
        assertFalse(done.isDone(), "any agent joining (a supervisor barging in) is not the invitee; the DSL refuses "
                + "such an Invite before its POST");
    }

    @Test
    void anEffectSeenBeforeTheAnswerEndsTheOperationWhenTheAnswerComes() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(spec(OperationName.Complete, Map.of(), Identity.UNKNOWN), done::complete);
        long t0 = System.nanoTime();
        op.posted(t0);
        tracker.onNotification(state(null, "StatusChange", "Completed"), t0 + 1_000);
        assertFalse(done.isDone(), "the HTTP answer decides whether the request was taken");
        op.answered(200, new OperationResponse(0, null, null), t0 + 2_000);
        OperationOutcome o = done.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, o.outcome());
        assertEquals(t0 + 1_000, o.endNanos(), "timed at the notification's receipt");
        assertEquals(1, collector.accounting().snapshot().matchedEarly());
    }

    @Test
    void anEarlyEffectWithTheIdTheAnswerThenGivesCountsAsBoth() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(spec(OperationName.Accept, Map.of(), Identity.UNKNOWN), done::complete);
        tracker.onNotification(state(7L, "StatusChange", "Chatting"), System.nanoTime());
        op.answered(200, OperationResponse.ok(7), System.nanoTime());
        assertEquals(CompletedBy.BOTH, done.get(1, TimeUnit.SECONDS).completedBy());
        CompletableFuture<OperationOutcome> byId = new CompletableFuture<>();
        AgentTracker other = collector.newTracker("agent0002"); // its own chat: not Chatting yet for it
        other.begin(spec(OperationName.Accept, Map.of(), Identity.UNKNOWN), byId::complete)
                .answered(200, OperationResponse.ok(8), System.nanoTime());
        other.onNotification(state(8L, "StatusChange", "Chatting"), System.nanoTime());
        assertEquals(CompletedBy.BOTH, byId.get(1, TimeUnit.SECONDS).completedBy());
        assertEquals(0, collector.accounting().snapshot().disagreements());
    }

    @Test
    void anErrorWithoutIdThatTwoOperationsCouldOwnFailsNoneAndIsCounted() throws Exception {
        CompletableFuture<OperationOutcome> first = new CompletableFuture<>();
        CompletableFuture<OperationOutcome> second = new CompletableFuture<>();
        tracker.begin(spec(OperationName.SendMessage, Map.of("text", "one"), ME), first::complete)
                .answered(200, new OperationResponse(0, null, null), System.nanoTime());
        tracker.begin(spec(OperationName.SendMessage, Map.of("text", "two"), ME), second::complete)
                .answered(200, new OperationResponse(0, null, null), System.nanoTime());
        tracker.onNotification(error(null, "Operation failed"), System.nanoTime());
        assertFalse(first.isDone() || second.isDone(), "nothing says which of the two failed: neither is failed");
        assertEquals(1, collector.accounting().snapshot().count(Tally.UNATTRIBUTED_ERRORS));
        tracker.onNotification(messages(null, entry(4, "Text", "Agent", "Marat", "two")), System.nanoTime());
        assertEquals(Outcome.OK, second.get(1, TimeUnit.SECONDS).outcome());
        tracker.onNotification(error(null, "Operation failed"), System.nanoTime());
        OperationOutcome o = first.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.ERROR_NOTIFICATION, o.outcome(), "one operation could own the second: it fails");
        assertEquals("Error notification without referenceId: Operation failed", o.message());
    }

    @Test
    void twoOperationsWaitingForTheSameEffectCompleteFirstInFirstOutAndTheTieIsCounted() throws Exception {
        CompletableFuture<OperationOutcome> first = new CompletableFuture<>();
        CompletableFuture<OperationOutcome> second = new CompletableFuture<>();
        tracker.begin(spec(OperationName.SendMessage, Map.of("text", "hi"), ME), first::complete)
                .answered(200, new OperationResponse(0, null, null), System.nanoTime());
        tracker.begin(spec(OperationName.SendMessage, Map.of("text", "hi"), ME), second::complete)
                .answered(200, new OperationResponse(0, null, null), System.nanoTime());
        long t1 = System.nanoTime();
        tracker.onNotification(messages(null, entry(3, "Text", "Agent", "Marat", "hi")), t1);
        assertEquals(t1, first.get(1, TimeUnit.SECONDS).endNanos());
        assertFalse(second.isDone(), "one entry completes one operation");
        tracker.onNotification(messages(null, entry(4, "Text", "Agent", "Marat", "hi")), System.nanoTime());
        assertEquals(Outcome.OK, second.get(1, TimeUnit.SECONDS).outcome());
        assertEquals(1, collector.accounting().snapshot().fifoTies());
    }

    @Test
    void anOperationNotYetWrittenIsNotCompletedByANotificationThatCameBeforeIt() throws Exception {
        // Registered, its POST waiting (for a login again): a Ready channel state now cannot be its own.
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(OperationSpec.awaiting("Ready", Duration.ofSeconds(5)).expecting(
                CompletionRules.of(OperationName.Ready, Media.CHAT, null, Map.of(), ME, Identity.UNKNOWN)),
                done::complete);
        tracker.onNotification(channel(null, "Ready"), System.nanoTime());
        long written = System.nanoTime();
        op.posted(written);
        op.answered(200, new OperationResponse(0, null, null), System.nanoTime());
        assertFalse(done.isDone(), "the earlier notification did not complete it");
        long own = System.nanoTime();
        tracker.onNotification(channel(null, "Ready"), own);
        OperationOutcome o = done.get(5, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, o.outcome(), o.message());
        assertTrue(o.endNanos() >= written, "ended by its own notification, after it was written");
    }

    @Test
    void aTimeoutWithoutIdSaysWhichEffectWasAwaited() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        OperationSpec spec = OperationSpec.awaiting("Ready", Duration.ofMillis(30)).expecting(CompletionRules.of(
                OperationName.Ready, Media.CHAT, null, Map.of(), ME, Identity.UNKNOWN));
        tracker.begin(spec, done::complete).answered(200, new OperationResponse(0, null, null), System.nanoTime());
        assertEquals("no notification showing the chat channel in state Ready within 30 ms",
                done.get(5, TimeUnit.SECONDS).message());
    }

    @Test
    void byReferenceIdOnlyRefusesAnAnswerWithoutId() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        tracker.begin(spec(OperationName.Accept, Map.of(), Identity.UNKNOWN).completion(Completion.REFERENCE_ID),
                done::complete).answered(200, new OperationResponse(0, null, null), System.nanoTime());
        OperationOutcome o = done.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.NO_REFERENCE_ID, o.outcome());
        assertEquals("the HTTP answer carried no referenceId, and this step completes by referenceId only", o.message());
    }

    @Test
    void theShortDocumentedErrorFormWithoutAnInteractionFailsTheOperationWaiting() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        tracker.begin(spec(OperationName.Accept, Map.of(), Identity.UNKNOWN), done::complete)
                .answered(200, new OperationResponse(0, null, null), System.nanoTime());
        Map<String, Object> data = new LinkedHashMap<>(); // docs/gws-api.md §6: no chat object, an id nobody knows
        data.put("messageType", "ChatStateChangeMessage");
        data.put("notificationType", "Error");
        data.put("errorMessage", "Request failed");
        data.put("referenceId", 35);
        tracker.onNotification(Notification.of("/v2/me/chats", data), System.nanoTime());
        OperationOutcome o = done.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.ERROR_NOTIFICATION, o.outcome());
        assertEquals("Error notification for referenceId 35: Request failed", o.message());
    }

    @Test
    void anInviteOfTheConsultantCompletesWhenItIsListedForAllNotBefore() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        tracker.begin(spec(OperationName.Invite, Map.of(), FRIEND), done::complete)
                .answered(200, OperationResponse.ok(35), System.nanoTime());
        Map<String, Object> consultant = participant("BFriend", null);
        consultant.put("visibility", "Agents");
        tracker.onNotification(participants(null, participant("Marat", null), consultant), System.nanoTime());
        assertFalse(done.isDone(), "still a consultant, visible to agents only");
        Map<String, Object> guest = participant("BFriend", null);
        guest.put("visibility", "All");
        tracker.onNotification(participants(null, participant("Marat", null), guest), System.nanoTime());
        assertEquals(Outcome.OK, done.get(1, TimeUnit.SECONDS).outcome());
    }

    @Test
    void aPropertiesUpdateOfSomethingElseDoesNotCompleteSetDisposition() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        tracker.begin(spec(OperationName.SetDisposition, Map.of("disposition", "Sale"), ME), done::complete)
                .answered(200, new OperationResponse(0, null, null), System.nanoTime());
        Notification other = state(null, "PropertiesUpdated", "Chatting");
        chat(other).put("userData", Map.of("Subject", "Order 42"));
        tracker.onNotification(other, System.nanoTime());
        assertFalse(done.isDone(), "a routing strategy's user data is not the disposition");
        Notification mine = state(null, "PropertiesUpdated", "Chatting");
        chat(mine).put("userData", Map.of("Subject", "Order 42", "DispositionCode", "Sale"));
        tracker.onNotification(mine, System.nanoTime());
        assertEquals(Outcome.OK, done.get(1, TimeUnit.SECONDS).outcome());
    }

    @Test
    void aHeldNotificationThatExpiresStillReachesAWait() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(OperationSpec.awaiting("Ready", Duration.ofMinutes(5)), done::complete);
        CompletableFuture<WaitOutcome> wait = new CompletableFuture<>();
        tracker.await(new WaitSpec("offer", n -> "Invited".equals(n.state()), "an offer", Duration.ofMinutes(5)),
                wait::complete);
        long before = System.nanoTime() - TimeUnit.SECONDS.toNanos(1); // before the operation was registered
        tracker.onNotification(state(77L, "StatusChange", "Invited"), before);
        assertFalse(wait.isDone(), "held: the Ready's answer might bring id 77");
        tracker.housekeep(System.nanoTime(), collector.settings());
        assertEquals("Invited", wait.get(1, TimeUnit.SECONDS).notification().state());
        op.failed("connection refused", System.nanoTime());
        assertEquals(Outcome.HTTP_FAILURE, done.get(1, TimeUnit.SECONDS).outcome());
    }

    // ---- defects found in review; each test failed on the code before the fix ----

    @Test
    void aReusedReferenceIdEndsTheDisplacedOperationInsteadOfLeavingItPendingForever() throws Exception {
        CompletableFuture<OperationOutcome> old = new CompletableFuture<>();
        OperationSpec byId = OperationSpec.awaiting("Ready", Duration.ofMinutes(5));
        tracker.begin(byId, old::complete).answered(200, OperationResponse.ok(1), System.nanoTime());
        CompletableFuture<OperationOutcome> fresh = new CompletableFuture<>();
        tracker.begin(byId, fresh::complete).answered(200, OperationResponse.ok(1), System.nanoTime());
        OperationOutcome displaced = old.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.REFERENCE_REUSED, displaced.outcome());
        tracker.onNotification(channel(1L, "Ready"), System.nanoTime());
        assertEquals(Outcome.OK, fresh.get(1, TimeUnit.SECONDS).outcome());
        assertEquals(0, collector.accounting().snapshot().pending());
    }

    @Test
    void aNewHttpSessionForgetsOldIdsAndOperationsGoOnByTheirEffect() throws Exception {
        CompletableFuture<OperationOutcome> ready = new CompletableFuture<>();
        tracker.begin(OperationSpec.awaiting("Ready", Duration.ofMinutes(5)).expecting(CompletionRules.of(
                OperationName.Ready, Media.CHAT, null, Map.of(), ME, Identity.UNKNOWN)), ready::complete)
                .answered(200, OperationResponse.ok(4), System.nanoTime());
        tracker.onHttpSessionChanged();
        CompletableFuture<OperationOutcome> next = new CompletableFuture<>();
        tracker.begin(OperationSpec.awaiting("Accept", Duration.ofMinutes(5)), next::complete)
                .answered(200, OperationResponse.ok(4), System.nanoTime());
        assertFalse(ready.isDone(), "the new session's id 4 does not displace an operation of the old one");
        tracker.onNotification(channel(null, "Ready"), System.nanoTime());
        assertEquals(Outcome.OK, ready.get(1, TimeUnit.SECONDS).outcome());
        tracker.onNotification(state(4L, "StatusChange", "Chatting"), System.nanoTime());
        assertEquals(Outcome.OK, next.get(1, TimeUnit.SECONDS).outcome());
    }

    @Test
    void anEarlyNotificationOutlivesTheOldThirtySecondRetentionWhileItsOperationCanStillBeAnswered() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(OperationSpec.awaiting("Ready", Duration.ofMinutes(5)), done::complete);
        long arrived = System.nanoTime();
        tracker.onNotification(channel(9L, "Ready"), arrived);
        tracker.housekeep(arrived + TimeUnit.SECONDS.toNanos(60), collector.settings());
        op.answered(200, OperationResponse.ok(9), arrived + TimeUnit.SECONDS.toNanos(61));
        assertEquals(Outcome.OK, done.get(1, TimeUnit.SECONDS).outcome());
        assertEquals(0, collector.accounting().snapshot().unknown());
    }

    @Test
    void aHeldNotificationNoWaitingOperationCanOwnIsUnknownAtHousekeeping() throws Exception {
        tracker.onNotification(channel(9L, "Ready"), System.nanoTime()); // nothing awaits an answer: unknown at once
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(OperationSpec.awaiting("Ready", Duration.ofMinutes(5)), done::complete);
        assertEquals(1, collector.accounting().snapshot().unknown());
        op.failed("connection refused", System.nanoTime());
        assertEquals(Outcome.HTTP_FAILURE, done.get(1, TimeUnit.SECONDS).outcome());
    }

    @Test
    void aThrowingPredicateCountsAsNoMatchAndNeverLosesTheListener() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        OperationSpec spec = OperationSpec.awaiting("Accept", Duration.ofSeconds(5)).completingOn(n -> {
            if (n.isMessageLog()) {
                throw new IllegalStateException("user predicate bug");
            }
            return "Chatting".equals(n.state());
        }, "state Chatting");
        tracker.begin(spec, done::complete).answered(200, OperationResponse.ok(3), System.nanoTime());
        tracker.onNotification(AgentTrackerTest.messageLog(3), System.nanoTime());
        assertFalse(done.isDone());
        tracker.onNotification(state(3L, "StatusChange", "Chatting"), System.nanoTime());
        assertEquals(Outcome.OK, done.get(1, TimeUnit.SECONDS).outcome());
        assertEquals(1, collector.accounting().snapshot().predicateFailures());
    }

    @Test
    void aNegativeReferenceIdEndsTheOperationOnceAsInvalid() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        tracker.begin(OperationSpec.awaiting("Ready", Duration.ofSeconds(5)), done::complete)
                .answered(200, OperationResponse.ok(-5), System.nanoTime());
        OperationOutcome o = done.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.INVALID_REFERENCE_ID, o.outcome());
        assertEquals("the HTTP answer carried an invalid referenceId (-5)", o.message());
        tracker.onNotification(channel(-5L, "Ready"), System.nanoTime());
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(1, books.ko());
        assertEquals(1, books.invalidReferenceIds());
        assertEquals(0, books.pending());
    }

    @Test
    void anEarlyNotificationThenARehandshakeThenTheAnswerIsOk() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(OperationSpec.awaiting("Ready", Duration.ofSeconds(5)), done::complete);
        tracker.onNotification(channel(2L, "Ready"), System.nanoTime());
        tracker.onSessionLost("re-handshake");
        op.answered(200, OperationResponse.ok(2), System.nanoTime());
        OperationOutcome o = done.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, o.outcome(), "the notification did arrive before the session was lost: " + o.message());
    }

    // ---- notifications as the documentation's samples show them ----

    private static OperationSpec spec(OperationName op, Map<String, ?> params, Identity target) {
        return OperationSpec.awaiting(op.name(), Duration.ofSeconds(5))
                .expecting(CompletionRules.of(op, Media.CHAT, CHAT, params, ME, target));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> chat(Notification n) {
        return (Map<String, Object>) n.data().get("chat");
    }

    private static Notification state(Long ref, String type, String state) {
        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("id", CHAT);
        chat.put("state", state);
        chat.put("participants", List.of());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageType", "ChatStateChangeMessage");
        data.put("notificationType", type);
        if (ref != null) {
            data.put("referenceId", ref);
        }
        data.put("chat", chat);
        return Notification.of("/v2/me/chats", data);
    }

    @SafeVarargs
    private static Notification participants(Long ref, Map<String, Object>... list) {
        Notification n = state(ref, "ParticipantsUpdated", "Chatting");
        @SuppressWarnings("unchecked")
        Map<String, Object> chat = (Map<String, Object>) n.data().get("chat");
        chat.put("participants", List.of(list));
        return n;
    }

    private static Map<String, Object> participant(String nickname, String uri) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("nickname", nickname);
        p.put("type", "Agent");
        p.put("participantId", "009052CB05CA00EB");
        if (uri != null) {
            p.put("uri", uri);
        }
        return p;
    }

    private static Map<String, Object> entry(String type, String fromType, String nickname, String text) {
        return entry(3, type, fromType, nickname, text);
    }

    private static Map<String, Object> entry(int index, String type, String fromType, String nickname, String text) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("index", index);
        e.put("type", type);
        e.put("from", Map.of("nickname", nickname, "type", fromType, "participantId", "009052CB05CA00EB"));
        if (text != null) {
            e.put("text", text);
        }
        e.put("visibility", "All");
        return e;
    }

    private static Notification messages(Long ref, Map<String, Object> entry) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageType", "MessageLogUpdated");
        data.put("notificationType", "NewMessages");
        if (ref != null) {
            data.put("referenceId", ref);
        }
        data.put("chatUri", "http://localhost:8080/api/v2/chats/" + CHAT);
        data.put("messages", List.of(entry));
        return Notification.of("/v2/me/chats", data);
    }

    private static Notification error(Long ref, String message) {
        Notification n = state(ref, "Error", "Chatting");
        n.data().put("errorMessage", message);
        return Notification.of("/v2/me/chats", n.data());
    }

    private static Notification channel(Long ref, String state) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageType", "ChannelStateChangeMessageV2");
        if (ref != null) {
            data.put("referenceId", ref);
        }
        data.put("channels", List.of(Map.of("channel", "chat", "dndState", "Off",
                "userState", Map.of("id", "9430250E", "displayName", state, "state", state))));
        return Notification.of("/v2/me/channels", data);
    }
}
