package io.walkback.topology;

import io.walkback.contract.ContestedClaim;

/**
 * What the topology tells the outside world as it processes, for metrics. Called on stream threads; an
 * implementation must be thread-safe and cheap. Under exactly-once a task that aborts and retries may
 * report a record twice: these are operational counts, the topics are the record of truth.
 */
public interface TopologyEvents {

    TopologyEvents NONE = new TopologyEvents() { };

    /** A record of {@code stream} ("announcements" or "backtracks") was read and passed the contract. */
    default void read(String stream) {
    }

    /** A record of {@code stream} was sent to the dead-letter topic, for {@code reason} (a short category). */
    default void deadLettered(String stream, String reason) {
    }

    /** A record of {@code stream} arrived after every window it could join had closed, and was dropped. */
    default void droppedLate(String stream) {
    }

    /** A contested claim is about to be written. */
    default void contested(ContestedClaim claim) {
    }

    /** An announcement's window closed without a backtrack. */
    default void stood() {
    }

    /**
     * How many backtracks task {@code taskId} holds that wait for their verdict (similarity matching: until stream
     * time passes them, or the task idles); 0 when the task closes. Caught up means lag 0 and none waiting.
     */
    default void verdictsWaiting(String taskId, int waiting) {
    }
}
