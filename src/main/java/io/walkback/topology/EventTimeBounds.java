package io.walkback.topology;

import io.walkback.contract.InvalidEventException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The event times Walkback accepts. Stream time only moves forward, so one record stamped in year 9999
 * would make every later record "late" and silently end all matching: such records are dead-lettered
 * instead. Times before the Unix epoch cannot be Kafka timestamps at all.
 */
public record EventTimeBounds(Duration maxAheadOfNow, Clock clock) {

    public static final Instant EARLIEST = Instant.EPOCH;

    public void check(String field, Instant eventTime) {
        if (eventTime.isBefore(EARLIEST)) {
            throw new InvalidEventException(
                    "field '" + field + "' is " + eventTime + ", before the earliest accepted time " + EARLIEST);
        }
        Instant latest = clock.instant().plus(maxAheadOfNow);
        if (eventTime.isAfter(latest)) {
            throw new InvalidEventException("field '" + field + "' is " + eventTime
                    + ", more than " + maxAheadOfNow + " ahead of the processor's clock");
        }
    }
}
