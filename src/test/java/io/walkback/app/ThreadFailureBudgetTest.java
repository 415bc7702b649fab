package io.walkback.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A failed stream thread is replaced, unless threads keep failing")
class ThreadFailureBudgetTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    @DisplayName("Failures spread out are all replaced; the fifth within ten minutes shuts the client down")
    void fifthFailureWithinThePeriodStops() {
        ThreadFailureBudget budget = new ThreadFailureBudget(5, Duration.ofMinutes(10));
        long t = 1_000 * SECOND;
        for (int i = 0; i < 4; i++) {
            assertThat(budget.replaceAfterFailureAt(t + i * 7 * SECOND)).as("failure %d", i + 1).isTrue();
        }
        assertThat(budget.replaceAfterFailureAt(t + 28 * SECOND)).as("failure 5, 28 s after the first").isFalse();
    }

    @Test
    @DisplayName("Old failures fall out of the period: one an hour is replaced forever")
    void oldFailuresExpire() {
        ThreadFailureBudget budget = new ThreadFailureBudget(5, Duration.ofMinutes(10));
        for (int hour = 0; hour < 20; hour++) {
            assertThat(budget.replaceAfterFailureAt(hour * 3_600 * SECOND)).isTrue();
        }
    }
}
