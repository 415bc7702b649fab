package io.walkback.topology;

import static io.walkback.topology.Events.announcement;
import static io.walkback.topology.Events.backtrack;
import static org.assertj.core.api.Assertions.assertThat;

import io.walkback.contract.BacktrackKind;
import io.walkback.contract.ClaimStatus;
import io.walkback.contract.ContestedClaim;
import io.walkback.contract.Match;
import io.walkback.topology.matching.MatchMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rules of similarity matching, with scores set by the scenario (see {@link ScriptedSimilarity}): which
 * announcements a backtrack may contest (its parties), which of those it does contest (score and rank), and how
 * each contest explains itself. Minimum score 0.40 throughout.
 */
@DisplayName("Similarity matching: candidates by party, scored by text, every match explained")
class SimilarityMatchingScenariosTest {

    private static final double MIN_SCORE = 0.40;
    private static final String TRUCE = "Ceasefire agreed in the east";
    private static final String DENIAL = "No truce was ever settled";
    private final ScriptedSimilarity scores = new ScriptedSimilarity();
    private ContestDriver walkback;

    private ContestDriver start() {
        walkback = new ContestDriver(TopologySettings.defaults()
                .withMatching(new MatchSettings(MatchMode.LEXICAL, MIN_SCORE, scores)));
        return walkback;
    }

    @AfterEach
    void stop() {
        if (walkback != null) {
            walkback.close();
        }
    }

    private static List<String> pairs(List<ContestedClaim> claims) {
        return claims.stream().map(c -> c.announcementId() + "<-" + c.backtrackId()).toList();
    }

    @Test
    @DisplayName("Worded differently, same parties: the backtrack contests the announcement, and says why (method, score, terms)")
    void differentWordsMatch() {
        scores.score(TRUCE, DENIAL, 0.72);
        start().announce(announcement("a-truce", "2019-03-01T10:00:00Z", "UKR", List.of("RUS"), TRUCE, "agreed"))
                .report(backtrack("b-denial", "2019-03-02T12:00:00Z", "RUS", List.of("UKR"), DENIAL, "never",
                        BacktrackKind.DENIAL, null));

        List<ContestedClaim> claims = walkback.settle().contestedClaims();
        assertThat(pairs(claims)).containsExactly("a-truce<-b-denial");
        assertThat(claims.get(0).match()).isEqualTo(new Match(Match.SIMILARITY, 0.72, List.of("scripted")));
        assertThat(claims.get(0).lagMillis()).isEqualTo(26 * 3_600_000L);
        ClaimStatus status = walkback.settle().claimStatus().get("a-truce");
        assertThat(status.status()).isEqualTo(ClaimStatus.Status.CONTESTED);
        assertThat(status.lastMatch()).isEqualTo(claims.get(0).match());
    }

    @Test
    @DisplayName("Party blocking: a backtrack whose actor is not a party of the announcement contests nothing, however similar")
    void actorNotAPartyIsNoCandidate() {
        scores.score(TRUCE, DENIAL, 0.95);
        start().announce(announcement("a-truce", "2019-03-01T10:00:00Z", "UKR", List.of("RUS"), TRUCE, "agreed"))
                .report(backtrack("b-third", "2019-03-02T12:00:00Z", "FRA", List.of("UKR"), DENIAL, "never",
                        BacktrackKind.DENIAL, null));
        assertThat(walkback.settle().contestedClaims()).isEmpty();
    }

    @Test
    @DisplayName("Party blocking: counterparts that are none of the announcement's parties rule it out; no counterparts at all do not")
    void counterpartsMustOverlapWhenNamed() {
        scores.score(TRUCE, DENIAL, 0.80);
        start().announce(announcement("a-truce", "2019-03-01T10:00:00Z", "UKR", List.of("RUS"), TRUCE, "agreed"))
                .report(backtrack("b-disjoint", "2019-03-02T12:00:00Z", "RUS", List.of("TUR", "SYR"), DENIAL, "never",
                                BacktrackKind.DENIAL, null),
                        backtrack("b-nobody", "2019-03-03T12:00:00Z", "RUS", List.of(), DENIAL, "never",
                                BacktrackKind.DENIAL, null));
        assertThat(pairs(walkback.settle().contestedClaims())).containsExactly("a-truce<-b-nobody");
    }

