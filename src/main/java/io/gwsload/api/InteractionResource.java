package io.gwsload.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A chat or SMS session as seen by one agent: the {@code chat} / {@code smssession} object of
 * state-change notifications and of {@code GET /api/v2/me/chats} (docs/gws-api.md §4, §6).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InteractionResource(String id, String uri, String path, String state, String chatType,
        String receivedDate, List<String> capabilities, List<Participant> participants,
        Map<String, Object> userData, String comment) {
}
