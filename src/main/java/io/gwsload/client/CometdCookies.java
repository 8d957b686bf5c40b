package io.gwsload.client;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;

/**
 * The cookies the CometD server sets on one CometD client (its {@code BAYEUX_BROWSER}), kept as one header
 * fragment instead of in the client's cookie store (whose parsed cookies cost about 1.5 KiB per agent). They live
 * as long as that client: a new CometD session after a login again starts without them, as a browser tab that was
 * closed would, because the server binds a session to its browser cookie and lets one long-poll per browser.
 */
final class CometdCookies {
    private volatile String pairs;

    /** Takes the {@code Set-Cookie} headers of a CometD answer (names compared without case). */
    void take(Map<String, List<String>> headers) {
        headers.forEach((name, values) -> {
            if (HttpHeader.SET_COOKIE.is(name)) {
                values.forEach(this::take);
            }
        });
    }

    private synchronized void take(String setCookie) {
        int semicolon = setCookie.indexOf(';');
        String pair = (semicolon < 0 ? setCookie : setCookie.substring(0, semicolon)).trim();
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = pair.substring(0, eq).trim();
        boolean expired = pair.length() == eq + 1 || setCookie.toLowerCase(Locale.ROOT).contains("max-age=0");
        StringBuilder sb = new StringBuilder();
        String current = pairs;
        if (current != null) {
            for (String kept : current.split("; ")) {
                if (!kept.startsWith(name + "=")) {
                    sb.append(sb.length() == 0 ? "" : "; ").append(kept);
                }
            }
        }
        if (!expired) {
            sb.append(sb.length() == 0 ? "" : "; ").append(name).append('=').append(pair.substring(eq + 1).trim());
        }
        pairs = sb.length() == 0 ? null : sb.toString();
    }

    /**
     * The Cookie header for a CometD request: the agent's own cookies, then these, each name once (a cookie the CometD
     * answers set, a load balancer's for example, wins over the REST answers' one of the same name); null when there
     * are none.
     */
    String header(String agentCookies) {
        String own = pairs;
        if (own == null) {
            return agentCookies;
        }
        if (agentCookies == null) {
            return own;
        }
        StringBuilder sb = new StringBuilder();
        for (String pair : agentCookies.split("; ")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!(own.startsWith(name + "=") || own.contains("; " + name + "="))) {
                sb.append(pair).append("; ");
            }
        }
        return sb.append(own).toString();
    }
}
