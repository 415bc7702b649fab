package io.walkback.app.evaluate;

import io.walkback.contract.ContestedClaim;
import io.walkback.replay.Feed;
import io.walkback.replay.FeedEntry;
import io.walkback.topology.MatchSettings;
import io.walkback.topology.TopologySettings;
import io.walkback.topology.matching.TextSimilarity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the topology over a labelled feed at the configured minimum score and at a sweep around it, so an analyst
 * can pick a threshold on their own labelled data.
 */
public final class Evaluator {

    /** The sweep: this many steps each side of the configured minimum score, fine enough to see the knee. */
    static final int SWEEP_STEPS = 6;
    static final double SWEEP_STEP = 0.02;

    private final TopologySettings settings;
    private final Feed feed;

    public Evaluator(TopologySettings settings, Feed feed) {
        MatchSettings matching = settings.matching();
        this.settings = matching.bySimilarity()
                ? settings.withMatching(new MatchSettings(matching.mode(), matching.minScore(),
                        new MemoizedSimilarity(matching.similarity())))
                : settings;
        this.feed = feed;
    }

    /** One run at the configured settings. */
    public Evaluation evaluate(Labels labels) {
        return Evaluation.of(InProcessRun.contestedClaims(settings, feed), labels);
    }

    /** One run per minimum score of the sweep; empty in exact matching, which has no score to sweep. */
    public Map<Double, Evaluation> sweep(Labels labels) {
        Map<Double, Evaluation> byMinScore = new LinkedHashMap<>();
        MatchSettings matching = settings.matching();
        if (!matching.bySimilarity()) {
            return byMinScore;
        }
        for (int step = -SWEEP_STEPS; step <= SWEEP_STEPS; step++) {
            double minScore = Math.round((matching.minScore() + step * SWEEP_STEP) * 1000) / 1000.0;
            if (minScore < 0 || minScore > 1) {
                continue;
            }
            TopologySettings at = settings.withMatching(
                    new MatchSettings(matching.mode(), minScore, matching.similarity()));
            List<ContestedClaim> claims = InProcessRun.contestedClaims(at, feed);
            byMinScore.put(minScore, Evaluation.of(claims, labels));
        }
        return byMinScore;
    }

    /**
     * The similarity score of each missed pair, computed directly (null where a record is not in the feed or the
     * mode has no score), to tell "scored too low" from "another candidate scored higher".
     */
    public Map<Labels.Pair, Double> scoresOf(List<Labels.Pair> pairs) {
        Map<Labels.Pair, Double> scores = new LinkedHashMap<>();
        TextSimilarity similarity = settings.matching().similarity();
        Map<String, FeedEntry> byId = new LinkedHashMap<>();
        feed.entries().forEach(entry -> byId.putIfAbsent(entry.id(), entry));
        for (Labels.Pair pair : pairs) {
            FeedEntry announcement = byId.get(pair.announcementId());
            FeedEntry backtrack = byId.get(pair.backtrackId());
            Double score = null;
            if (similarity != null && announcement != null && announcement.isAnnouncement()
                    && backtrack != null && !backtrack.isAnnouncement()) {
                score = similarity.score(
                        similarity.profile(announcement.announcement().topic(), announcement.announcement().claim()),
                        similarity.profile(backtrack.backtrack().topic(), backtrack.backtrack().statement())).score();
            }
            scores.put(pair, score);
        }
        return scores;
    }
}
