package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import io.gatling.javaapi.core.Simulation;

/** For {@link SessionExpiryTest}: agents whose session GWS ended log out at once (the logout meets the dead session). */
public class LogoutAfterExpirySimulation extends Simulation {
    {
        setUp(scenario("Agents leaving after their session ended")
                .exec(gws("Login").login().channels(CHAT), gws("Ready").ready(CHAT),
                        gws("Expire").expireSession("#{gwsUsername}"),
                        gws("Logout").logout())
                .injectOpen(atOnceUsers(2)))
                .protocols(gws().channels(CHAT));
    }
}
