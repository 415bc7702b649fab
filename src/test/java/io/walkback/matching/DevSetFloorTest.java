package io.walkback.matching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Floors on the reversals-dev set at each mode's default minimum score: the figures reached when the defaults were
 * chosen, minus 0.03. A change to the analysis, the synonym file or the scoring that falls below them is a
 * regression (or needs new measured defaults, see {@link DevSetHarness}).
 */
@DisplayName("Dev-set floors: lexical and semantic matching keep their measured quality")
class DevSetFloorTest {

    private static final DevSet DEV = DevSet.load();

    @Test
    @DisplayName("The dev set loads: 152 candidate pairs, all 40 true pairs among them")
    void devSetShape() {
        assertThat(DEV.candidates()).hasSize(152);
        assertThat(DEV.candidates().stream().filter(DevSet.Pair::match)).hasSize(40);
    }

    @Test
    @DisplayName("Lexical: F1 >= 0.67 (measured 0.70, P 0.70, R 0.70)")
    void lexicalFloor() {
        DevSetHarness.Result r = new DevSetHarness.Scoring(DEV, DevSetHarness.similarity(MatchMode.LEXICAL))
                .judge(new MatchRule(MatchRule.defaultMinScore(MatchMode.LEXICAL)));
        assertThat(r.f1()).as(r.toString()).isGreaterThanOrEqualTo(0.67);
        assertThat(r.precision()).as(r.toString()).isGreaterThanOrEqualTo(0.67);
    }

    @Test
    @DisplayName("Semantic: F1 >= 0.82 and precision >= 0.80 (measured F1 0.854, P 0.833, R 0.875)")
    void semanticFloor() {
        DevSetHarness.Result r = new DevSetHarness.Scoring(DEV, DevSetHarness.similarity(MatchMode.SEMANTIC))
                .judge(new MatchRule(MatchRule.defaultMinScore(MatchMode.SEMANTIC)));
        assertThat(r.f1()).as(r.toString()).isGreaterThanOrEqualTo(0.824);
        assertThat(r.precision()).as(r.toString()).isGreaterThanOrEqualTo(0.80);
        assertThat(r.recall()).as(r.toString()).isGreaterThanOrEqualTo(0.845);
    }
}
