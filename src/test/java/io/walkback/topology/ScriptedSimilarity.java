package io.walkback.topology;

import io.walkback.topology.matching.TextProfile;
import io.walkback.topology.matching.TextSimilarity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scorer whose scores the scenario sets by topic pair, so a test can put a candidate exactly at, above or below
 * the threshold and check the topology's rules rather than a model's judgement. Unlisted pairs score 0.
 */
final class ScriptedSimilarity implements TextSimilarity {

    private final Map<List<String>, Double> scores = new HashMap<>();

    ScriptedSimilarity score(String announcementTopic, String backtrackTopic, double score) {
        scores.put(List.of(announcementTopic, backtrackTopic), score);
        return this;
    }

    @Override
    public TextProfile profile(String topic, String text) {
        return new TextProfile(List.of(topic), List.of(), null);
    }

    @Override
    public Scored score(TextProfile announcement, TextProfile backtrack) {
        List<String> pair = List.of(announcement.terms().get(0), backtrack.terms().get(0));
        return new Scored(scores.getOrDefault(pair, 0.0), List.of("scripted"));
    }
}
