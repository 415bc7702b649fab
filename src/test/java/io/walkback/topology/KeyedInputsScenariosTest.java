package io.walkback.topology;

import static io.walkback.topology.Events.kerryClaim;
import static io.walkback.topology.Events.moscowWalkBack;
import static org.assertj.core.api.Assertions.assertThat;

import io.walkback.contract.ContestedClaim;
import io.walkback.topology.matching.MatchMode;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Given inputs keyed by matching block (walkback.inputs.keyed-by-block), the matcher reads them directly")
class KeyedInputsScenariosTest {

    private ContestDriver walkback;

    @AfterEach
    void stop() {
        if (walkback != null) {
            walkback.close();
        }
    }

    @Test
    @DisplayName("Kerry's claim keyed by its claim key, Moscow's walk-back likewise: the same contested claim and lag")
    void keyedByClaimKey() {
        walkback = new ContestDriver(TopologySettings.defaults().withInputsKeyedByBlock(true));
        walkback.announce(kerryClaim()).report(moscowWalkBack());

        List<ContestedClaim> claims = walkback.contestedClaims();
        assertThat(claims).hasSize(1);
        assertThat(claims.get(0).announcementId()).isEqualTo("ann-kerry-2014-10-15");
        assertThat(claims.get(0).lag()).isEqualTo(Duration.parse("PT28H15M"));
        assertThat(claims.get(0).match().method()).isEqualTo("claim-key");
    }

    @Test
    @DisplayName("An announcement keyed by its id instead of its block is dead-lettered with the reason; the next good pair still matches")
    void wrongKeyIsDeadLettered() {
        walkback = new ContestDriver(TopologySettings.defaults().withInputsKeyedByBlock(true));
        walkback.announceKeyed("ann-kerry-2014-10-15", kerryClaim());

        List<TestRecord<byte[], byte[]>> deadLetters = walkback.deadLetters();
        assertThat(deadLetters).hasSize(1);
        assertThat(ContestDriver.header(deadLetters.get(0).headers(), DeadLetterScenariosTest.REASON))
                .contains("record key 'ann-kerry-2014-10-15' is not its matching block")
                .contains("walkback.inputs.keyed-by-block=true");
        assertThat(walkback.contestedClaims()).isEmpty();

        walkback.announce(kerryClaim()).report(moscowWalkBack());
        assertThat(walkback.contestedClaims()).extracting(ContestedClaim::announcementId)
                .containsExactly("ann-kerry-2014-10-15");
    }

    @Test
    @DisplayName("Similarity matching: every record under the one key, each copy matched in the same task")
    void similarityUnderOneKey() {
        ScriptedSimilarity scores = new ScriptedSimilarity();
        walkback = new ContestDriver(TopologySettings.defaults().withInputsKeyedByBlock(true)
                .withMatching(new MatchSettings(MatchMode.LEXICAL, 0.4, scores)));
        walkback.announce(kerryClaim()).report(moscowWalkBack()).settle();

        assertThat(walkback.contestedClaims()).extracting(ContestedClaim::announcementId)
                .containsExactly("ann-kerry-2014-10-15");
        assertThat(walkback.deadLetters()).isEmpty();
    }
}
