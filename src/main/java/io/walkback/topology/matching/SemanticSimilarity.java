package io.walkback.topology.matching;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.InputStream;
import java.util.Map;

/**
 * Sentence-embedding similarity: all-MiniLM-L6-v2 (quantized ONNX, in process, via langchain4j), blended with the
 * lexical evidence of {@link LexicalSimilarity}.
 *
 * <p><b>Model.</b> Loaded once per JVM, lazily, by the first profile (or {@link #ensureModelLoaded()}), and shared by
 * all instances and threads; inference runs in the calling thread. Each text given to the model is truncated to
 * its first {@value #MAX_WORD_PIECES} word pieces, special tokens included (the input length the model was trained
 * with; the rest of a longer text is ignored), counted with the model's own tokenizer.
 *
 * <p><b>What is embedded.</b> The claim or statement only, not the topic: headlines of the same event are worded
 * very differently by different newsrooms, and on the dev set embedding them made the ranking worse (the topic still
 * counts through the lexical score, where synonyms bridge name variants). Party mentions (countries, demonyms,
 * capitals: the {@code @parties} section of the synonym file) are deleted from the text first: the candidate rule
 * has already matched the parties, and left in they make every report between the same two governments look alike.
 * The whole text is embedded as one block (the topic only when the text is blank); its sentences or clauses are not
 * embedded separately. Taking the best cosine over parts as well as the whole lets a short generic part ("talks
 * would continue") match an unrelated claim: on the dev set with its statements split into clauses, the best cosine
 * over whole and parts lowered cross-validated F1 from 0.82 to 0.73 and precision from 0.81 to 0.72, and each
 * variant of it (mean of the parts' best matches, whole and parts averaged, topic as an extra block) stayed below
 * the whole text alone.
 *
 * <p><b>Vector.</b> The embedding is L2-normalized, then quantized to one signed byte per dimension by scaling its
 * largest component to 127 and rounding. Cosine is scale-invariant, so no scale is stored: the cosine of two
 * quantized vectors is within about 0.01 of the float cosine. {@link TextProfile#vector()} holds these
 * {@value #DIMENSIONS} bytes; a profile stored by an older version may carry sentence blocks after them, which are
 * ignored.
 *
 * <p><b>Score.</b> The semantic part is the cosine of the two whole-text vectors, clipped to [0, 1]: a negative
 * MiniLM cosine means unrelated, like 0. The score is {@code (1 - LEXICAL_WEIGHT) * semantic + LEXICAL_WEIGHT *
 * lexical}, with the lexical cosine of {@link LexicalSimilarity} (topic and text), which also supplies the shared
 * terms. Alternatives measured on the dev set by cross-validation (minimum score chosen on half the backtracks, F1
 * on the other half) raised F1 nowhere without lowering precision or narrowing the range of good minimum scores:
 * other lexical weights (0.2, 0.4, 0.5) and specific-term weights, centering the embeddings or subtracting each
 * text's mean similarity to the other texts (hubness correction), deleting the leading attribution ("X said that"),
 * a penalty for unshared names and numbers, a bonus for terms in the scope of a denial that the claim shares, and
 * monotone reshaping of either part.
 */
public final class SemanticSimilarity implements TextSimilarity {

    public static final int DIMENSIONS = 384;
    public static final int MAX_WORD_PIECES = 256;
    /** The weight of the lexical cosine in the blended score. */
    public static final double LEXICAL_WEIGHT = 0.3;

    private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

    private final LexicalSimilarity lexical;

    /** @param lexical the lexical similarity that supplies terms, party mentions and the lexical part */
    public SemanticSimilarity(LexicalSimilarity lexical) {
        this.lexical = lexical;
    }

    /**
     * Loads the model now rather than at the first profile.
     *
     * @throws IllegalStateException with a one-line reason when it cannot load
     */
    public static void ensureModelLoaded() {
        Model.get();
    }

    @Override
    public TextProfile profile(String topic, String text) {
        TextProfile terms = lexical.profile(topic, text);
        String t = lexical.maskParties(topic == null ? "" : topic.strip(), "");
        String x = lexical.maskParties(text == null ? "" : text.strip(), "");
        if (x.isBlank() && t.isBlank()) {
            return new TextProfile(terms.terms(), terms.specific(), null);
        }
        byte[] vector = quantize(embed(x.isBlank() ? t : x));
        return new TextProfile(terms.terms(), terms.specific(), vector);
    }