    @Test
    @DisplayName("Threshold bounds: a score exactly at min-score contests, one a thousandth below does not")
    void thresholdBounds() {
        scores.score("at", DENIAL, MIN_SCORE).score("below", "other denial", MIN_SCORE - 0.001);
        start().announce(announcement("a-at", "2019-03-01T10:00:00Z", "UKR", List.of("RUS"), "at", "x"),
                        announcement("a-below", "2019-03-01T11:00:00Z", "GEO", List.of("RUS"), "below", "y"))
                .report(backtrack("b-1", "2019-03-02T12:00:00Z", "RUS", List.of("UKR"), DENIAL, "never",
                                BacktrackKind.DENIAL, null),
                        backtrack("b-2", "2019-03-02T13:00:00Z", "RUS", List.of("GEO"), "other denial", "never",
                                BacktrackKind.DENIAL, null));
        assertThat(pairs(walkback.settle().contestedClaims())).containsExactly("a-at<-b-1");
    }

    @Test
    @DisplayName("Among same-party rivals, the backtrack contests its best-scoring announcement, not every one above the threshold")
    void bestCandidateWins() {
        scores.score(TRUCE, DENIAL, 0.81).score("Prisoner exchange next week", DENIAL, 0.55);
        start().announce(announcement("a-swap", "2019-03-01T08:00:00Z", "UKR", List.of("RUS"), "Prisoner exchange next week", "x"),
                        announcement("a-truce", "2019-03-01T10:00:00Z", "UKR", List.of("RUS"), TRUCE, "agreed"))
                .report(backtrack("b-denial", "2019-03-02T12:00:00Z", "RUS", List.of("UKR"), DENIAL, "never",
                        BacktrackKind.DENIAL, null));
        assertThat(pairs(walkback.settle().contestedClaims())).containsExactly("a-truce<-b-denial");
    }

    @Test
    @DisplayName("refersTo decides alone: the named announcement is contested by reference, a more similar one is not")
    void referenceOverridesSimilarity() {
        scores.score(TRUCE, DENIAL, 0.90).score("Prisoner exchange next week", DENIAL, 0.10);
        start().announce(announcement("a-swap", "2019-03-01T08:00:00Z", "UKR", List.of("RUS"), "Prisoner exchange next week", "x"),
                        announcement("a-truce", "2019-03-01T10:00:00Z", "UKR", List.of("RUS"), TRUCE, "agreed"))
                .report(backtrack("b-denial", "2019-03-02T12:00:00Z", "RUS", List.of("UKR"), DENIAL, "never",
                        BacktrackKind.DENIAL, "a-swap"));
        List<ContestedClaim> claims = walkback.settle().contestedClaims();
        assertThat(pairs(claims)).containsExactly("a-swap<-b-denial");
        assertThat(claims.get(0).match()).isEqualTo(Match.reference());
    }

    @Test
    @DisplayName("The same topic and parties still match by claim key, score 1, in a similarity mode")
    void claimKeyStillMatches() {
        start().announce(announcement("a-1", "2019-03-01T10:00:00Z", "UKR", List.of("RUS"), "gas transit", "x"))
                .report(backtrack("b-1", "2019-03-02T12:00:00Z", "RUS", List.of("UKR"), "Gas Transit", "no",
                        BacktrackKind.DENIAL, null));
        assertThat(walkback.settle().contestedClaims()).extracting(ContestedClaim::match).containsExactly(Match.claimKey());
    }

    @Test
    @DisplayName("A backtrack or announcement sent twice is still one contested claim")
    void repeatsReportedOnce() {
        scores.score(TRUCE, DENIAL, 0.72);
        var truce = announcement("a-truce", "2019-03-01T10:00:00Z", "UKR", List.of("RUS", "FRA"), TRUCE, "agreed");
        var denial = backtrack("b-denial", "2019-03-02T12:00:00Z", "RUS", List.of("UKR"), DENIAL, "never",
                BacktrackKind.DENIAL, null);
        start().announce(truce, truce).report(denial, denial);
        assertThat(pairs(walkback.settle().contestedClaims())).containsExactly("a-truce<-b-denial");
    }

    @Test
    @DisplayName("Window bounds are unchanged: a lag of exactly max lag (30 days) matches, one millisecond more does not")
    void windowBounds() {
        scores.score("edge", "late", 0.9).score("past", "late", 0.9);
        start().announce(announcement("a-edge", "2019-03-01T10:00:00Z", "UKR", List.of("RUS"), "edge", "x"),
                        announcement("a-past", "2019-03-01T09:59:59.999Z", "GEO", List.of("RUS"), "past", "y"))
                .report(backtrack("b-late", "2019-03-31T10:00:00Z", "RUS", List.of(), "late", "no",
                        BacktrackKind.DENIAL, null));
        assertThat(pairs(walkback.settle().contestedClaims())).containsExactly("a-edge<-b-late");
    }

