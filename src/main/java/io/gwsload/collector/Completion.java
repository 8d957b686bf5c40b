package io.gwsload.collector;

import io.gwsload.collector.rules.CompletionRules;

/**
 * Which notifications may complete an operation: a per-step override of the completion rule
 * ({@link CompletionRules}). GWS gives a {@code referenceId} on some answers and notifications and not
 * on others (docs/gws-api.md §1), so the default uses both.
 */
public enum Completion {
    /**
     * The default: a notification carrying the operation's referenceId completes it when one comes;
     * otherwise its documented effect on its interaction (or channel) does.
     */
    AUTO,
    /** Only a notification carrying the referenceId of the HTTP answer; an answer without one is KO. */
    REFERENCE_ID,
    /** Only the effect; referenceIds are ignored (an Error notification still fails the operation). */
    EFFECT
}
