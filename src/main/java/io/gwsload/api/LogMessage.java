package io.gwsload.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One entry of a chat or SMS transcript, as carried by {@code MessageLogUpdated}: {@code type} is
 * {@code Text}, {@code ParticipantJoined}, {@code ParticipantLeft}, {@code ParticipantRejoined},
 * {@code TypingStarted}, {@code TypingStopped}, {@code PushUrl}, {@code Notice},
 * {@code CustomNotice}... ; {@code timestampSeconds} is epoch milliseconds despite its name
 * (docs/gws-api.md §6).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LogMessage(Integer index, String type, String text, String url, String noticeText,
        String visibility, String timestamp, Long timestampSeconds, Participant from) {
}
