package io.walkback.topology.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Match rule: the best candidate of a backtrack, at least the minimum score")
class MatchRuleTest {

    @Test
    @DisplayName("Exactly at the minimum contests; just below does not")
    void bounds() {
        MatchRule rule = new MatchRule(0.27);
        assertThat(rule.contests(0.27, 0.27)).isTrue();
        assertThat(rule.contests(Math.nextDown(0.27), Math.nextDown(0.27))).isFalse();
        assertThat(rule.contests(0.269, 0.269)).isFalse();
        assertThat(new MatchRule(0).contests(0, 0)).isTrue();
        assertThat(new MatchRule(1).contests(1, 1)).isTrue();
    }

    @Test
    @DisplayName("Only the best candidate (ties included) contests")
    void bestOnly() {
        MatchRule rule = new MatchRule(0.2);
        assertThat(rule.contests(0.5, 0.6)).isFalse();
        assertThat(rule.contests(0.6, 0.6)).isTrue();
        assertThat(rule.contests(0.6 - 1e-12, 0.6)).isTrue();
    }

    @Test
    @DisplayName("Minimum outside [0, 1] is refused; defaults per mode")
    void defaults() {
        assertThatThrownBy(() -> new MatchRule(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MatchRule(1.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MatchRule(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MatchRule.defaultMinScore(MatchMode.LEXICAL)).isEqualTo(0.10);
        assertThat(MatchRule.defaultMinScore(MatchMode.SEMANTIC)).isEqualTo(0.27);
        assertThat(MatchRule.defaultMinScore(MatchMode.EXACT)).isEqualTo(1.0);
    }

    @Test
    @DisplayName("The factory: nothing for exact, Lucene for lexical, MiniLM for semantic")
    void factory() {
        Path synonyms = Path.of("config/synonyms.txt");
        assertThat(TextSimilarities.forMode(MatchMode.EXACT, synonyms)).isEmpty();
        assertThat(TextSimilarities.forMode(MatchMode.LEXICAL, synonyms)).get().isInstanceOf(LexicalSimilarity.class);
        assertThat(TextSimilarities.forMode(MatchMode.SEMANTIC, synonyms)).get().isInstanceOf(SemanticSimilarity.class);
    }
}
