package io.gwsload.collector;

/** How an operation that ended OK was recognised, counted per request name. */
public enum CompletedBy {
    /** The notification carried the operation's referenceId; no effect rule confirmed it. */
    REFERENCE_ID("referenceId"),
    /** The notification showed the operation's effect, without the operation's referenceId. */
    EFFECT("effect"),
    /** The notification carried the referenceId and showed the effect. */
    BOTH("both"),
    /** No notification was awaited: the HTTP answer ended the operation. */
    HTTP("http");

    private final String label;

    CompletedBy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
