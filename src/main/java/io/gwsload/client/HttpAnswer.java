package io.gwsload.client;

import java.util.Map;

import io.gwsload.api.Json;

/** A read HTTP answer: status and body text, with the GWS JSON body parsed on demand. */
public record HttpAnswer(int status, String body) {

    /** The body as a JSON object; throws {@link IllegalArgumentException} when it is not one. */
    public Map<String, Object> json() {
        return Json.readMap(body);
    }

    /** The first {@code max} characters of the body on one line, for error messages. */
    public String snippet(int max) {
        String s = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
