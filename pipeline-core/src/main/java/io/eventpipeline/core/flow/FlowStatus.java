package io.eventpipeline.core.flow;

/** Where a flow stands. The last three are final. */
public enum FlowStatus {
    /** Doing its steps in order. */
    RUNNING,
    /** A step failed; undoing the completed steps in reverse order. */
    COMPENSATING,
    /** Every step done. */
    COMPLETED,
    /** A step failed and there was nothing to undo, or undoing failed. */
    FAILED,
    /** A step failed and every completed step was undone. */
    COMPENSATED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == COMPENSATED;
    }
}
