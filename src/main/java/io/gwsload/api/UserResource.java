package io.gwsload.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The {@code user} object of {@code GET /api/v2/me} (docs/gws-api.md §2). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserResource(String id, String userName, String firstName, String lastName, List<String> roles,
        String uri, String path) {

    public boolean isSupervisor() {
        return roles != null && roles.contains("ROLE_SUPERVISOR");
    }
}
