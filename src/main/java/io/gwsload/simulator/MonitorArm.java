package io.gwsload.simulator;

import io.gwsload.api.Media;

/**
 * A supervisor's armed monitoring of one agent on one media: the next (or every) interaction the
 * agent accepts is offered to the supervisor, who joins it in {@code mode}.
 */
record MonitorArm(Agent supervisor, Media media, SupervisorMode mode, boolean allChats, String nickname) {
}
