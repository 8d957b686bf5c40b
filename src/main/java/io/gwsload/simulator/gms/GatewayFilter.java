package io.gwsload.simulator.gms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

import io.gwsload.simulator.Knobs;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An API gateway in front of the customer APIs (GMS's Chat API and its CometD, GWS's Customer Chat API): with knob
 * {@code gmsGatewayHeaders} set, a request without each of its headers, or with another value, is refused with HTTP
 * 403 and a JSON message before it reaches the API, as AWS's API Gateway refuses a missing API key. Off by default.
 */
public final class GatewayFilter implements Filter {
    private final Supplier<Knobs> knobs;

    public GatewayFilter(Supplier<Knobs> knobs) {
        this.knobs = knobs;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException,
            ServletException {
        Map<String, String> required = knobs.get().gmsGatewayHeaders();
        if (!required.isEmpty() && request instanceof HttpServletRequest http
                && response instanceof HttpServletResponse answer) {
            for (Map.Entry<String, String> header : required.entrySet()) {
                if (!header.getValue().equals(http.getHeader(header.getKey()))) {
                    request.getInputStream().readAllBytes(); // refused unread, the connection could not be reused
                    answer.setStatus(HttpServletResponse.SC_FORBIDDEN);
                    answer.setContentType("application/json");
                    // The header's name only: its value may be a secret.
                    answer.getOutputStream().write(("{\"message\":\"The gateway refused the request: header "
                            + header.getKey() + " missing or wrong\"}").getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }
}
