package io.walkback.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.walkback.contract.BacktrackKind;
import io.walkback.contract.ContestedClaim;
import io.walkback.contract.Match;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Claims printed on a terminal")
class ClaimLinesTest {

    @Test
    @DisplayName("Feed text cannot drive the terminal: escape sequences and bidirectional overrides print as U+FFFD")
    void controlCharactersAreShownNotSent() {
        Instant at = Instant.parse("2014-10-14T18:30:00Z");
        ContestedClaim claim = new ContestedClaim(1, "a", "b", "t", List.of("RUS", "USA"), "USA\u001b]0;owned\u0007",
                "RUS", BacktrackKind.WALK_BACK, at, at.plus(Duration.ofHours(42)), Duration.ofHours(42).toMillis(),
                Duration.ofHours(42), "Deal agreed\u001b[2J\u001b[31m", "No \u202Edeal", null, null,
                new Match(Match.REFERENCE, 1.0, List.of()));

        String printed = ClaimLines.describe(claim);

        assertThat(printed).isEqualTo("""
                2014-10-14 18:30  USA\uFFFD]0;owned\uFFFD announced: "Deal agreed\uFFFD[2J\uFFFD[31m"
                                  RUS walk back after 1d 18h (2014-10-16 12:30): "No \uFFFDdeal"
                                  matched by reference""");
    }
}
