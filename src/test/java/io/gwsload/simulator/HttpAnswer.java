package io.gwsload.simulator;

import java.util.Map;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpFields;

import io.gwsload.api.Json;

/** An HTTP response as tests look at it. */
record HttpAnswer(int status, HttpFields headers, String text) {

    static HttpAnswer of(ContentResponse r) {
        return new HttpAnswer(r.getStatus(), r.getHeaders(), r.getContentAsString());
    }

    Map<String, Object> json() {
        return Json.readMap(text);
    }

    int statusCode() {
        return ((Number) json().get("statusCode")).intValue();
    }

    String statusMessage() {
        return (String) json().get("statusMessage");
    }

    boolean hasReferenceId() {
        return text.startsWith("{") && json().get("referenceId") instanceof Number;
    }

    long referenceId() {
        Object r = json().get("referenceId");
        if (!(r instanceof Number n)) {
            throw new AssertionError("no referenceId in " + text);
        }
        return n.longValue();
    }

    String header(String name) {
        return headers.get(name);
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + text;
    }
}
