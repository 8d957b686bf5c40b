package io.gwsload.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwsload.api.Json;
import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.OperationName;
import io.gwsload.collector.rules.CompletionRules;
import io.gwsload.collector.rules.ScopeState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/notifications.md shows, per operation, the request, the answer and the notification that completes
 * it. Here every operation has its section, every sample parses, and the collector's completion rule for
 * the operation (with the section's own request parameters) accepts the sample on a scope it knew nothing
 * of; an operation whose section shows no notification has no rule (only its HTTP row exists). So the page
 * cannot drift from {@link CompletionRules}.
 */
class DocumentedNotificationsTest {
    private static final Path PAGE = Path.of("docs", "notifications.md");
    private static final Identity AGENT = new Identity("4ff5b43c856d4cb2a3d6c20a88740257", "Agent1");
    private static final Identity INVITED = new Identity("6a0c5e0e1f2a4b3c8d9e0f1a2b3c4d5e", "Agent2");
    private static final Identity SUPERVISOR = new Identity("9b8f7e6d5c4b4a3928171615a4b3c2d1", "Super1");
    private static final Pattern SECTION = Pattern.compile("(?m)^## (\\w+)\\n");
    private static final Pattern PATH = Pattern.compile("sends `POST ([^`]+)`");
    private static final Pattern REQUEST = Pattern.compile("```request\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern SAMPLE = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void everyOperationHasASampleTheCompletionRuleAccepts() throws Exception {
        Map<OperationName, String> sections = sections(Files.readString(PAGE));
        Set<OperationName> missing = EnumSet.allOf(OperationName.class);
        missing.removeAll(sections.keySet());
        assertTrue(missing.isEmpty(), "docs/notifications.md has no section for " + missing);

        List<String> problems = new ArrayList<>();
        for (Map.Entry<OperationName, String> s : sections.entrySet()) {
            String problem = check(s.getKey(), s.getValue());
            if (problem != null) {
                problems.add(s.getKey() + ": " + problem);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aSampleOfAnotherOperationIsRefused() throws Exception {
        // The check above can fail: Accept's StatusChange to Chatting does not complete a Complete.
        Map<OperationName, String> sections = sections(Files.readString(PAGE));
        Notification accepted = sample(sections.get(OperationName.Accept));
        Expectation complete = CompletionRules.of(OperationName.Complete, Media.CHAT, accepted.interactionId(),
                Map.of(), AGENT, Identity.UNKNOWN);
        assertFalse(complete.effect().shownBy(accepted, new ScopeState()));
    }

    private static String check(OperationName op, String section) {
        Matcher path = PATH.matcher(section);
        Matcher request = REQUEST.matcher(section);
        if (!path.find() || !request.find()) {
            return "no request (a `POST path` and a request block)";
        }
        Map<String, Object> body = Json.readMap(request.group(1));
        if (!op.name().equals(body.get("operationName"))) {
            return "the request's operationName is " + body.get("operationName");
        }
        String[] segments = path.group(1).split("/");
        String last = segments[segments.length - 1];
        Media media = Media.fromChannelName(last).or(() -> segments.length > 1
                ? Media.fromPathSegment(segments[segments.length - 2]) : java.util.Optional.empty()).orElse(null);
        boolean onInteraction = op.target() == OperationName.Target.INTERACTION
                || op.target() == OperationName.Target.USER_INTERACTION;
        String interactionId = onInteraction ? last : null;
        Map<String, Object> parameters = new LinkedHashMap<>(body);
        parameters.remove("operationName");
        boolean bySupervisor = op.name().startsWith("SwitchTo") || op.target() == OperationName.Target.USER_CHANNEL
                || op.target() == OperationName.Target.USER_INTERACTION;
        Expectation rule = CompletionRules.of(op, media, interactionId, parameters,
                bySupervisor ? SUPERVISOR : AGENT, INVITED);
        Matcher sample = SAMPLE.matcher(section);
        if (!sample.find()) {
            return rule == null ? null : "no sample, yet gws-load waits for " + rule.description();
        }
        if (rule == null) {
            return "a sample, yet gws-load has no completion rule for it (only its HTTP answer counts)";
        }
        Notification n = sample(section);
        if (!rule.scope().equals(Expectation.scopeOf(n))) {
            return "the sample is on scope " + Expectation.scopeOf(n) + ", the rule looks at " + rule.scope();
        }
        return rule.effect().shownBy(n, new ScopeState()) ? null : "the rule (" + rule.description()
                + ") does not accept the sample";
    }

    private static Notification sample(String section) {
        Matcher m = SAMPLE.matcher(section);
        assertTrue(m.find(), "no sample");
        Map<String, Object> message = Json.readMap(m.group(1));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) message.get("data");
        assertNotNull(data, "a sample is a Bayeux message {channel, data}");
        return Notification.of((String) message.get("channel"), data);
    }

    private static Map<OperationName, String> sections(String page) {
        Map<OperationName, String> sections = new LinkedHashMap<>();
        Matcher m = SECTION.matcher(page);
        List<int[]> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
            names.add(m.group(1));
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : page.length();
            OperationName op = OperationName.valueOf(names.get(i));
            assertNull(sections.put(op, page.substring(starts.get(i)[1], end)), "two sections for " + op);
        }
        return sections;
    }
}
