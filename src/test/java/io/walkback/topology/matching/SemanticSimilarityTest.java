package io.walkback.topology.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Semantic similarity: MiniLM embeddings, quantized, blended with the lexical score")
class SemanticSimilarityTest {

    private static final SemanticSimilarity SEMANTIC =
            new SemanticSimilarity(new LexicalSimilarity(Path.of("config/synonyms.txt")));

    private static double floatCosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot; // both L2-normalized
    }

    @Test
    @DisplayName("Vectors are L2-normalized, 384 signed bytes, and the quantized cosine is within 0.01 of the float one")
    void quantizationRoundTrip() {
        float[] a = SemanticSimilarity.embed("The minister said the talks on the border dispute would resume next week.");
        float[] b = SemanticSimilarity.embed("Negotiations over the frontier row are set to restart in the coming days.");
        float[] c = SemanticSimilarity.embed("The central bank raised interest rates by a quarter point.");
        assertThat(a).hasSize(SemanticSimilarity.DIMENSIONS);
        assertThat(floatCosine(a, a)).isCloseTo(1.0, offset(1e-4));
        byte[] qa = SemanticSimilarity.quantize(a);
        byte[] qb = SemanticSimilarity.quantize(b);
        byte[] qc = SemanticSimilarity.quantize(c);
        assertThat(qa).hasSize(SemanticSimilarity.DIMENSIONS);
        assertThat(SemanticSimilarity.cosine(qa, 0, qb, 0)).isCloseTo(floatCosine(a, b), offset(0.01));
        assertThat(SemanticSimilarity.cosine(qa, 0, qc, 0)).isCloseTo(floatCosine(a, c), offset(0.01));
        assertThat(SemanticSimilarity.cosine(qa, 0, qa, 0)).isCloseTo(1.0, offset(1e-9));
    }

    @Test
    @DisplayName("A paraphrase scores higher than an unrelated text on the same parties")
    void paraphraseBeatsUnrelated() {
        TextProfile announcement = SEMANTIC.profile("Troops to pull back from the plateau",
                "India said both sides had agreed to disengage their troops from the disputed plateau.");
        TextProfile paraphrase = SEMANTIC.profile("Beijing: only Indian soldiers withdrew",
                "China said only Indian forces had withdrawn from the plateau and its own patrols would continue.");
        TextProfile unrelated = SEMANTIC.profile("No new curbs on generic drugs",
                "China said reports that it would restrict imports of Indian generic medicines were inaccurate.");
        double para = SEMANTIC.score(announcement, paraphrase).score();
        double other = SEMANTIC.score(announcement, unrelated).score();
        assertThat(para).isGreaterThan(other + 0.1);
        assertThat(para).isBetween(0.0, 1.0);
        assertThat(SEMANTIC.score(announcement, paraphrase).terms()).contains("plateau");
    }

    @Test
    @DisplayName("A profile holds one block, the whole text, and stays well under a few KB as JSON")
    void profileShape() throws Exception {
        TextProfile one = SEMANTIC.profile("Topic", "One sentence only about sanctions.");
        assertThat(one.vector()).hasSize(SemanticSimilarity.DIMENSIONS);
        TextProfile many = SEMANTIC.profile("Topic", "First about sanctions. Second about tariffs. Third about drills. "
                + "Fourth about envoys. Fifth about visas.");
        assertThat(many.vector()).hasSize(SemanticSimilarity.DIMENSIONS);
        String json = new ObjectMapper().writeValueAsString(many);
        assertThat(json.length()).isLessThan(2048);
        TextProfile back = new ObjectMapper().readValue(json, TextProfile.class);
        assertThat(back.vector()).isEqualTo(many.vector());
        assertThat(SEMANTIC.score(back, many).score()).isCloseTo(1.0, offset(1e-6));
        assertThat(SEMANTIC.profile("", "").vector()).isNull();
        assertThat(SEMANTIC.profile("Sanctions on shipping firms", "").vector()).hasSize(SemanticSimilarity.DIMENSIONS);
    }

    @Test
    @DisplayName("Only the whole-text block is scored: sentence blocks of older profiles are ignored")
    void olderProfilesWithSentenceBlocks() {
        TextProfile a = SEMANTIC.profile("", "The two governments agreed to reopen the border crossing next week.");
        TextProfile b = SEMANTIC.profile("", "The border crossing will stay closed, the ministry said.");
        TextProfile unrelated = SEMANTIC.profile("", "The central bank raised interest rates by a quarter point.");
        byte[] withBlocks = new byte[3 * SemanticSimilarity.DIMENSIONS];
        System.arraycopy(b.vector(), 0, withBlocks, 0, SemanticSimilarity.DIMENSIONS);
        System.arraycopy(a.vector(), 0, withBlocks, SemanticSimilarity.DIMENSIONS, SemanticSimilarity.DIMENSIONS);
        System.arraycopy(unrelated.vector(), 0, withBlocks, 2 * SemanticSimilarity.DIMENSIONS,
                SemanticSimilarity.DIMENSIONS);
        TextProfile older = new TextProfile(b.terms(), b.specific(), withBlocks);
        assertThat(SEMANTIC.score(a, older).score()).isCloseTo(SEMANTIC.score(a, b).score(), offset(1e-9));
        assertThat(SemanticSimilarity.wholeCosine(a.vector(), null)).isZero();
    }

    @Test
    @DisplayName("Text beyond 256 word pieces is truncated: a long tail does not change the embedding")
    void longTextTruncated() {
        String head = "The foreign minister said the agreement on fishing rights would be signed next month. ";
        String filler = "word ".repeat(300);
        float[] a = SemanticSimilarity.embed(head + filler + "Missiles rockets nuclear warheads and tanks.");
        float[] b = SemanticSimilarity.embed(head + filler + "Flowers gardens music and poetry festival.");
        assertThat(floatCosine(a, b)).isCloseTo(1.0, offset(1e-4));
    }

    @Test
    @DisplayName("One model for all instances and threads: concurrent profiles equal sequential ones")
    void threadSafe() throws Exception {
        SemanticSimilarity other = new SemanticSimilarity(new LexicalSimilarity(Path.of("config/synonyms.txt")));
        java.util.List<String> texts = java.util.List.of("Troops will withdraw from the border.",
                "The summit was postponed.", "Sanctions on shipping firms were announced.", "Talks resume on Monday.");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<TextProfile>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String text = texts.get(i % texts.size());
                futures.add(pool.submit(() -> (text.length() % 2 == 0 ? SEMANTIC : other).profile("", text)));
            }
            for (int i = 0; i < 16; i++) {
                assertThat(futures.get(i).get().vector())
                        .isEqualTo(SEMANTIC.profile("", texts.get(i % texts.size())).vector());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
