package io.gwsload.gatling;

import io.gwsload.api.Notification;

import java.util.List;
import java.util.Map;

/**
 * Why an offer came, as far as the offer itself shows it. GWS's offer (a StatusChange to Invited) carries no
 * field saying why (docs/gws-api.md §6); what it can show is who is already in the interaction: nobody but the
 * customer for a routed contact, one or more agents for an invitation to a conference, a consultation, a
 * supervisor's Intrude, or a contact transferred by an agent still in it. To tell those apart, a scenario uses
 * its own pairing (who invited whom).
 *
 * <p>This relies on the offer listing the participants already in, which the embedded simulator does and the
 * documentation's samples do not show either way: on a GWS whose offers list nobody, every offer reads as
 * {@link #ROUTED}. Check one offer of your GWS ({@code awaitOffer(media).check(participants()...)}) before
 * building a scenario on the kind.
 */
public enum OfferKind {
    /** A contact routed to this agent: no agent is in the interaction yet. */
    ROUTED,
    /** An invitation into an interaction an agent already handles: Invite, Consult or Intrude. */
    JOIN,
    /** Either. */
    ANY;

    boolean matches(Notification offer) {
        if (this == ANY) {
            return true;
        }
        boolean agentInside = false;
        Map<String, Object> object = offer.interactionObject();
        if (object != null && object.get("participants") instanceof List<?> participants) {
            for (Object p : participants) {
                if (p instanceof Map<?, ?> m && "Agent".equals(m.get("type"))) {
                    agentInside = true;
                    break;
                }
            }
        }
        return agentInside == (this == JOIN);
    }
}
