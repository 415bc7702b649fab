package io.walkback.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides whether a failed stream thread is worth replacing. A thread that fails once (a broker that
 * went away, a transient state error) is replaced; one that keeps failing has hit something a new
 * thread in the same JVM cannot fix (seen: a RocksDB lock held by a half-opened store), and then the
 * process should stop so that its supervisor restarts it, instead of looping forever while looking alive.
 */
final class ThreadFailureBudget {

    static final int DEFAULT_FAILURES = 5;
    static final Duration DEFAULT_PERIOD = Duration.ofMinutes(10);

    private final int failures;
    private final long periodNanos;
    private final Deque<Long> recent = new ArrayDeque<>();

    ThreadFailureBudget(int failures, Duration period) {
        this.failures = failures;
        this.periodNanos = period.toNanos();
    }

    /** Records a failure at {@code nanoTime}; true while fewer than the budget fell within the period. */
    synchronized boolean replaceAfterFailureAt(long nanoTime) {
        recent.addLast(nanoTime);
        while (nanoTime - recent.peekFirst() > periodNanos) {
            recent.removeFirst();
        }
        return recent.size() < failures;
    }

    int failures() {
        return failures;
    }

    Duration period() {
        return Duration.ofNanos(periodNanos);
    }
}
