package io.gwsload.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The JSONPath subset checks use, on a notification shaped like the documentation's samples. */
class JsonPathTest {
    private final Map<String, Object> data = Json.readMap("""
            {"messageType":"SMSsessionStateChangeMessage","notificationType":"ParticipantsUpdated","referenceId":7,
             "smssession":{"id":"0001Da9PFC93000S","state":"Chatting",
               "participants":[{"nickname":"test_agent","type":"Agent","visibility":"All"},
                               {"nickname":"test_supervisor","type":"Agent","visibility":"All"},
                               {"nickname":"test_clientL","type":"Customer","visibility":"All"}]},
             "messages":[{"index":4,"type":"ParticipantRejoined","from":{"type":"Agent"}},
                         {"index":5,"type":"Text","from":{"type":"Customer"}}]}""");

    @Test
    void selectsFieldsIndexesWildcardsDeepScansAndFilters() {
        assertEquals(List.of("Chatting"), select("$.smssession.state"));
        assertEquals(List.of("Chatting"), select("smssession.state"));
        assertEquals(List.of("0001Da9PFC93000S"), select("$['smssession']['id']"));
        assertEquals(List.of("test_supervisor"), select("$.smssession.participants[1].nickname"));
        assertEquals(List.of("test_clientL"), select("$.smssession.participants[-1].nickname"));
        assertEquals(3, select("$.smssession.participants[*].nickname").size());
        assertEquals(List.of("test_agent", "test_supervisor"),
                select("$.smssession.participants[?(@.type == 'Agent')].nickname"));
        assertEquals(List.of("test_clientL"), select("$.smssession.participants[?(@.type != \"Agent\")].nickname"));
        assertEquals(List.of(5), select("$.messages[?(@.type == 'Text')][?(@.from.type == 'Customer')].index"));
        assertEquals(List.of(), select("$.messages[?(@.type == 'Text')][?(@.from.type == 'Agent')]"));
        assertEquals(List.of(4), select("$.messages[?(@.index == 4)].index"), "numbers compare as numbers");
        assertEquals(7, select("$..type").size(), "deep scan finds every type: 3 participants, 2 messages, 2 senders");
        assertEquals(List.of(), select("$.chat.state"), "absent: nothing, not an error");
    }

    @Test
    void aMalformedExpressionSaysWhereAndWhat() {
        assertEquals("Invalid JSONPath '$.chat[' at 8: expected an index, '*', a quoted name or a filter, found the end",
                assertThrows(IllegalArgumentException.class, () -> JsonPath.compile("$.chat[")).getMessage());
        assertEquals("Invalid JSONPath '$.a[?(@.b == bogus)]' at 14: expected a quoted string, a number, true, false or "
                + "null, got 'bogus'",
                assertThrows(IllegalArgumentException.class, () -> JsonPath.compile("$.a[?(@.b == bogus)]")).getMessage());
    }

    private List<Object> select(String path) {
        return JsonPath.compile(path).select(data);
    }
}
