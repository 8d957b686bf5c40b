package io.gwsload.simulator.model;

import io.gwsload.api.Media;

/**
 * A supervisor's armed monitoring of one agent on one media: the supervisor joins the next (or
 * every) interaction the agent accepts in {@code mode}, added at once or offered first
 * ({@code monitoredDelivery}).
 */
public record MonitorArm(Agent supervisor, Media media, SupervisorMode mode, boolean allChats, String nickname) {
}
