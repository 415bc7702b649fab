package io.walkback.matching;

import java.util.List;

/**
 * What one record's text is reduced to for scoring, computed once per record (never per pair) and carried with
 * it through the repartition topic and the state stores, so it must stay small (well under a few KB as JSON).
 *
 * @param terms    analyzed terms (stemmed, synonyms applied, stop words and party names removed) of the topic and
 *                 the text, deduplicated, in order of first occurrence
 * @param specific the subset of {@code terms} that come from specific words: capitalized names, acronyms and
 *                 numbers (they weigh more in the lexical score)
 * @param vector   sentence embeddings quantized to one signed byte per dimension, blocks of
 *                 {@link SemanticSimilarity#DIMENSIONS} bytes (the whole text, party names removed, then each of
 *                 its sentences when it has several; at most {@link SemanticSimilarity#MAX_BLOCKS}), or null when
 *                 the mode has none
 */
public record TextProfile(List<String> terms, List<String> specific, byte[] vector) {

    public TextProfile {
        terms = terms == null ? List.of() : List.copyOf(terms);
        specific = specific == null ? List.of() : List.copyOf(specific);
    }
}