    @Override
    public Scored score(TextProfile announcement, TextProfile backtrack) {
        Scored lex = lexical.score(announcement, backtrack);
        double semantic = wholeCosine(announcement.vector(), backtrack.vector());
        return new Scored((1 - LEXICAL_WEIGHT) * semantic + LEXICAL_WEIGHT * lex.score(), lex.terms());
    }

    /**
     * The cosine, clipped to [0, 1], of the whole-text vectors (the first {@value #DIMENSIONS} bytes) of two profile
     * vectors; 0 if either has none.
     */
    static double wholeCosine(byte[] a, byte[] b) {
        if (a == null || b == null || a.length < DIMENSIONS || b.length < DIMENSIONS) {
            return 0;
        }
        return Math.max(0, cosine(a, 0, b, 0));
    }

    /** The cosine of two quantized vectors of {@value #DIMENSIONS} bytes at the given offsets. */
    static double cosine(byte[] a, int offsetA, byte[] b, int offsetB) {
        long dot = 0;
        long na = 0;
        long nb = 0;
        for (int k = 0; k < DIMENSIONS; k++) {
            int x = a[offsetA + k];
            int y = b[offsetB + k];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt((double) na * nb);
    }

    /** L2-normalizes (implicitly) and quantizes a vector: largest component to +-127, one signed byte each. */
    static byte[] quantize(float[] vector) {
        float max = 0;
        for (float v : vector) {
            max = Math.max(max, Math.abs(v));
        }
        byte[] q = new byte[vector.length];
        if (max == 0) {
            return q;
        }
        for (int i = 0; i < vector.length; i++) {
            q[i] = (byte) Math.round(vector[i] / max * 127f);
        }
        return q;
    }

    /** The L2-normalized embedding of a text truncated to {@value #MAX_WORD_PIECES} word pieces. */
    static float[] embed(String text) {
        Model model = Model.get();
        float[] v = model.embedding.embed(model.truncate(text)).content().vector();
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        norm = Math.sqrt(norm);
        float[] normalized = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            normalized[i] = norm == 0 ? 0 : (float) (v[i] / norm);
        }
        return normalized;
    }

    /** The model and its tokenizer, loaded once per JVM; a failure is remembered and rethrown on every use. */
    private static final class Model {

        private static volatile Model instance;
        private static volatile String failure;

        final EmbeddingModel embedding;
        final HuggingFaceTokenizer tokenizer;

        private Model(EmbeddingModel embedding, HuggingFaceTokenizer tokenizer) {
            this.embedding = embedding;
            this.tokenizer = tokenizer;
        }

        static Model get() {
            Model m = instance;
            if (m != null) {
                return m;
            }
            synchronized (Model.class) {
                if (instance == null && failure == null) {
                    try {
                        // Runnable::run: inference in the calling (stream) thread, no executor of its own.
                        EmbeddingModel embedding = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
                        HuggingFaceTokenizer tokenizer;
                        try (InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader()
                                .getResourceAsStream(TOKENIZER_RESOURCE)) {
                            if (in == null) {
                                throw new IllegalStateException(TOKENIZER_RESOURCE + " not on the class path");
                            }
                            tokenizer = HuggingFaceTokenizer.newInstance(in,
                                    Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "false"));
                        }
                        instance = new Model(embedding, tokenizer);
                    } catch (Throwable e) {
                        Throwable root = e;
                        while (root.getCause() != null && root.getCause() != root) {
                            root = root.getCause();
                        }
                        failure = "all-MiniLM-L6-v2 (quantized) could not load: " + root.getClass().getSimpleName()
                                + (root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst()
                                .orElse(""));
                    }
                }
                if (instance == null) {
                    throw new IllegalStateException(failure);
                }
                return instance;
            }
        }

        /** The text cut after its first MAX_WORD_PIECES - 2 word pieces (room for [CLS] and [SEP]). */
        String truncate(String text) {
            Encoding encoding = tokenizer.encode(text, false, false);
            CharSpan[] spans = encoding.getCharTokenSpans();
            int limit = MAX_WORD_PIECES - 2;
            if (spans == null || spans.length <= limit) {
                return text;
            }
            // Do not cut inside a word: back off to the last piece that starts a word.
            int cut = limit;
            String[] tokens = encoding.getTokens();
            while (cut > 1 && tokens[cut].startsWith("##")) {
                cut--;
            }
            return text.substring(0, spans[cut - 1].getEnd());
        }
    }
}
