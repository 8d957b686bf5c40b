package io.gwsload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Ramps computed from parameters never fall under the second below which Gatling 3.15 injects nobody. */
class ParamsTest {
    @Test
    void aRampIsAtLeastOneSecond() {
        assertEquals(Duration.ofSeconds(1), Params.ramp(Duration.ofMillis(250)));
        assertEquals(Duration.ofMillis(2500), Params.ramp(Duration.ofMillis(2500)));
        // 4 agents at the default 50 logins/s would ramp over 80 ms, and nobody would log in.
        assertEquals(Duration.ofSeconds(1), Params.loginRamp(4, Duration.ZERO));
    }
}
