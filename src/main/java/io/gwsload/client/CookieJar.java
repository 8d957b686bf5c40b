package io.gwsload.client;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpHeader;

/**
 * Cookies a server set, kept as the one Cookie header that sends them back ({@code a=1; b=2}): an agent's REST
 * cookies, or those a CometD server set on one CometD client (its {@code BAYEUX_BROWSER}). One string, not parsed
 * cookies (Jetty's cookie store cost about 1.5 KiB per agent); cookies change seldom, so the string is read again
 * when one does. A new CometD client after a login again starts with a jar of its own, empty, as a browser tab that
 * was closed would: the server binds a session to its browser cookie and lets one long-poll per browser.
 */
final class CookieJar {
    /** Between two cookies of a header; compiled once ({@code String.split("; ")} compiled it on every request). */
    private static final Pattern PAIRS = Pattern.compile("; ", Pattern.LITERAL);
    /** The Cookie header, null when there is no cookie; written under this. */
    private volatile String header;
    /** The last merge with another jar's header: every CometD request asks for it, and cookies change seldom. */
    private volatile Merged merged;

    private record Merged(String own, String other, String header) {
    }

    /** Takes one {@code Set-Cookie} header: its {@code name=value}, or the cookie dropped when it is set to expire. */
    synchronized void take(String setCookie) {
        int semicolon = setCookie.indexOf(';');
        String pair = (semicolon < 0 ? setCookie : setCookie.substring(0, semicolon)).trim();
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        boolean expired = value.isEmpty() || setCookie.toLowerCase(Locale.ROOT).contains("max-age=0");
        StringBuilder sb = new StringBuilder();
        String current = header;
        if (current != null) {
            for (String kept : PAIRS.split(current)) {
                if (!kept.startsWith(name + "=")) {
                    sb.append(sb.length() == 0 ? "" : "; ").append(kept);
                }
            }
        }
        if (!expired) {
            sb.append(sb.length() == 0 ? "" : "; ").append(name).append('=').append(value);
        }
        header = sb.length() == 0 ? null : sb.toString();
    }

    /** Takes the {@code Set-Cookie} headers of an answer given as a map (names compared without case). */
    void take(Map<String, List<String>> headers) {
        headers.forEach((name, values) -> {
            if (HttpHeader.SET_COOKIE.is(name)) {
                values.forEach(this::take);
            }
        });
    }

    /** The value of cookie {@code name}, or null. */
    String get(String name) {
        String current = header;
        if (current == null) {
            return null;
        }
        for (String pair : PAIRS.split(current)) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** The Cookie header of these cookies; null when there are none. */
    String header() {
        return header;
    }

    /**
     * The Cookie header of {@code base}'s cookies and these, each name once (these win: a cookie a CometD answer set,
     * a load balancer's for example, over the REST answers' one of the same name); null when there are none.
     */
    String header(CookieJar base) {
        String own = header;
        String other = base.header();
        if (own == null || other == null) {
            return own == null ? other : own;
        }
        Merged last = merged;
        if (last != null && last.own == own && last.other == other) {
            return last.header;
        }
        StringBuilder sb = new StringBuilder();
        for (String pair : PAIRS.split(other)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!(own.startsWith(name + "=") || own.contains("; " + name + "="))) {
                sb.append(pair).append("; ");
            }
        }
        String result = sb.append(own).toString();
        merged = new Merged(own, other, result);
        return result;
    }
}
