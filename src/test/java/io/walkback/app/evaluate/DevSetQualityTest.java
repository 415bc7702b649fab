package io.walkback.app.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.walkback.app.config.WalkbackConfig;
import io.walkback.replay.Feed;
import io.walkback.replay.JsonLinesFeed;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Matching quality on the reversals-dev set (40 real announcement/walk-back pairs worded differently on each side,
 * 131 hard negatives, 44 of them rival announcements by the same parties), run through the real topology as
 * {@code walkback evaluate} runs it. The floors are the figures measured when the defaults were chosen, minus a
 * small margin: falling below one is a regression, or needs new measured defaults (README, "Matching").
 */
@DisplayName("Matching quality on the development set holds its measured floor in every mode")
class DevSetQualityTest {

    private static final Path DEV = Path.of("src/test/resources/reversals-dev");
    private static final Feed FEED = JsonLinesFeed.read(DEV.resolve("cases.jsonl"));
    private static final Labels LABELS = Labels.read(DEV.resolve("labels.jsonl"));

    private static Evaluation evaluate(Map<String, String> settings) {
        return new Evaluator(WalkbackConfig.of(settings).topologySettings(), FEED).evaluate(LABELS);
    }

    private static String figures(Evaluation e) {
        return String.format("P %.3f R %.3f F1 %.3f (%d true, %d false, %d missed)", e.precision(), e.recall(), e.f1(),
                e.truePairs(), e.falsePairs().size(), e.missed().size());
    }

    @Test
    @DisplayName("The set loads whole: 157 records, 40 labelled matches, 131 labelled non-matches")
    void setLoads() {
        assertThat(FEED.entries()).hasSize(157);
        assertThat(FEED.problems()).isEmpty();
        assertThat(LABELS.matches()).hasSize(40);
        assertThat(LABELS.nonMatches()).hasSize(131);
        assertThat(LABELS.problems()).isEmpty();
    }

    @Test
    @DisplayName("The default mode (semantic): precision >= 0.80, recall >= 0.84, F1 >= 0.82 (measured 0.833 / 0.875 / 0.854)")
    void defaultModeFloor() {
        assertThat(WalkbackConfig.defaults().matchMode().wireName()).isEqualTo("semantic");
        Evaluation result = evaluate(Map.of());
        assertThat(result.precision()).as(figures(result)).isGreaterThanOrEqualTo(0.80);
        assertThat(result.recall()).as(figures(result)).isGreaterThanOrEqualTo(0.84);
        assertThat(result.f1()).as(figures(result)).isGreaterThanOrEqualTo(0.82);
    }

    @Test
    @DisplayName("Lexical: precision and recall >= 0.67 (measured 0.70 / 0.70)")
    void lexicalFloor() {
        Evaluation result = evaluate(Map.of(WalkbackConfig.MATCH, "lexical"));
        assertThat(result.precision()).as(figures(result)).isGreaterThanOrEqualTo(0.67);
        assertThat(result.recall()).as(figures(result)).isGreaterThanOrEqualTo(0.67);
    }

    @Test
    @DisplayName("Exact finds none of the 40 pairs and claims nothing false: their topics are worded differently")
    void exactFindsNone() {
        Evaluation result = evaluate(Map.of(WalkbackConfig.MATCH, "exact"));
        assertThat(result.truePairs()).isZero();
        assertThat(result.falsePairs()).isEmpty();
        assertThat(result.missed()).hasSize(40);
    }
}
