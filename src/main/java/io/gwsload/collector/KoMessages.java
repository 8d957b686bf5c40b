package io.gwsload.collector;

import java.util.regex.Pattern;

/**
 * KO messages as reports group them. A message names the referenceId it is about ("no notification
 * for referenceId 42 within 300 ms"), which is right for one operation but would make every timeout a
 * row of its own in Gatling's error table; grouped, the id reads N.
 */
public final class KoMessages {
    private static final Pattern REFERENCE_ID = Pattern.compile("referenceId \\d+");

    private KoMessages() {
    }

    public static String grouped(String message) {
        return message == null ? null : REFERENCE_ID.matcher(message).replaceAll("referenceId N");
    }
}
