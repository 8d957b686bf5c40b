package io.gwsload.collector;

import io.gwsload.collector.rules.CompletionRules;

import io.gwsload.collector.tracker.OperationOutcome;

import io.gwsload.collector.tracker.PendingOperation;

import io.gwsload.collector.tracker.AgentTracker;

import io.gwsload.collector.books.Tally;

import io.gwsload.collector.books.AccountingSnapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.OperationName;
import io.gwsload.api.OperationResponse;

/**
 * The ways an operation could be completed by a notification that is not its own, each driven with the
 * notifications and answers in the order that used to fool the collector: a reordered same-kind pair, a
 * duplicate or a late copy of an id-less notification, another participant's PropertiesUpdated, two
 * operations' entries in one transcript notification, Intrude's offer and a later wait, an id-less Error that
 * two operations could own.
 *
 * <p>Each case has a collector of its own, and most wait for holds to end (hundreds of milliseconds, idle): they run
 * side by side (the one class of {@code mvn verify} that does; the pom enables it per class).
 */
@Execution(ExecutionMode.CONCURRENT)
class AttributionCasesTest {
    private static final String CHAT = "0000Na9B26EF002X";
    private static final Identity ME = new Identity("4ff5b43c856d4cb2a3d6c20a88740257", "Marat");

    private final NotificationCollector collector = new NotificationCollector(
            CollectorSettings.defaults().withScanInterval(Duration.ofMillis(5)));
    private final AgentTracker tracker = collector.newTracker("agent0001");

    @AfterEach
    void close() {
        collector.close();
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(books.sent() + books.unsent(), books.ok() + books.ko(), "every operation ends once: " + books);
        assertEquals(0, books.pending(), books.toString());
    }

    /** An operation whose record's final end time (after any hold) completes {@code recorded}. */
    private static OperationListener recording(CompletableFuture<Long> recorded) {
        return (OperationListener.Verdict) o -> o.record(null, (outcome, failure) -> recorded.complete(
                failure == null ? outcome.endNanos() : -1));
    }

    @Test
    void aYoungerOperationsNotificationThatArrivesFirstWaitsForTheAnswersInsteadOfGoingToTheOlder() throws Exception {
        CompletableFuture<OperationOutcome> older = new CompletableFuture<>();
        CompletableFuture<OperationOutcome> younger = new CompletableFuture<>();
        PendingOperation first = tracker.begin(spec(OperationName.UpdateUserData, Map.of()), older::complete);
        PendingOperation second = tracker.begin(spec(OperationName.UpdateUserData, Map.of()), younger::complete);
        long t = System.nanoTime();
        tracker.onNotification(properties(6L, Map.of("Tier", "Gold")), t); // the younger's, first
        first.answered(200, OperationResponse.ok(5), t + 1_000);
        second.answered(200, OperationResponse.ok(6), t + 2_000);
        assertEquals(t, younger.get(1, TimeUnit.SECONDS).endNanos(), "id 6 is the younger's");
        assertFalse(older.isDone(), "the older's own notification has not come");
        tracker.onNotification(properties(5L, Map.of("Tier", "Gold")), t + 3_000);
        assertEquals(t + 3_000, older.get(1, TimeUnit.SECONDS).endNanos());
        assertEquals(0, collector.accounting().snapshot().disagreements());
    }

    @Test
    void aDuplicateOfAConsumedIdlessNotificationIsRecordedAtTheLaterCandidateAndFlagged() throws Exception {
        long t = System.nanoTime();
        notReadyThenReady(t);

        CompletableFuture<OperationOutcome> second = new CompletableFuture<>();
        CompletableFuture<Long> secondRecorded = new CompletableFuture<>();
        CompletableFuture<Object> contentSeen = new CompletableFuture<>();
        tracker.begin(held300(OperationName.NotReady), (OperationListener.Verdict) o -> {
            contentSeen.complete(o.notification().data().get("channels")); // what a check reads
            second.complete(o);
            o.record(null, (outcome, failure) -> secondRecorded.complete(outcome.endNanos()));
        }).answered(200, ok(), t + 400);
        tracker.onNotification(channel("NotReady"), t + 410); // a re-delivery of the first's
        OperationOutcome o = second.get(1, TimeUnit.SECONDS);
        assertTrue(o.held(), "over for the virtual user, but held: its content repeats a consumed notification");
        assertFalse(secondRecorded.isDone());
        tracker.onNotification(channel("NotReady"), t + 500); // its own, later: nothing else could take it
        // Written when its hold ends (600 ms after it was sent): a later copy within its timeout could move it again.
        assertEquals(t + 500, secondRecorded.get(2, TimeUnit.SECONDS), "the later candidate's time");
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(1, books.ambiguous());
        assertEquals(1, books.count(Tally.DUPLICATES_IDLESS));
        assertTrue(o.ambiguous());
        assertTrue(contentSeen.get() instanceof List<?>, "the listener's checks read the whole notification");
        assertEquals(null, o.notification().data().get("channels"), "after it, a held completion keeps a summary");
        assertEquals(io.gwsload.api.MessageTypes.CHANNEL_STATE_CHANGE, o.notification().messageType());
    }

