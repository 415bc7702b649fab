package io.walkback.topology;

import io.walkback.matching.MatchRule;
import io.walkback.matching.PartyBlocking;
import io.walkback.matching.TextSimilarity;
import io.walkback.model.Backtrack;
import io.walkback.model.ClaimStatus;
import io.walkback.model.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides which of a backtrack's candidates (the announcements of its block inside its window) it contests, and
 * why. In order: a backtrack that names an announcement in {@code refersTo} contests that one only
 * ({@code reference}); one with the same claim key contests it ({@code claim-key}); in similarity matching, an
 * announcement whose parties admit the backtrack ({@link PartyBlocking}) is scored by text, and contested when
 * {@link MatchRule} accepts its score against the best score among all the backtrack's candidates
 * ({@code similarity}). A claim-key match counts as a best score of 1.
 */
final class CandidateJudge {

    private final ClaimKeys claimKeys;
    private final TextSimilarity similarity;
    private final MatchRule rule;

    CandidateJudge(ClaimKeys claimKeys, MatchSettings settings) {
        this.claimKeys = claimKeys;
        this.similarity = settings.similarity();
        this.rule = settings.rule();
    }

    /** For each candidate, in order, the match that makes the backtrack contest it, or null. */
    List<Match> judge(HeldBacktrack held, List<OpenClaim> candidates) {
        Backtrack backtrack = held.backtrack();
        List<Match> verdicts = new ArrayList<>(candidates.size());
        if (backtrack.refersTo() != null) {
            for (OpenClaim candidate : candidates) {
                boolean named = backtrack.refersTo().equals(candidate.status().announcementId());
                verdicts.add(named ? Match.reference() : null);
            }
            return verdicts;
        }
        var key = claimKeys.of(backtrack);
        String actor = ClaimKeys.party(backtrack.actor());
        List<String> counterparts = backtrack.counterparts().stream().map(ClaimKeys::party).toList();
        // First every candidate's evidence, then the decisions: the rule needs the best score of them all.
        List<Match> evidence = new ArrayList<>(candidates.size());
        double best = 0;
        for (OpenClaim candidate : candidates) {
            ClaimStatus status = candidate.status();
            Match match = null;
            if (status.topic().equals(key.topic()) && status.parties().equals(key.parties())) {
                match = Match.claimKey();
            } else if (similarity != null && candidate.profile() != null && held.profile() != null
                    && PartyBlocking.isCandidate(Set.copyOf(status.parties()), actor, counterparts)) {
                TextSimilarity.Scored scored = similarity.score(candidate.profile(), held.profile());
                match = new Match(Match.SIMILARITY, scored.score(), scored.terms());
            }
            evidence.add(match);
            if (match != null) {
                best = Math.max(best, match.score());
            }
        }
        for (Match match : evidence) {
            boolean contests = match != null
                    && (!match.method().equals(Match.SIMILARITY) || rule.contests(match.score(), best));
            verdicts.add(contests ? match.withScore(rounded(match.score())) : null);
        }
        return verdicts;
    }

    /** Three decimals: enough to read and to sweep thresholds, and the same on every machine. */
    private static double rounded(double score) {
        return Math.round(score * 1000) / 1000.0;
    }
}
