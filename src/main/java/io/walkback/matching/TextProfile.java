package io.walkback.matching;

import java.util.List;

/**
 * What one record's text is reduced to for scoring, computed once per record (never per pair) and carried with
 * it through the repartition topic and the state stores, so it must stay small.
 *
 * @param terms  analyzed terms (stemmed, stop words removed, synonyms applied), in text order, for the lexical score
 * @param vector the sentence embedding quantized to one byte per dimension, or null when the mode has none
 */
public record TextProfile(List<String> terms, byte[] vector) {
}