    @Test
    void theAttributionTraceSaysWhatTookWhatWhatWasHeldAndWhenItWasWritten() throws Exception {
        // -Dgws.log=TRACE, as the README says for a diagnosis: the duplicate case above, told line by line.
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("io.gwsload.attribution");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        ch.qos.logback.classic.Level level = log.getLevel();
        log.addAppender(lines);
        log.setAdditive(false);
        log.setLevel(ch.qos.logback.classic.Level.TRACE);
        try {
            AgentTracker traced = collector.newTracker("traced0001"); // the other cases, side by side, trace agent0001
            long t = System.nanoTime();
            CompletableFuture<Long> first = new CompletableFuture<>();
            traced.begin(channelSpec(OperationName.NotReady), recording(first)).answered(200, ok(), t);
            traced.onNotification(channel("NotReady"), t + 100);
            CompletableFuture<Long> ready = new CompletableFuture<>();
            traced.begin(channelSpec(OperationName.Ready), recording(ready)).answered(200, ok(), t + 200);
            traced.onNotification(channel("Ready"), t + 300);
            CompletableFuture<Long> second = new CompletableFuture<>();
            traced.begin(held300(OperationName.NotReady), recording(second)).answered(200, ok(), t + 400);
            traced.onNotification(channel("NotReady"), t + 410); // a re-delivery of the first's: taken, held
            traced.onNotification(channel("NotReady"), t + 500); // its own: a surplus, which re-times it
            assertEquals(t + 500, second.get(2, TimeUnit.SECONDS));
        } finally {
            log.setLevel(level);
            log.setAdditive(true);
            log.detachAppender(lines);
        }
        List<ch.qos.logback.classic.spi.ILoggingEvent> events;
        synchronized (lines) { // a case beside this one may still be appending (the appender locks itself)
            events = List.copyOf(lines.list);
        }
        String trace = String.join("\n", events.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("traced0001: ")).toList());
        assertTrue(trace.lines().findFirst().orElse("").matches("traced0001: NotReady OK by EFFECT on \\S+ at [-+][0-9.]+ ms"),
                () -> "the first, on new content, written at once:\n" + trace);
        assertTrue(trace.contains(", held until "), () -> "the third, taken on a repeat:\n" + trace);
        assertTrue(trace.contains("a surplus, no running operation took it"), trace);
        assertTrue(trace.contains("re-timed to a later copy it could have been made by, flagged at "), trace);
        assertTrue(trace.contains("written, flagged at "), trace);
    }

    /** A NotReady and a Ready from {@code t}, each on new content: written at once; the next NotReady repeats one. */
    private void notReadyThenReady(long t) throws Exception {
        CompletableFuture<Long> first = new CompletableFuture<>();
        tracker.begin(channelSpec(OperationName.NotReady), recording(first)).answered(200, ok(), t);
        tracker.onNotification(channel("NotReady"), t + 100);
        assertEquals(t + 100, first.get(1, TimeUnit.SECONDS), "new content: written at once");
        CompletableFuture<Long> ready = new CompletableFuture<>();
        tracker.begin(channelSpec(OperationName.Ready), recording(ready)).answered(200, ok(), t + 200);
        tracker.onNotification(channel("Ready"), t + 300);
        assertEquals(t + 300, ready.get(1, TimeUnit.SECONDS));
    }

    @Test
    void aHoldThatEndsWhileItsListenerStillReadsLeavesItTheWholeNotificationAndThenOnlyTheSummary() throws Exception {
        long t = System.nanoTime();
        notReadyThenReady(t);

        CompletableFuture<Object> contentSeen = new CompletableFuture<>();
        CompletableFuture<OperationOutcome> second = new CompletableFuture<>();
        tracker.begin(channelSpec(OperationName.NotReady), (OperationListener.Verdict) o -> {
            tracker.userEnded(); // the hold ends (its user ended) before this listener has read the notification
            contentSeen.complete(o.notification().data().get("channels"));
            o.record(null);
            second.complete(o);
        }).answered(200, ok(), t + 400);
        tracker.onNotification(channel("NotReady"), t + 410); // repeats the first's content: held
        OperationOutcome o = second.get(1, TimeUnit.SECONDS);
        assertTrue(contentSeen.get() instanceof List<?>, "the checks read the whole notification: " + contentSeen.get());
        assertEquals(null, o.notification().data().get("channels"), "once they have, a summary");
        assertEquals(1, collector.accounting().snapshot().count(Tally.HELD_CUT_SHORT));
    }

    @Test
    void aLateCopyOwedToATimedOutOperationMakesTheNextCompletionAmbiguous() throws Exception {
        long t = System.nanoTime();
        CompletableFuture<OperationOutcome> timedOut = new CompletableFuture<>();
        OperationSpec quick = OperationSpec.awaiting("NotReady", Duration.ofMillis(40)).expecting(
                CompletionRules.of(OperationName.NotReady, Media.CHAT, null, Map.of(), ME, Identity.UNKNOWN));
        tracker.begin(quick, timedOut::complete).answered(200, ok(), t);
        assertEquals(Outcome.TIMEOUT, timedOut.get(1, TimeUnit.SECONDS).outcome());

        CompletableFuture<Long> next = new CompletableFuture<>();
        tracker.begin(held300(OperationName.NotReady), recording(next)).answered(200, ok(), System.nanoTime());
        long late = System.nanoTime();
        tracker.onNotification(channel("NotReady"), late); // the timed-out one's, late
        long own = late + 1_000_000;
        tracker.onNotification(channel("NotReady"), own);
        assertEquals(own, next.get(2, TimeUnit.SECONDS), "the later candidate's time, never the earlier");
        assertEquals(1, collector.accounting().snapshot().ambiguous());
        assertEquals(1, collector.accounting().snapshot().count(Tally.LATE_IDLESS));
    }

    @Test
    void anotherParticipantsPropertiesUpdatedWithoutTheCommentDoesNotCompleteAddComment() {
        CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
        tracker.begin(spec(OperationName.AddComment, Map.of("comment", "Called back")), done::complete)
                .answered(200, ok(), System.nanoTime());
        // In a conference, a colleague's SetDisposition reaches everyone: no comment in it.
        tracker.onNotification(properties(null, Map.of("DispositionCode", "Sale")), System.nanoTime());
        assertFalse(done.isDone(), "not the comment's change");
    }

    @Test
    void oneTranscriptNotificationCarryingTwoOperationsEntriesCompletesBoth() throws Exception {
        CompletableFuture<OperationOutcome> one = new CompletableFuture<>();
        CompletableFuture<OperationOutcome> two = new CompletableFuture<>();
        tracker.begin(spec(OperationName.SendMessage, Map.of("text", "one")), one::complete)
                .answered(200, ok(), System.nanoTime());
        tracker.begin(spec(OperationName.SendMessage, Map.of("text", "two")), two::complete)
                .answered(200, ok(), System.nanoTime());
        long t = System.nanoTime();
        tracker.onNotification(transcript(entry(5, "one"), entry(6, "two")), t);
        assertEquals(t, one.get(1, TimeUnit.SECONDS).endNanos());
        assertEquals(t, two.get(1, TimeUnit.SECONDS).endNanos());
    }

    @Test
    void intrudesOfferStillReachesALaterWaitForAnOffer() throws Exception {
        CompletableFuture<OperationOutcome> intrude = new CompletableFuture<>();
        tracker.begin(spec(OperationName.Intrude, Map.of()), intrude::complete).answered(200, ok(), System.nanoTime());
        tracker.onNotification(state("StatusChange", "Invited"), System.nanoTime());
        assertEquals(Outcome.OK, intrude.get(1, TimeUnit.SECONDS).outcome());
        CompletableFuture<WaitOutcome> offer = new CompletableFuture<>();
        tracker.await(new WaitSpec("Await offer", n -> "Invited".equals(n.state()), "an offer", Duration.ofSeconds(1)),
                offer::complete);
        WaitOutcome w = offer.get(1, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, w.outcome(), "the offer is Intrude's effect and the wait's event both");
    }

    @Test
    void aCompletionByAnotherOperationsNotificationIsCaughtByTheAudit() throws Exception {
        CompletableFuture<Long> done = new CompletableFuture<>();
        PendingOperation op = tracker.begin(channelSpec(OperationName.Ready), recording(done));
        op.answered(200, ok(), 42, System.nanoTime());
        tracker.onNotification(Notification.of("/v2/me/channels", channel("Ready").data(), new long[] {41}),
                System.nanoTime());
        done.get(1, TimeUnit.SECONDS);
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(1, books.count(Tally.AUDIT_CHECKED));
        assertEquals(1, books.misattributed(), "stamped as operation 41's, completed operation 42");
        assertEquals(1, books.misattributedUnflagged());
    }

    @Test
    void anIdlessNotificationArrivingBehindAHeldOneWaitsForItInsteadOfTakingItsOperation() throws Exception {
        // The soak's case: an SMS Accept's own StatusChange carries a referenceId its answer does not give, so it is
        // held while the answer is to come; a supervisor's barge-in, made just after, sends the agent an id-less
        // ParticipantsUpdated that shows it Chatting too. Matched out of arrival order, it took the Accept.
        long t = System.nanoTime();
        CompletableFuture<Long> recorded = new CompletableFuture<>();
        PendingOperation accept = tracker.begin(spec(OperationName.Accept, Map.of()), recording(recorded));
        accept.posted(t);
        Notification own = state("StatusChange", "Chatting");
        own.data().put("referenceId", 7L);
        tracker.onNotification(Notification.of("/v2/me/chats", own.data(), new long[] {7518}), t + 100);
        tracker.onNotification(Notification.of("/v2/me/chats", state("ParticipantsUpdated", "Chatting").data(),
                new long[] {7520}), t + 200);
        accept.answered(200, ok(), 7518, t + 300);
        assertEquals(t + 100, recorded.get(1, TimeUnit.SECONDS), "its own StatusChange, not the barge-in's");
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(1, books.count(Tally.AUDIT_CHECKED));
        assertEquals(0, books.misattributed(), books.toString());
    }

    @Test
    void aHoldCutShortByTheEndOfItsVirtualUserIsWrittenFlagged() throws Exception {
        long t = System.nanoTime();
        settle(channelSpec(OperationName.Ready), 1, stamped("Ready", 1), t);
        settle(channelSpec(OperationName.NotReady), 2, stamped("NotReady", 2), t + 100);
        CompletableFuture<OperationOutcome> verdict = new CompletableFuture<>();
        CompletableFuture<Long> recorded = new CompletableFuture<>();
        tracker.begin(channelSpec(OperationName.Ready), (OperationListener.Verdict) o -> {
            verdict.complete(o);
            o.record(null, (outcome, failure) -> recorded.complete(outcome.endNanos()));
        }).answered(200, ok(), 3, t + 200);
        tracker.onNotification(stamped("Ready", 1), t + 300); // a re-delivery of the first's; its own is late
        assertTrue(verdict.get(1, TimeUnit.SECONDS).held());
        tracker.userEnded(); // its virtual user logs out before its own could come
        recorded.get(1, TimeUnit.SECONDS);
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(1, books.misattributed(), "stamped as operation 1's, completed operation 3");
        assertEquals(0, books.misattributedUnflagged(), "a hold that could not run its course is flagged: " + books);
        assertTrue(verdict.get().ambiguous());
        assertEquals(1, books.count(Tally.HELD_CUT_SHORT));
    }

    @Test
    void aLateCopyFlagsEveryWrittenCompletionItCouldHaveMadeNotOnlyTheLatest() throws Exception {
        long t = System.nanoTime();
        settle(quick(OperationName.Ready), 1, stamped("Ready", 1), t);
        settle(quick(OperationName.NotReady), 2, stamped("NotReady", 2), t + 100);
        // Operation 3 takes a re-delivery of operation 1's notification; its own comes past its hold.
        settle(quick(OperationName.Ready), 3, stamped("Ready", 1), t + 200);
        settle(quick(OperationName.NotReady), 4, stamped("NotReady", 4), t + 300);
        settle(quick(OperationName.Ready), 5, stamped("Ready", 5), t + 400); // its own
        assertEquals(1, collector.accounting().snapshot().misattributedUnflagged(), "operation 3, not yet flagged");
        tracker.onNotification(stamped("Ready", 3), System.nanoTime()); // operation 3's own, late
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(1, books.misattributed());
        assertEquals(0, books.misattributedUnflagged(), "content cannot say which of 3 and 5 it was owed to: " + books);
    }

    @Test
    void aRepeatOfAHeldCompletionsNotificationLeavesATimedOutOperationOwed() throws Exception {
        // Seen in AttributionAuditTest: SetDisposition's PropertiesUpdated (with its referenceId) came past the
        // timeout; a re-delivery of UpdateUserData's, a mere repeat, was taken for it; the late one then
        // completed DeleteUserData (the key is absent in a snapshot from before it was added) unflagged.
        CompletableFuture<OperationOutcome> timedOut = new CompletableFuture<>();
        tracker.begin(quickInChat(OperationName.SetDisposition, Map.of("disposition", "Sale")), timedOut::complete)
                .answered(200, ok(), 1, System.nanoTime());
        assertEquals(Outcome.TIMEOUT, timedOut.get(1, TimeUnit.SECONDS).outcome());
        Notification updated = stampedProperties(null, Map.of("Disposition", "Sale", "Tier", "Gold"), 2);
        CompletableFuture<OperationOutcome> update = new CompletableFuture<>();
        tracker.begin(quickInChat(OperationName.UpdateUserData, Map.of("userData", Map.of("Tier", "Gold"))),
                update::complete).answered(200, ok(), 2, System.nanoTime());
        tracker.onNotification(updated, System.nanoTime());
        assertTrue(update.get(1, TimeUnit.SECONDS).held(), "held: a timed-out operation's notification is owed");
        tracker.onNotification(updated, System.nanoTime()); // its re-delivery, while the hold lasts
        CompletableFuture<Long> deleted = new CompletableFuture<>();
        tracker.begin(quickInChat(OperationName.DeleteUserData, Map.of("keys", List.of("Tier"))), recording(deleted))
                .answered(200, ok(), 3, System.nanoTime());
        tracker.onNotification(stampedProperties(30L, Map.of("Disposition", "Sale"), 1), System.nanoTime());
        deleted.get(2, TimeUnit.SECONDS);
        AccountingSnapshot books = collector.accounting().snapshot();
        assertEquals(1, books.misattributed(), "SetDisposition's notification completed DeleteUserData: " + books);
        assertEquals(0, books.misattributedUnflagged(), "owed to the timed-out SetDisposition, so flagged: " + books);
    }

    /** An operation on the chat with a 40 ms timeout. */
    private static OperationSpec quickInChat(OperationName op, Map<String, ?> params) {
        return OperationSpec.awaiting(op.name(), Duration.ofMillis(40)).expecting(
                CompletionRules.of(op, Media.CHAT, CHAT, params, ME, Identity.UNKNOWN));
    }

    /** A PropertiesUpdated the simulator stamped as caused by operation {@code cause}. */
    private static Notification stampedProperties(Long ref, Map<String, Object> userData, long cause) {
        return Notification.of("/v2/me/chats", properties(ref, new LinkedHashMap<>(userData)).data(),
                new long[] {cause});
    }

    @Test
    void aSurplusWritesEveryHoldOfItsChainAtItsOwnTimeNotAtAnotherHoldsStrayCopy() throws Exception {
        // Seen in AttributionAuditTest (NotReady at 78 ms under a 100 ms delivery delay): NotReady 3 and NotReady 5
        // each took a re-delivery of NotReady 1's notification; when 3's own came (a surplus), 3 was written at 5's
        // copy, as early and as stray as its own.
        long t = System.nanoTime();
        settle(channelSpec(OperationName.NotReady), 1, stamped("NotReady", 1), t);
        settle(channelSpec(OperationName.Ready), 2, stamped("Ready", 2), t + 100);
        CompletableFuture<OperationOutcome> third = new CompletableFuture<>();
        CompletableFuture<Long> thirdRecorded = new CompletableFuture<>();
        tracker.begin(held300(OperationName.NotReady), (OperationListener.Verdict) o -> {
            third.complete(o);
            o.record(null, (outcome, failure) -> thirdRecorded.complete(outcome.endNanos()));
        }).answered(200, ok(), 3, t + 200);
        tracker.onNotification(stamped("NotReady", 1), t + 210); // a re-delivery of 1's
        tracker.begin(channelSpec(OperationName.Ready), recording(new CompletableFuture<>())).answered(200, ok(), 4,
                t + 220);
        tracker.onNotification(stamped("Ready", 2), t + 230); // a re-delivery of 2's
        tracker.begin(channelSpec(OperationName.NotReady), recording(new CompletableFuture<>())).answered(200, ok(), 5,
                t + 240);
        tracker.onNotification(stamped("NotReady", 1), t + 250); // another re-delivery of 1's
        assertTrue(third.get(1, TimeUnit.SECONDS).held());
        tracker.onNotification(stamped("NotReady", 3), t + 400); // 3's own: a surplus
        assertEquals(t + 400, thirdRecorded.get(2, TimeUnit.SECONDS), "the surplus's time, not 5's stray copy's");
        assertTrue(third.get().ambiguous());
        tracker.userEnded();
    }

    @Test
    void aHeldCompletionWhoseOwnCopyALaterOperationTookIsWrittenAtThatOperationsSurplusNotAtTheStray()
            throws Exception {
        // Seen in AttributionAuditTest (Ready at 69 ms under a 100 ms delivery delay): Ready 3 took a re-delivery of
        // Ready 1's notification; its own came late and Ready 5, waiting, took it; 3's hold ended before 5's own copy
        // (the chain's surplus) came, so 3 was written at the stray's time. Its hold now lasts as long as 5's.
        long t = System.nanoTime();
        readyThenNotReady(t);
        Watched w = watched(held300(OperationName.Ready), 3, t + 200);
        CompletableFuture<OperationOutcome> third = w.verdict();
        CompletableFuture<Long> thirdRecorded = w.recorded();
        tracker.onNotification(stamped("Ready", 1), t + 210); // a re-delivery of 1's: 3 takes it
        assertTrue(third.get(1, TimeUnit.SECONDS).held());
        tracker.begin(channelSpec(OperationName.NotReady), op -> { }).answered(200, ok(), 4, t + 220);
        tracker.onNotification(stamped("NotReady", 4), t + 230);
        tracker.begin(channelSpec(OperationName.Ready), recording(new CompletableFuture<>())).answered(200, ok(), 5,
                t + 300);
        tracker.onNotification(stamped("Ready", 3), t + 310); // 3's own, late: 5, waiting, takes it
        // 3's own hold (600 ms) ends meanwhile: before, 3 was written then, at the stray's time.
        assertThrows(java.util.concurrent.TimeoutException.class, () -> thirdRecorded.get(900, TimeUnit.MILLISECONDS),
                "still held past its own hold: 5's took what could have been its own");
        tracker.onNotification(stamped("Ready", 5), t + 400); // 5's own: the chain's surplus
        assertEquals(t + 400, thirdRecorded.get(1, TimeUnit.SECONDS), "the chain's surplus, not the stray's time");
        assertTrue(third.get().ambiguous());
        tracker.userEnded();
    }

    @Test
    void inAnOrdinaryRunALaterToggleLengthensAnEarlierHoldButChangesNeitherItsTimeNorItsFlag() throws Exception {
        long t = System.nanoTime();
        readyThenNotReady(t);
        Watched third = watched(held300(OperationName.Ready), 3, t + 200);
        tracker.onNotification(stamped("Ready", 3), t + 250); // its own (its content repeats 1's: held)
        assertTrue(third.verdict().get(1, TimeUnit.SECONDS).held());
        toggle(OperationName.NotReady, 4, t + 300);
        // 5 comes 200 ms after 3, so that its hold ends that much later than 3's own.
        assertThrows(java.util.concurrent.TimeoutException.class,
                () -> third.recorded().get(200, TimeUnit.MILLISECONDS));
        long fifthBegun = System.nanoTime();
        Watched fifth = watched(held300(OperationName.Ready), 5, t + 400);
        tracker.onNotification(stamped("Ready", 5), t + 450); // 5's own: shows 3's effect too
        assertEquals(t + 450, fifth.recorded().get(2, TimeUnit.SECONDS));
        assertEquals(t + 250, third.recorded().get(2, TimeUnit.SECONDS), "written at its own notification");
        assertFalse(third.verdict().get().ambiguous(), "nothing came that only it could have owned: not flagged");
        assertTrue(third.writtenAt().get() - fifthBegun >= Duration.ofMillis(600).toNanos(),
                "3 held as long as 5, to 600 ms after 5 began (its own hold ended 200 ms sooner)");
        tracker.userEnded();
    }

    @Test
    void anotherAgentsRepeatedNotificationDoesNotMakeThisAgentsHoldsFollowEveryLaterToggle() throws Exception {
        // One late or repeated notification to another agent (routine for a target at capacity) leaves this agent's
        // holds as they are on a target that never repeats: lengthened by the next toggle only.
        AgentTracker other = collector.newTracker("agent0002");
        CompletableFuture<OperationOutcome> otherReady = new CompletableFuture<>();
        other.begin(channelSpec(OperationName.Ready), otherReady::complete).answered(200, ok(), 100, System.nanoTime());
        other.onNotification(stamped("Ready", 100), System.nanoTime());
        other.onNotification(stamped("Ready", 100), System.nanoTime()); // a re-delivery: a surplus, to agent0002
        otherReady.get(1, TimeUnit.SECONDS);
        assertEquals(1, collector.accounting().snapshot().count(Tally.DUPLICATES_IDLESS));

        long t = System.nanoTime();
        readyThenNotReady(t);
        CompletableFuture<Long> thirdWrittenAt = watched(held300(OperationName.Ready), 3, t + 200).writtenAt();
        tracker.onNotification(stamped("Ready", 3), t + 250); // its own (held: its content repeats 1's)
        toggle(OperationName.NotReady, 4, t + 300);
        assertThrows(java.util.concurrent.TimeoutException.class, () -> thirdWrittenAt.get(200, TimeUnit.MILLISECONDS));
        long fifthBegun = System.nanoTime();
        tracker.begin(held300(OperationName.Ready), o -> { }).answered(200, ok(), 5, t + 400);
        tracker.onNotification(stamped("Ready", 5), t + 410); // lengthens 3's hold to 5's
        toggle(OperationName.NotReady, 6, t + 450);
        assertThrows(java.util.concurrent.TimeoutException.class, () -> thirdWrittenAt.get(200, TimeUnit.MILLISECONDS));
        long seventhBegun = System.nanoTime();
        tracker.begin(held300(OperationName.Ready), o -> { }).answered(200, ok(), 7, t + 500);
        tracker.onNotification(stamped("Ready", 7), t + 510); // would lengthen it to 7's, on a repeating target
        long written = thirdWrittenAt.get(2, TimeUnit.SECONDS);
        assertTrue(written - fifthBegun >= Duration.ofMillis(600).toNanos(), "held as long as 5");
        assertTrue(written - seventhBegun < Duration.ofMillis(600).toNanos(), "not as long as 7");
        tracker.userEnded();
        other.userEnded();
    }

    @Test
    void aLogoutThatCutsOnlyTheLengtheningWritesTheHoldAsItsOwnEndWouldUnflagged() throws Exception {
        long t = System.nanoTime();
        readyThenNotReady(t);
        Watched w = watched(held300(OperationName.Ready), 3, t + 200);
        CompletableFuture<OperationOutcome> third = w.verdict();
        CompletableFuture<Long> thirdRecorded = w.recorded();
        tracker.onNotification(stamped("Ready", 3), t + 250); // its own (held: its content repeats 1's)
        tracker.begin(channelSpec(OperationName.NotReady), op -> { }).answered(200, ok(), 4, t + 300);
        tracker.onNotification(stamped("NotReady", 4), t + 310);
        tracker.begin(channelSpec(OperationName.Ready), op -> { }).answered(200, ok(), 5, t + 400);
        tracker.onNotification(stamped("Ready", 5), t + 450); // lengthens 3's hold (600 ms) to at most 1.2 s
        // Past 3's own hold, within its lengthening: the logout cuts only the lengthening.
        assertThrows(java.util.concurrent.TimeoutException.class, () -> thirdRecorded.get(800, TimeUnit.MILLISECONDS));
        tracker.userEnded();
        assertEquals(t + 250, thirdRecorded.get(1, TimeUnit.SECONDS));
        assertFalse(third.get().ambiguous(), "its own hold had ended: not cut short");
    }

    @Test
    void aSurplusThatIsAnOlderCopyLeavesTheChainHeldAndTheOwnCopyAfterItMovesItAgain() throws Exception {
        // Seen in AttributionAuditTest (NotReady at 35 ms under a 100 ms delivery delay): NotReady 5 took a
        // re-delivery of 1's; a re-delivery of 3's came next, a surplus, and the chain was written at it; 5's own
        // came after, with nothing held to move.
        long t = System.nanoTime();
        settle(channelSpec(OperationName.NotReady), 1, stamped("NotReady", 1), t);
        settle(channelSpec(OperationName.Ready), 2, stamped("Ready", 2), t + 100);
        tracker.begin(held300(OperationName.NotReady), op -> { }).answered(200, ok(), 3, t + 200);
        tracker.onNotification(stamped("NotReady", 3), t + 210); // its own (held: its content repeats 1's)
        toggle(OperationName.Ready, 4, t + 300); // held: its content repeats 2's
        Watched fifth = watched(held300(OperationName.NotReady), 5, t + 400);
        tracker.onNotification(stamped("NotReady", 1), t + 410); // a re-delivery of 1's: 5 takes it
        tracker.onNotification(stamped("NotReady", 3), t + 420); // a re-delivery of 3's: a surplus
        tracker.onNotification(stamped("NotReady", 5), t + 480); // 5's own, within its timeout
        assertEquals(t + 480, fifth.recorded().get(2, TimeUnit.SECONDS), "its own copy's time, not the older surplus's");
        assertTrue(fifth.verdict().get().ambiguous());
    }

    @Test
    void aHeldCompletionWhoseOwnCopyATakerOfATakerCarriedOnIsWrittenAtTheLastSurplus() throws Exception {
        // Seen in AttributionAuditTest (Ready at 72 ms under a 100 ms delivery delay): Ready 3 took a re-delivery of
        // Ready 1's; Ready 5, its own; Ready 7, waiting, took 3's own, late. 3's hold had been lengthened once, to 5's,
        // and ended before the chain's surplus came: written at the stray's time.
        long t = System.nanoTime();
        readyThenNotReady(t);
        tracker.onNotification(stamped("NotReady", 2), t + 150); // a re-delivery: this target repeats notifications
        Watched third = watched(timed(OperationName.Ready, 1000), 3, t + 200); // held to 2 s, at most 4 s
        tracker.onNotification(stamped("Ready", 1), t + 210); // a re-delivery of 1's: 3 takes it
        toggle(OperationName.NotReady, 4, t + 220);
        tracker.begin(timed(OperationName.Ready, 1300), op -> { }).answered(200, ok(), 5, t + 300); // held to 2.6 s
        tracker.onNotification(stamped("Ready", 5), t + 310); // 5's own: lengthens 3's hold to 5's
        toggle(OperationName.NotReady, 6, t + 320);
        tracker.begin(channelSpec(OperationName.Ready), op -> { }).answered(200, ok(), 7, t + 400);
        tracker.onNotification(stamped("Ready", 3), t + 410); // 3's own, late: 7, waiting, takes it
        assertThrows(java.util.concurrent.TimeoutException.class, () -> third.recorded().get(3, TimeUnit.SECONDS),
                "held past 5's hold: 7 took what could have been its own");
        long surplus = System.nanoTime();
        tracker.onNotification(stamped("Ready", 7), surplus); // 7's own: the chain's surplus
        assertEquals(surplus, third.recorded().get(3, TimeUnit.SECONDS), "the chain's surplus, not the stray's time");
        assertTrue(third.verdict().get().ambiguous());
        tracker.userEnded();
    }

    @Test
    void anAcceptShownByAnotherPartysParticipantsUpdatedBeforeAnyOtherIsHeldAndItsOwnLateOneFlagsIt()
            throws Exception {
        // Seen in AttributionAuditTest: an SMS Accept's own notifications came past its timeout; the supervisor's
        // barge-in, meanwhile, listed the agent Chatting. With no ParticipantsUpdated before it, the offer's list of
        // participants was not taken as the baseline, nothing showed that the supervisor was the news, and the Accept
        // was written at once, unflagged.
        long t = System.nanoTime();
        tracker.onNotification(offer(customer()), t);
        Watched accept = watched(timed(OperationName.Accept, 300), 1, t + 100);
        tracker.onNotification(participants(List.of(agent("Marat", "All"), customer(), agent("Sam", "All"))), t + 200);
        assertTrue(accept.verdict().get(1, TimeUnit.SECONDS).held(), "the supervisor changed too: held");
        tracker.onNotification(participants(List.of(agent("Marat", "All"), customer())), t + 900); // its own, late
        assertEquals(t + 900, accept.recorded().get(2, TimeUnit.SECONDS), "its own, late: the copy that shows it last");
        assertTrue(accept.verdict().get().ambiguous());

        // Its own first (no supervisor there): written at once, unflagged.
        tracker.onNotification(state("StatusChange", "Completed"), t + 1000);
        tracker.onNotification(offer(customer(), agent("Boris", "All")), t + 1100); // Boris there already
        CompletableFuture<OperationOutcome> alone = new CompletableFuture<>();
        tracker.begin(timed(OperationName.Accept, 300), alone::complete).answered(200, ok(), 2, t + 1200);
        tracker.onNotification(participants(List.of(agent("Marat", "All"), customer(), agent("Boris", "All"))), t + 1300);
        assertFalse(alone.get(1, TimeUnit.SECONDS).held(), "only the agent changed since the offer: not doubtful");
    }

    /** The chat offered: StatusChange Invited, listing who is there. */
    @SuppressWarnings("unchecked")
    @SafeVarargs
    private static Notification offer(Map<String, Object>... there) {
        Notification n = state("StatusChange", "Invited");
        ((Map<String, Object>) n.data().get("chat")).put("participants", List.of(there));
        return n;
    }

    /** A toggle and its own notification, not waited for (held when its content repeats an earlier one's). */
    private void toggle(OperationName op, long auditId, long t) {
        tracker.begin(channelSpec(op), o -> { }).answered(200, ok(), auditId, t);
        tracker.onNotification(stamped(op.name(), auditId), t + 10);
    }

    /** An operation on the chat (a channel toggle without one) with {@code millis} of timeout: held for twice that. */
    private static OperationSpec timed(OperationName op, long millis) {
        return OperationSpec.awaiting(op.name(), Duration.ofMillis(millis)).expecting(CompletionRules.of(op,
                Media.CHAT, op == OperationName.Ready || op == OperationName.NotReady ? null : CHAT, Map.of(), ME,
                Identity.UNKNOWN));
    }

    /** An operation's verdict, and the time its record was written at. */
    private record Watched(CompletableFuture<OperationOutcome> verdict, CompletableFuture<Long> recorded,
            CompletableFuture<Long> writtenAt) {
    }

    /**
     * Registers an operation answered at {@code t}, whose verdict, record time and the moment its record was
     * written ({@link System#nanoTime()}, when its hold ended) the test watches.
     */
    private Watched watched(OperationSpec spec, long auditId, long t) {
        Watched w = new Watched(new CompletableFuture<>(), new CompletableFuture<>(), new CompletableFuture<>());
        tracker.begin(spec, (OperationListener.Verdict) o -> {
            w.verdict().complete(o);
            o.record(null, (outcome, failure) -> {
                w.writtenAt().complete(System.nanoTime());
                w.recorded().complete(outcome.endNanos());
            });
        }).answered(200, ok(), auditId, t);
        return w;
    }

    /** Ready 1 then NotReady 2, each on its own notification: later toggles' content repeats theirs. */
    private void readyThenNotReady(long t) throws Exception {
        settle(channelSpec(OperationName.Ready), 1, stamped("Ready", 1), t);
        settle(channelSpec(OperationName.NotReady), 2, stamped("NotReady", 2), t + 100);
    }

    /** An operation of a 300 ms timeout: its hold, if any, ends 600 ms after it was sent. */
    private static OperationSpec held300(OperationName op) {
        return OperationSpec.awaiting(op.name(), Duration.ofMillis(300)).expecting(
                CompletionRules.of(op, Media.CHAT, null, Map.of(), ME, Identity.UNKNOWN));
    }

    /** One operation of a 40 ms timeout: its hold, if any, ends at 80 ms. */
    private static OperationSpec quick(OperationName op) {
        return OperationSpec.awaiting(op.name(), Duration.ofMillis(40)).expecting(
                CompletionRules.of(op, Media.CHAT, null, Map.of(), ME, Identity.UNKNOWN));
    }

    /** Registers an operation with its audit id, delivers {@code n}, and returns once its record is written. */
    private void settle(OperationSpec spec, long auditId, Notification n, long t) throws Exception {
        CompletableFuture<Long> recorded = new CompletableFuture<>();
        tracker.begin(spec, recording(recorded)).answered(200, ok(), auditId, t);
        tracker.onNotification(n, t + 50);
        recorded.get(2, TimeUnit.SECONDS);
    }

    @Test
    void aBargeInShownByTheAgentsLeavingIsFlaggedAndOneShownAloneIsNot() throws Exception {
        // AttributionAuditTest's case: the supervisor's own ParticipantsUpdated came late; the agent, seeing the
        // barge-in, wrote and completed, and the ParticipantsUpdated of its leaving listed the supervisor as barged
        // in too. Content shows the barge-in either way; the agent's absence says another change caused it.
        long t = System.nanoTime();
        tracker.onNotification(participants(List.of(agent("Anna", "All"), customer(), agent("Marat", "Supervisors"))),
                t);
        CompletableFuture<OperationOutcome> alone = new CompletableFuture<>();
        tracker.begin(spec(OperationName.SwitchToBargeIn, Map.of()), alone::complete).answered(200, ok(), t + 100);
        tracker.onNotification(participants(List.of(agent("Anna", "All"), customer(), agent("Marat", "All"))), t + 200);
        OperationOutcome own = alone.get(1, TimeUnit.SECONDS);
        assertFalse(own.held() || own.ambiguous(), "only the barge-in changed: written at once, not flagged");

        tracker.onNotification(participants(List.of(agent("Anna", "All"), customer(), agent("Marat", "Supervisors"))),
                t + 300);
        CompletableFuture<OperationOutcome> byOther = new CompletableFuture<>();
        tracker.begin(spec(OperationName.SwitchToBargeIn, Map.of()), byOther::complete).answered(200, ok(), t + 400);
        tracker.onNotification(participants(List.of(customer(), agent("Marat", "All"))), t + 500);
        OperationOutcome other = byOther.get(1, TimeUnit.SECONDS);
        assertTrue(other.held(), "shown by the agent's leaving too: held for attribution");
        tracker.userEnded(); // the hold ends early: written flagged
        assertTrue(other.ambiguous());
        assertEquals(1, collector.accounting().snapshot().ambiguous());

        // A change that came in a notification of its own while the operation waited is no longer news: a guest
        // joined, then the barge-in's own ParticipantsUpdated lists the guest too.
        tracker.onNotification(participants(List.of(agent("Anna", "All"), customer(), agent("Marat", "Supervisors"))),
                t + 600);
        CompletableFuture<OperationOutcome> later = new CompletableFuture<>();
        tracker.begin(spec(OperationName.SwitchToBargeIn, Map.of()), later::complete).answered(200, ok(), t + 700);
        tracker.onNotification(participants(List.of(agent("Anna", "All"), customer(), agent("Marat", "Supervisors"),
                agent("Boris", "All"))), t + 800);
        tracker.onNotification(participants(List.of(agent("Anna", "All"), customer(), agent("Marat", "All"),
                agent("Boris", "All"))), t + 900);
        OperationOutcome afterNews = later.get(1, TimeUnit.SECONDS);
        assertFalse(afterNews.held() || afterNews.ambiguous(), "the guest was known before: not doubtful");
    }

    @Test
    void anInviteeShownByAParticipantsUpdatedWhereSomeoneElseLeftTooIsHeld() throws Exception {
        long t = System.nanoTime();
        Identity anna = new Identity(null, "Anna");
        OperationSpec invite = OperationSpec.awaiting("Invite", Duration.ofSeconds(5)).expecting(
                CompletionRules.of(OperationName.Invite, Media.CHAT, CHAT, Map.of(), ME, anna));
        tracker.onNotification(participants(List.of(agent("Marat", "All"), customer(), agent("Boris", "All"))), t);
        CompletableFuture<OperationOutcome> alone = new CompletableFuture<>();
        tracker.begin(invite, alone::complete).answered(200, ok(), t + 100);
        tracker.onNotification(participants(List.of(agent("Marat", "All"), customer(), agent("Boris", "All"),
                agent("Anna", "All"))), t + 200);
        OperationOutcome own = alone.get(1, TimeUnit.SECONDS);
        assertFalse(own.held() || own.ambiguous(), "only the invitee joined: written at once, not flagged");

        tracker.onNotification(participants(List.of(agent("Marat", "All"), customer(), agent("Boris", "All"))), t + 300);
        CompletableFuture<OperationOutcome> byOther = new CompletableFuture<>();
        tracker.begin(invite, byOther::complete).answered(200, ok(), t + 400);
        tracker.onNotification(participants(List.of(agent("Marat", "All"), customer(), agent("Anna", "All"))), t + 500);
        assertTrue(byOther.get(1, TimeUnit.SECONDS).held(), "Boris left in the same notification: held");
        tracker.userEnded();
    }

    private static Notification participants(List<Map<String, Object>> list) {
        Notification n = state("ParticipantsUpdated", "Chatting");
        @SuppressWarnings("unchecked")
        Map<String, Object> chat = (Map<String, Object>) n.data().get("chat");
        chat.put("participants", list);
        return Notification.of("/v2/me/chats", n.data());
    }

    private static Map<String, Object> agent(String nickname, String visibility) {
        return Map.of("participantId", "p-" + nickname, "type", "Agent", "nickname", nickname, "visibility", visibility);
    }

    private static Map<String, Object> customer() {
        return Map.of("participantId", "p-customer", "type", "Customer", "nickname", "Customer", "visibility", "All");
    }

    /** A channel notification the simulator stamped as caused by operation {@code cause}. */
    private static Notification stamped(String state, long cause) {
        return Notification.of("/v2/me/channels", channel(state).data(), new long[] {cause});
    }

    // ---- notifications as GWS shows them ----

    private static OperationResponse ok() {
        return new OperationResponse(0, null, null);
    }

    private static OperationSpec spec(OperationName op, Map<String, ?> params) {
        return OperationSpec.awaiting(op.name(), Duration.ofSeconds(5))
                .expecting(CompletionRules.of(op, Media.CHAT, CHAT, params, ME, Identity.UNKNOWN));
    }

    private static OperationSpec channelSpec(OperationName op) {
        return OperationSpec.awaiting(op.name(), Duration.ofSeconds(5))
                .expecting(CompletionRules.of(op, Media.CHAT, null, Map.of(), ME, Identity.UNKNOWN));
    }

    private static Notification channel(String state) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageType", "ChannelStateChangeMessageV2");
        data.put("channels", List.of(Map.of("channel", "chat", "dndState", "Off",
                "userState", Map.of("id", "9430250E", "displayName", state, "state", state))));
        return Notification.of("/v2/me/channels", data);
    }

    private static Notification state(String type, String state) {
        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("id", CHAT);
        chat.put("state", state);
        chat.put("participants", List.of());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageType", "ChatStateChangeMessage");
        data.put("notificationType", type);
        data.put("chat", chat);
        return Notification.of("/v2/me/chats", data);
    }

    private static Notification properties(Long ref, Map<String, Object> userData) {
        Notification n = state("PropertiesUpdated", "Chatting");
        @SuppressWarnings("unchecked")
        Map<String, Object> chat = (Map<String, Object>) n.data().get("chat");
        chat.put("userData", userData);
        if (ref != null) {
            n.data().put("referenceId", ref);
        }
        return Notification.of("/v2/me/chats", n.data());
    }

    private static Map<String, Object> entry(int index, String text) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("index", index);
        e.put("type", "Text");
        e.put("text", text);
        e.put("from", Map.of("nickname", "Marat", "type", "Agent"));
        e.put("visibility", "All");
        return e;
    }

    @SafeVarargs
    private static Notification transcript(Map<String, Object>... entries) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageType", "MessageLogUpdated");
        data.put("notificationType", "NewMessages");
        data.put("chatUri", "http://gws/api/v2/chats/" + CHAT);
        data.put("messages", List.of(entries));
        return Notification.of("/v2/me/chats", data);
    }
}
