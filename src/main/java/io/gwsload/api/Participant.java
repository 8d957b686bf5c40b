package io.gwsload.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A participant of a chat or SMS session. {@code type} is {@code Customer}, {@code Agent} or
 * {@code External}; {@code visibility} is {@code All}, {@code Agents} or {@code Supervisors}
 * (docs/gws-api.md §6).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Participant(String participantId, String type, String nickname, String uri, String path,
        String visibility) {
}
