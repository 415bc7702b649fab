package io.walkback.topology.matching;

/**
 * Scores how likely a backtrack's text contests an announcement's. Implementations are thread-safe and shared by
 * all stream threads of a JVM.
 */
public interface TextSimilarity {

    /** The profile of a record's text: an announcement's topic and claim, or a backtrack's topic and statement. */
    TextProfile profile(String topic, String text);

    /** The similarity of an announcement's profile to a backtrack's, in [0, 1], with the terms they share. */
    Scored score(TextProfile announcement, TextProfile backtrack);

    /** A score and the shared analyzed terms that explain it (empty when the score has no terms). */
    record Scored(double score, java.util.List<String> terms) {
    }
}
