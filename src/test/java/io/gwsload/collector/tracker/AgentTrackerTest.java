package io.gwsload.collector.tracker;

import io.gwsload.collector.CollectorSettings;
import io.gwsload.collector.NotificationCollector;
import io.gwsload.collector.OperationSpec;
import io.gwsload.collector.Outcome;
import io.gwsload.collector.WaitOutcome;
import io.gwsload.collector.WaitSpec;
import io.gwsload.collector.books.AccountingSnapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gwsload.api.Notification;
import io.gwsload.api.OperationResponse;
import io.gwsload.api.StatusCode;

/**
 * The correlation rules of one agent, driven directly with notifications and HTTP answers in chosen
 * orders. End-to-end behaviour against the simulator is in the client's integration tests.
 */
public class AgentTrackerTest {
    private final NotificationCollector collector = new NotificationCollector(
            CollectorSettings.defaults().withScanInterval(Duration.ofMillis(5)).withInbox(4, Duration.ofSeconds(60)));
    private final AgentTracker tracker = collector.newTracker("agent0001");

    @AfterEach
    void close() {
        collector.close();
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(books.sent() + books.unsent(), books.ok() + books.ko(), "every operation ends exactly once: " + books);
        assertEquals(0, books.pending(), books.toString());
    }

    @Test
    void notificationBeforeTheHttpAnswerIsMatchedWhenTheAnswerArrives() throws Exception {
        long t0 = System.nanoTime();
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(OperationSpec.awaiting("Accept", Duration.ofSeconds(5)), done::complete);
        op.posted(t0 + 1_000);
        tracker.onNotification(stateChange(7, "Chatting"), t0 + 2_000);
        assertFalse(done.isDone(), "cannot match before the referenceId is known");
        op.answered(200, OperationResponse.ok(7), t0 + 3_000);

        OperationOutcome outcome = done.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, outcome.outcome());
        assertEquals(t0 + 2_000, outcome.endNanos(), "end is when the notification was received, not when matched");
        assertEquals(t0 + 3_000, outcome.httpEndNanos());
        assertEquals(t0 + 1_000, outcome.startNanos());
        assertEquals("Chatting", outcome.notification().state());
        assertEquals(1, collector.accounting().snapshot().matchedEarly());
    }

    @Test
    void answerThenNotificationCompletesOnceAndRecordsBothTimings() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(OperationSpec.awaiting("Accept", Duration.ofSeconds(5)), done::complete);
        op.posted(System.nanoTime());
        op.answered(200, OperationResponse.ok(1), System.nanoTime());
        tracker.onNotification(stateChange(1, "Chatting"), System.nanoTime());
        tracker.onNotification(participantsUpdated(1), System.nanoTime());

        assertEquals(Outcome.OK, done.get(1, TimeUnit.SECONDS).outcome());
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(1, books.ok());
        assertEquals(1, books.followUps(), "the second notification of the operation is a follow-up");
        assertEquals(0, books.duplicates());
        assertEquals(1, collector.latencies().stats("Accept").okCount());
        assertEquals(1, collector.latencies().stats("Accept HTTP").okCount());
        assertEquals(1, collector.latencies().stats("Accept").total().getTotalCount());
    }

    @Test
    void aMissingNotificationEndsAsATimeoutWithAClearMessage() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(OperationSpec.awaiting("Accept", Duration.ofMillis(50)), done::complete);
        op.posted(System.nanoTime());
        op.answered(200, OperationResponse.ok(42), System.nanoTime());

        OperationOutcome outcome = done.get(5, TimeUnit.SECONDS);
        assertEquals(Outcome.TIMEOUT, outcome.outcome());
        assertEquals("no notification for referenceId 42 within 50 ms", outcome.message());
        assertTrue(outcome.endNanos() - outcome.startNanos() >= TimeUnit.MILLISECONDS.toNanos(50));

        tracker.onNotification(stateChange(42, "Chatting"), System.nanoTime());
        assertEquals(1, collector.accounting().snapshot().late(), "a notification after the timeout is late");
        assertEquals(1, collector.latencies().stats("Accept").koCount(Outcome.TIMEOUT));
    }

    @Test
    void theTimeoutRunsFromWhenThePostWasWrittenNotFromWhenTheOperationBegan() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        long begun = System.nanoTime();
        PendingOperation op = tracker.begin(OperationSpec.awaiting("Accept", Duration.ofMillis(50)), done::complete);
        long written = begun + TimeUnit.MILLISECONDS.toNanos(40); // held 40 ms before the POST, as by a rate gate
        op.posted(written);
        op.answered(200, OperationResponse.ok(43), written);

        OperationOutcome outcome = done.get(5, TimeUnit.SECONDS);
        assertEquals(Outcome.TIMEOUT, outcome.outcome());
        assertTrue(outcome.endNanos() - written >= TimeUnit.MILLISECONDS.toNanos(50),
                "a timeout KO lasts at least its timeout from the POST: " + (outcome.endNanos() - written) + " ns");
    }

    @Test
    void anInteractionOverForTheAgentIsForgottenOnceNothingOfItIsRememberedAndAnOpenOneStays() {
        long t = System.nanoTime();
        tracker.onNotification(offer("0000StillOpen001"), t);
        tracker.onNotification(stateChange(2, "Completed"), t);
        Map<String, Long> sizes = new LinkedHashMap<>();
        tracker.addSizes(sizes);
        assertEquals(2L, sizes.get("scopes"));
        tracker.housekeep(t + Duration.ofSeconds(31).toNanos(), collector.settings());
        sizes.clear();
        tracker.addSizes(sizes);
        assertEquals(1L, sizes.get("scopes"), "the completed chat is forgotten, the offered one is not: " + sizes);
    }

    @Test
    void aMissingHttpAnswerEndsAsATimeoutAndTheLateAnswerIsCounted() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(OperationSpec.awaiting("Accept", Duration.ofMillis(30)), done::complete);
        OperationOutcome outcome = done.get(5, TimeUnit.SECONDS);
        assertEquals(Outcome.TIMEOUT, outcome.outcome());
        assertEquals("no HTTP answer within 30 ms", outcome.message());
        op.answered(200, OperationResponse.ok(1), System.nanoTime());
        assertEquals(1, collector.accounting().snapshot().lateHttpAnswers());
    }

    @Test
    void duplicatesAreCountedBeforeAndAfterCompletion() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        OperationSpec spec = OperationSpec.awaiting("Accept", Duration.ofSeconds(5))
                .completingOn(Notification::isMessageLog, "MessageLogUpdated");
        PendingOperation op = tracker.begin(spec, done::complete);
        op.answered(200, OperationResponse.ok(3), System.nanoTime());
        tracker.onNotification(stateChange(3, "Chatting"), System.nanoTime());
        tracker.onNotification(stateChange(3, "Chatting"), System.nanoTime()); // duplicate while pending
        tracker.onNotification(messageLog(3), System.nanoTime());
        tracker.onNotification(messageLog(3), System.nanoTime()); // duplicate after completion

        OperationOutcome outcome = done.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, outcome.outcome());
        assertTrue(outcome.notification().isMessageLog());
        assertEquals(2, collector.accounting().snapshot().duplicates());
    }

    @Test
    void anErrorNotificationEndsTheOperationWithTheServersMessage() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(OperationSpec.awaiting("Invite", Duration.ofSeconds(5))
                .completingOn(Notification::isMessageLog, "MessageLogUpdated"), done::complete);
        op.answered(200, OperationResponse.ok(36), System.nanoTime());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageType", "ChatStateChangeMessage");
        data.put("notificationType", "Error");
        data.put("errorMessage", "Operation failed");
        data.put("referenceId", 36);
        tracker.onNotification(Notification.of("/v2/me/chats", data), System.nanoTime());

        OperationOutcome outcome = done.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.ERROR_NOTIFICATION, outcome.outcome());
        assertEquals("Error notification for referenceId 36: Operation failed", outcome.message());
    }

    @Test
    void nonZeroStatusCodeAndHttpErrorsEndAtTheAnswer() throws Exception {
        CompletableFuture<OperationOutcome> a = new CompletableFuture<>();
        tracker.begin(OperationSpec.awaiting("Accept", Duration.ofSeconds(5)), a::complete)
                .answered(200, OperationResponse.error(StatusCode.INVALID_FOR_STATE,
                        "Accept is not valid in state Chatting"), System.nanoTime());
        OperationOutcome statusCode = a.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.STATUS_CODE, statusCode.outcome());
        assertEquals("statusCode 2 (parameter not valid for the current state): Accept is not valid in state Chatting",
                statusCode.message());

        CompletableFuture<OperationOutcome> b = new CompletableFuture<>();
        tracker.begin(OperationSpec.awaiting("Accept", Duration.ofSeconds(5)), b::complete)
                .answered(503, new OperationResponse(4, "Service unavailable", null), System.nanoTime());
        assertEquals("HTTP 503: Service unavailable", b.get(1, TimeUnit.SECONDS).message());

        CompletableFuture<OperationOutcome> c = new CompletableFuture<>();
        tracker.begin(OperationSpec.awaiting("Accept", Duration.ofSeconds(5)), c::complete)
                .failed("connection refused", System.nanoTime());
        assertEquals(Outcome.HTTP_FAILURE, c.get(1, TimeUnit.SECONDS).outcome());

        CompletableFuture<OperationOutcome> d = new CompletableFuture<>();
        tracker.begin(OperationSpec.awaiting("Accept", Duration.ofSeconds(5)), d::complete)
                .answered(200, new OperationResponse(0, null, null), System.nanoTime());
        assertEquals(Outcome.NO_REFERENCE_ID, d.get(1, TimeUnit.SECONDS).outcome());

        assertEquals(4, collector.latencies().stats("Accept").koCount());
        assertEquals(3, collector.latencies().stats("Accept HTTP").koCount(), "the answer without id was HTTP-OK");
    }

    @Test
    void httpOnlyOperationsEndAtTheAnswerAndHaveOnlyTheHttpTiming() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        tracker.begin(OperationSpec.httpOnly("SetInFocus", Duration.ofSeconds(5)), done::complete)
                .answered(200, OperationResponse.ok(9), System.nanoTime());
        assertEquals(Outcome.OK, done.get(1, TimeUnit.SECONDS).outcome());
        assertEquals(1, collector.latencies().stats("SetInFocus HTTP").okCount());
        assertTrue(collector.latencies().all().stream().noneMatch(s -> s.name().equals("SetInFocus")));
    }

    @Test
    void aNotificationOfAnHttpOnlyOperationBeforeItsAnswerIsAFollowUpNotUnknown() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(OperationSpec.httpOnly("Logout", Duration.ofSeconds(5)), done::complete);
        tracker.onNotification(stateChange(8, "Completed"), System.nanoTime());
        op.answered(200, OperationResponse.ok(8), System.nanoTime());
        assertEquals(Outcome.OK, done.get(1, TimeUnit.SECONDS).outcome());
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(0, books.unknown(), books.toString());
        assertEquals(1, books.followUps());
    }

    @Test
    void anOperationThatTimedOutBeforeItsAnswerCountsItsNotificationAsLate() throws Exception {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(OperationSpec.awaiting("Ready", Duration.ofMillis(20)), done::complete);
        assertEquals(Outcome.TIMEOUT, done.get(5, TimeUnit.SECONDS).outcome());
        CompletableFuture<OperationOutcome> other = new CompletableFuture<>();
        PendingOperation second = tracker.begin(OperationSpec.awaiting("Ready", Duration.ofSeconds(5)), other::complete);
        tracker.onNotification(stateChange(4, "Chatting"), System.nanoTime()); // held: an answer is awaited
        op.answered(200, OperationResponse.ok(4), System.nanoTime());            // the late answer names it
        second.answered(200, OperationResponse.ok(5), System.nanoTime());
        tracker.onNotification(stateChange(5, "Chatting"), System.nanoTime());
        assertEquals(Outcome.OK, other.get(1, TimeUnit.SECONDS).outcome());
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(1, books.late(), books.toString());
        assertEquals(0, books.unknown(), books.toString());
        assertEquals(1, books.lateHttpAnswers());
    }

    @Test
    void unknownReferenceIdsAreCountedNotMatched() throws Exception {
        tracker.onNotification(stateChange(99, "Chatting"), System.nanoTime());
        assertEquals(1, collector.accounting().snapshot().unknown(), "nothing awaits an answer: unknown at once");

        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(OperationSpec.awaiting("Accept", Duration.ofSeconds(5)), done::complete);
        tracker.onNotification(stateChange(100, "Chatting"), System.nanoTime()); // held: an answer is awaited
        tracker.onNotification(stateChange(5, "Chatting"), System.nanoTime());
        op.answered(200, OperationResponse.ok(5), System.nanoTime());
        assertEquals(Outcome.OK, done.get(1, TimeUnit.SECONDS).outcome());
        assertEquals(2, collector.accounting().snapshot().unknown(), "id 100 matched nothing once all answers were in");
    }

    @Test
    void sessionLossEndsWaitingOperationsAndThoseStillAwaitingTheirAnswer() throws Exception {
        CompletableFuture<OperationOutcome> answered = new CompletableFuture<>();
        CompletableFuture<OperationOutcome> unanswered = new CompletableFuture<>();
        tracker.begin(OperationSpec.awaiting("Accept", Duration.ofSeconds(5)), answered::complete)
                .answered(200, OperationResponse.ok(1), System.nanoTime());
        PendingOperation second = tracker.begin(OperationSpec.awaiting("Ready", Duration.ofSeconds(5)),
                unanswered::complete);
        tracker.onSessionLost("forced disconnect");
        OperationOutcome first = answered.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.SESSION_LOST, first.outcome());
        // The reason (which names the CometD session) is logged, not put in the KO message: one row per
        // lost session in Gatling's error table otherwise.
        assertEquals("the CometD session was lost before the notification for referenceId 1 arrived",
                first.message());
        assertFalse(unanswered.isDone());
        second.answered(200, OperationResponse.ok(2), System.nanoTime());
        assertEquals(Outcome.SESSION_LOST, unanswered.get(1, TimeUnit.SECONDS).outcome());

        CompletableFuture<OperationOutcome> after = new CompletableFuture<>();
        tracker.begin(OperationSpec.awaiting("Ready", Duration.ofSeconds(5)), after::complete)
                .answered(200, OperationResponse.ok(3), System.nanoTime());
        tracker.onNotification(stateChange(3, "Chatting"), System.nanoTime());
        assertEquals(Outcome.OK, after.get(1, TimeUnit.SECONDS).outcome(), "operations after the loss work");
    }

    @Test
    void waitsTakeFromTheInboxOrTheNextUnclaimedNotification() throws Exception {
        long received = System.nanoTime();
        tracker.onNotification(offer("chat-1"), received);
        CompletableFuture<WaitOutcome> first = new CompletableFuture<>();
        tracker.await(new WaitSpec("await offer", n -> "Invited".equals(n.state()), "offer", Duration.ofSeconds(5)),
                first::complete);
        WaitOutcome fromInbox = first.get(1, TimeUnit.SECONDS);
        assertEquals("chat-1", fromInbox.notification().interactionId());
        assertEquals(received, fromInbox.receivedNanos(), "the time it was received, not when it was taken");

        CompletableFuture<WaitOutcome> second = new CompletableFuture<>();
        tracker.await(new WaitSpec("await offer", n -> "Invited".equals(n.state()), "offer", Duration.ofSeconds(5)),
                second::complete);
        assertFalse(second.isDone(), "the inbox offer was taken by the first wait");
        tracker.onNotification(messageLogWithoutReference("chat-1"), System.nanoTime());
        assertFalse(second.isDone());
        tracker.onNotification(offer("chat-2"), System.nanoTime());
        assertEquals("chat-2", second.get(1, TimeUnit.SECONDS).notification().interactionId());

        CompletableFuture<WaitOutcome> third = new CompletableFuture<>();
        tracker.await(new WaitSpec("await offer", n -> "Invited".equals(n.state()), "Invited chat offer",
                Duration.ofMillis(20)), third::complete);
        WaitOutcome timedOut = third.get(5, TimeUnit.SECONDS);
        assertEquals(Outcome.TIMEOUT, timedOut.outcome());
        assertEquals("no notification within 20 ms: Invited chat offer", timedOut.message());
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(3, books.waitsStarted());
        assertEquals(2, books.waitsOk());
        assertEquals(1, books.waitsKo());
    }

    @Test
    void aFullInboxDropsItsOldestAndCountsIt() {
        for (int i = 0; i < 6; i++) {
            tracker.onNotification(messageLogWithoutReference("chat-" + i), System.nanoTime());
        }
        assertEquals(2, collector.accounting().snapshot().inboxEvicted());
    }

    @Test
    void closingEndsPendingOperationsAndWaitsAsStopped() throws Exception {
        CompletableFuture<OperationOutcome> op = new CompletableFuture<>();
        tracker.begin(OperationSpec.awaiting("Accept", Duration.ofMinutes(5)), op::complete)
                .answered(200, OperationResponse.ok(1), System.nanoTime());
        CompletableFuture<WaitOutcome> wait = new CompletableFuture<>();
        tracker.await(new WaitSpec("await offer", n -> false, "offer", Duration.ofMinutes(5)), wait::complete);
        collector.close();
        assertEquals(Outcome.STOPPED, op.get(1, TimeUnit.SECONDS).outcome());
        assertEquals(Outcome.STOPPED, wait.get(1, TimeUnit.SECONDS).outcome());

        CompletableFuture<OperationOutcome> afterClose = new CompletableFuture<>();
        tracker.begin(OperationSpec.awaiting("Accept", Duration.ofMinutes(5)), afterClose::complete);
        assertEquals(Outcome.STOPPED, afterClose.get(1, TimeUnit.SECONDS).outcome());
    }

    public static Notification stateChange(long ref, String state) {
        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("id", "0000Na9B26EF002X");
        chat.put("state", state);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageType", "ChatStateChangeMessage");
        data.put("notificationType", "StatusChange");
        data.put("referenceId", ref);
        data.put("chat", chat);
        return Notification.of("/v2/me/chats", data);
    }

    static Notification participantsUpdated(long ref) {
        Map<String, Object> data = new LinkedHashMap<>(stateChange(ref, "Chatting").data());
        data.put("notificationType", "ParticipantsUpdated");
        return Notification.of("/v2/me/chats", data);
    }

    public static Notification messageLog(long ref) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageType", "MessageLogUpdated");
        data.put("notificationType", "NewMessages");
        data.put("referenceId", ref);
        data.put("chatUri", "http://gws/api/v2/chats/0000Na9B26EF002X");
        data.put("messages", List.of(Map.of("index", 1, "type", "ParticipantJoined")));
        return Notification.of("/v2/me/chats", data);
    }

    static Notification messageLogWithoutReference(String chatId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageType", "MessageLogUpdated");
        data.put("notificationType", "NewMessages");
        data.put("chatUri", "http://gws/api/v2/chats/" + chatId);
        data.put("messages", List.of(Map.of("index", 3, "type", "Text", "text", "hello")));
        return Notification.of("/v2/me/chats", data);
    }

    static Notification offer(String chatId) {
        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("id", chatId);
        chat.put("state", "Invited");
        chat.put("capabilities", List.of("Accept", "Reject"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageType", "ChatStateChangeMessage");
        data.put("notificationType", "StatusChange");
        data.put("chat", chat);
        return Notification.of("/v2/me/chats", data);
    }

    @Test
    void notificationFieldsAreReadTolerantly() {
        Notification sms = Notification.of("/v2/me/smssessions", Map.of("messageType", "SMSsessionStateChangeMessage ",
                "notificationType", "StatusChange", "referenceId", "12", "smsession",
                Map.of("id", "0001Da9PFC93000S", "state", "chatting")));
        assertEquals(12, sms.referenceId());
        assertEquals("0001Da9PFC93000S", sms.interactionId());
        assertNotNull(sms.media().orElse(null));
        assertEquals(io.gwsload.api.InteractionState.Chatting, sms.interactionState().orElseThrow());
        Notification channel = Notification.of("/v2/me/channels", Map.of("messageType", "ChannelStateChangeMessageV2"));
        assertNull(channel.interactionId());
        assertFalse(channel.hasReferenceId());
    }
}
