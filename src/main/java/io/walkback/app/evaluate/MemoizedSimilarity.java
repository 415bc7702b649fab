package io.walkback.app.evaluate;

import io.walkback.topology.matching.TextProfile;
import io.walkback.topology.matching.TextSimilarity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A scorer that profiles each distinct text once, so a sweep of many runs over one feed pays for the model once. */
final class MemoizedSimilarity implements TextSimilarity {

    private final TextSimilarity scorer;
    private final Map<List<String>, TextProfile> profiles = new ConcurrentHashMap<>();

    MemoizedSimilarity(TextSimilarity scorer) {
        this.scorer = scorer;
    }

    @Override
    public TextProfile profile(String topic, String text) {
        return profiles.computeIfAbsent(List.of(topic, text), key -> scorer.profile(topic, text));
    }

    @Override
    public Scored score(TextProfile announcement, TextProfile backtrack) {
        return scorer.score(announcement, backtrack);
    }
}