    @Test
    @DisplayName("A backtrack that arrives before its announcement still contests it, from whichever party's block")
    void backtrackFirst() {
        scores.score(TRUCE, DENIAL, 0.72);
        start().report(backtrack("b-denial", "2019-03-02T12:00:00Z", "RUS", List.of("UKR"), DENIAL, "never",
                        BacktrackKind.DENIAL, null))
                .announce(announcement("a-truce", "2019-03-01T10:00:00Z", "UKR", List.of("RUS"), TRUCE, "agreed"));
        assertThat(pairs(walkback.settle().contestedClaims())).containsExactly("a-truce<-b-denial");
    }

    @Test
    @DisplayName("An announcement of three parties is held once per party, yet stands once, or is contested and never stands")
    void statusAssembledFromCopies() {
        ClaimStatusScenariosTest.RecordingEvents events = new ClaimStatusScenariosTest.RecordingEvents();
        scores.score(TRUCE, DENIAL, 0.72);
        walkback = new ContestDriver(TopologySettings.defaults()
                .withMatching(new MatchSettings(MatchMode.LEXICAL, MIN_SCORE, scores)), events);
        walkback.announce(announcement("a-truce", "2019-03-01T10:00:00Z", "UKR", List.of("RUS", "FRA"), TRUCE, "x"),
                        announcement("a-quiet", "2019-03-01T11:00:00Z", "UKR", List.of("RUS", "FRA"), "Quiet", "y"))
                // contested from Russia's block, not the announcing party's
                .report(backtrack("b-denial", "2019-03-02T12:00:00Z", "RUS", List.of("UKR"), DENIAL, "never",
                        BacktrackKind.DENIAL, null))
                // past both windows (30 days + 1 day of grace): every copy closes
                .announce(announcement("a-tick", "2019-05-01T00:00:00Z", "DEU", List.of(), "later", "z"));

        Map<String, ClaimStatus> statuses = walkback.settle().claimStatus();
        assertThat(statuses.get("a-truce").status()).isEqualTo(ClaimStatus.Status.CONTESTED);
        assertThat(statuses.get("a-truce").backtracks()).isEqualTo(1);
        assertThat(statuses.get("a-quiet").status()).isEqualTo(ClaimStatus.Status.STOOD);
        assertThat(events.stood.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("Records of one instant in any order: a better announcement made at the backtrack's very instant, arriving "
            + "just after it, is still weighed before the verdict, so only the best is contested")
    void sameInstantInAnyOrder() {
        scores.score(TRUCE, DENIAL, 0.81).score("Prisoner exchange next week", DENIAL, 0.55);
        start().announce(announcement("a-swap", "2019-03-01T08:00:00Z", "UKR", List.of("RUS"), "Prisoner exchange next week", "x"))
                .report(backtrack("b-denial", "2019-03-02T12:00:00Z", "RUS", List.of("UKR"), DENIAL, "never",
                        BacktrackKind.DENIAL, null))
                .announce(announcement("a-truce", "2019-03-02T12:00:00Z", "UKR", List.of("RUS"), TRUCE, "agreed"));
        // No verdict yet: stream time has not passed the backtrack's instant, and the wall clock has not settled.
        assertThat(walkback.contestedClaims()).isEmpty();
        // A later record passes it: the verdict weighs both candidates.
        walkback.announce(announcement("a-later", "2019-03-02T12:00:01Z", "DEU", List.of(), "later", "z"));
        assertThat(pairs(walkback.contestedClaims())).containsExactly("a-truce<-b-denial");
    }

    @Test
    @DisplayName("A quiet feed: with no later record, the verdict comes once the wall clock has settled")
    void quietFeedSettles() {
        scores.score(TRUCE, DENIAL, 0.72);
        start().announce(announcement("a-truce", "2019-03-01T10:00:00Z", "UKR", List.of("RUS"), TRUCE, "agreed"))
                .report(backtrack("b-denial", "2019-03-02T12:00:00Z", "RUS", List.of("UKR"), DENIAL, "never",
                        BacktrackKind.DENIAL, null));
        assertThat(walkback.contestedClaims()).isEmpty();
        assertThat(pairs(walkback.settle().contestedClaims())).containsExactly("a-truce<-b-denial");
    }
}
