package io.walkback.topology.matching;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** The text similarity of a match mode. */
public final class TextSimilarities {

    private static final String BUNDLED_SYNONYMS = "/matching/synonyms.txt";

    private TextSimilarities() {
    }

    /**
     * @param synonyms the Solr-format synonym file (lexical and semantic modes), or null for the bundled copy of
     *                 {@code config/synonyms.txt}
     * @return empty for {@link MatchMode#EXACT}, which scores no text
     * @throws IllegalArgumentException      when the synonym file cannot be parsed
     * @throws java.io.UncheckedIOException  when it cannot be read
     * @throws IllegalStateException         in semantic mode when the model cannot load (one-line reason); the
     *                                       model is loaded here, not at the first record
     */
    public static Optional<TextSimilarity> forMode(MatchMode mode, Path synonyms) {
        return switch (mode) {
            case EXACT -> Optional.empty();
            case LEXICAL -> Optional.of(lexical(synonyms));
            case SEMANTIC -> {
                LexicalSimilarity lexical = lexical(synonyms);
                SemanticSimilarity.ensureModelLoaded();
                yield Optional.of(new SemanticSimilarity(lexical));
            }
        };
    }

    private static LexicalSimilarity lexical(Path synonyms) {
        return synonyms == null ? LexicalSimilarity.fromRules(bundledSynonyms()) : new LexicalSimilarity(synonyms);
    }

    /** The copy of {@code config/synonyms.txt} packed into the jar (see pom.xml), for runs without a config directory. */
    static String bundledSynonyms() {
        try (InputStream in = TextSimilarities.class.getResourceAsStream(BUNDLED_SYNONYMS)) {
            if (in == null) {
                throw new IllegalStateException("the bundled synonym file " + BUNDLED_SYNONYMS + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled synonym file: " + e.getMessage(), e);
        }
    }
}
