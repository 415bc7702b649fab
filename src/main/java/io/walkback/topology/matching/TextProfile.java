package io.walkback.topology.matching;

import java.util.List;

/**
 * What one record's text is reduced to for scoring, computed once per record (never per pair) and carried with
 * it through the repartition topic and the state stores, so it must stay small (well under a few KB as JSON).
 *
 * @param terms    analyzed terms (stemmed, synonyms applied, stop words and party names removed) of the topic and
 *                 the text, deduplicated, in order of first occurrence
 * @param specific the subset of {@code terms} that come from specific words: capitalized names, acronyms and
 *                 numbers (they weigh more in the lexical score)
 * @param vector   the embedding of the whole text (party names removed), quantized to one signed byte per
 *                 dimension ({@link SemanticSimilarity#DIMENSIONS} bytes), or null when the mode has none; profiles
 *                 of older versions may carry sentence blocks after it, which scoring ignores
 */
public record TextProfile(List<String> terms, List<String> specific, byte[] vector) {

    public TextProfile {
        terms = terms == null ? List.of() : List.copyOf(terms);
        specific = specific == null ? List.of() : List.copyOf(specific);
    }
}
