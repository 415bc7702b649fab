package io.walkback.matching;

import java.nio.file.Path;
import java.util.Optional;

/** The text similarity of a match mode. */
public final class TextSimilarities {

    private TextSimilarities() {
    }

    /**
     * @param synonyms the Solr-format synonym file (lexical and semantic modes)
     * @return empty for {@link MatchMode#EXACT}, which scores no text
     * @throws IllegalArgumentException      when the synonym file cannot be parsed
     * @throws java.io.UncheckedIOException  when it cannot be read
     * @throws IllegalStateException         in semantic mode when the model cannot load (one-line reason); the
     *                                       model is loaded here, not at the first record
     */
    public static Optional<TextSimilarity> forMode(MatchMode mode, Path synonyms) {
        return switch (mode) {
            case EXACT -> Optional.empty();
            case LEXICAL -> Optional.of(new LexicalSimilarity(synonyms));
            case SEMANTIC -> {
                LexicalSimilarity lexical = new LexicalSimilarity(synonyms);
                SemanticSimilarity.ensureModelLoaded();
                yield Optional.of(new SemanticSimilarity(lexical));
            }
        };
    }
}
