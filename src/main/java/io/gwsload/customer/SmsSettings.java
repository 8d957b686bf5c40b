package io.gwsload.customer;

import java.time.Duration;
import java.util.Objects;

/**
 * The harness's SMSC, which Genesys SMS Server binds to as an ESME over SMPP v3.4, and the numbers of the simulated
 * mobile customers.
 *
 * @param port           the port the SMSC listens on (SMS Server's {@code x-smpp-port}); 0: any free port (the
 *                       embedded simulator is told which)
 * @param systemId       the {@code system_id} SMS Server binds with ({@code x-smpp-system-id})
 * @param password       its {@code password}; null: any password is accepted
 * @param serviceNumber  the number customers text (the {@code destination_addr} of their messages)
 * @param firstNumber    the first customer's number; each further customer gets the next one
 * @param bindTimeout    how long, before load, the run waits for SMS Server to bind
 * @param requestTimeout how long a {@code deliver_sm} waits for its {@code deliver_sm_resp}
 * @param sameClock      whether SMS Server is the embedded simulator in this JVM (its ground truth is then used)
 */
public record SmsSettings(int port, String systemId, String password, String serviceNumber, String firstNumber,
        Duration bindTimeout, Duration requestTimeout, boolean sameClock) {

    /** SMPP's usual port, where a lab's SMS Server is pointed unless told otherwise. */
    public static final int DEFAULT_PORT = 2775;

    public SmsSettings {
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(serviceNumber, "serviceNumber");
        Objects.requireNonNull(firstNumber, "firstNumber");
        Objects.requireNonNull(bindTimeout, "bindTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the SMSC's port must be 0 to 65535, got " + port);
        }
        if (!firstNumber.matches("\\d{3,18}")) {
            throw new IllegalArgumentException("the first customer number must be 3 to 18 digits, got '" + firstNumber
                    + "'");
        }
    }

    /** Without the password: it is never printed. */
    @Override
    public String toString() {
        return "SmsSettings[port=" + port + ", systemId=" + systemId + ", password=" + (password == null ? "(any)"
                : "(set)") + ", serviceNumber=" + serviceNumber + ", firstNumber=" + firstNumber + "]";
    }
}
