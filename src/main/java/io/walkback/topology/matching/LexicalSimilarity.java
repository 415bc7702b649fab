package io.walkback.topology.matching;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Word-overlap similarity on Apache Lucene analysis.
 *
 * <p>Analysis chain: upper-case country acronyms rewritten first (US, U.S. to USA; UK, U.K.; UN, U.N.) so the
 * pronoun "us" is never a country; {@link StandardTokenizer}; {@link EnglishPossessiveFilter};
 * {@link LowerCaseFilter}; {@link PorterStemFilter}; {@link SynonymGraphFilter} over a Solr-format synonym file,
 * parsed with the same chain so that one inflection of an entry matches all, and with {@code expand=false} so that
 * an equivalence maps every entry to its first one; {@link StopFilter} with Lucene's English stop words plus the
 * function words, reporting verbs and titles of news copy (said, told, would, ministry, president...), matched in
 * stemmed form. Stop words come after the synonyms so that multi-word entries may contain them.
 *
 * <p>Party words are not terms: the canonical forms of the lines between {@code # @parties begin} and
 * {@code # @parties end} in the synonym file (countries with their demonyms, capitals and seats of government).
 * The candidate rule has already matched the parties, so a shared "China" or "Washington" is no evidence of the
 * same subject, and it made every pair of reports between the same governments look alike.
 *
 * <p>Score: a weighted cosine between the two sets of distinct terms (topic and text together). There is no
 * corpus-wide document frequency in a streaming matcher, so the weights come from a fixed rule instead: a term is
 * <em>specific</em> when one of its occurrences is a capitalized word that does not open a sentence or headline, an
 * acronym, or contains a digit (names, places, numbers, dates), and weighs {@link #SPECIFIC_WEIGHT}; other terms
 * weigh 1. The score is {@code sum over shared t of w(t)^2 / sqrt(sum over a of w^2 * sum over b of w^2)}, in
 * [0, 1]: a candidate whose specific terms the backtrack never mentions loses score through the norm.
 *
 * <p>Thread-safe: Lucene's {@link Analyzer} hands each thread its own token stream.
 */
public final class LexicalSimilarity implements TextSimilarity {

    /** The weight of a specific term (a name, acronym or number) against 1 for an ordinary one. */
    public static final double SPECIFIC_WEIGHT = 2.0;

    private static final Pattern ACRONYMS = Pattern.compile(
            "(?<![\\p{L}\\p{N}.])(?:U\\.S\\.|U\\.S(?![\\p{L}\\p{N}])|US(?![\\p{L}\\p{N}]))");
    private static final Pattern UK = Pattern.compile(
            "(?<![\\p{L}\\p{N}.])(?:U\\.K\\.|U\\.K(?![\\p{L}\\p{N}])|UK(?![\\p{L}\\p{N}]))");
    private static final Pattern UN = Pattern.compile(
            "(?<![\\p{L}\\p{N}.])(?:U\\.N\\.|U\\.N(?![\\p{L}\\p{N}])|UN(?![\\p{L}\\p{N}]))");

    /** Words of news copy that say nothing about the subject, on top of Lucene's English stop words. */
    private static final List<String> NEWS_STOP_WORDS = List.of(
            "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
            "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to",
            "was", "will", "with",
            "about", "after", "again", "against", "all", "also", "any", "been", "before", "being", "both", "can",
            "could", "did", "do", "does", "during", "each", "from", "had", "has", "have", "having", "he", "her",
            "here", "hers", "him", "his", "how", "i", "its", "itself", "me", "might", "more", "most", "much",
            "must", "my", "nor", "now", "only", "other", "our", "out", "over", "own", "same", "she", "should", "so", "us",
            "some", "than", "them", "those", "through", "too", "under", "until", "up", "very", "we", "were", "what",
            "when", "where", "which", "while", "who", "whom", "why", "would", "you", "your", "one", "two",
            "said", "say", "says", "saying", "told", "tell", "tells", "added", "according", "stated", "statement",
            "reported", "report", "reports", "reporters", "news", "spokesperson", "spokesman", "spokeswoman",
            "president", "minister", "ministry", "foreign", "government", "official", "officials", "leader", "leaders",
            "country", "countries", "side", "sides", "state", "media");

    private final Analyzer analyzer;
    /** Canonical analyzed terms of the parties listed between the {@code @parties} markers of the synonym file. */
    private final Set<String> partyTerms;

    /**
     * @param synonyms a Solr-format synonym file (see {@code config/synonyms.txt})
     * @throws UncheckedIOException     when the file cannot be read
     * @throws IllegalArgumentException when it cannot be parsed, naming the file and the reason
     */
    public LexicalSimilarity(Path synonyms) {
        this(readSynonyms(synonyms), synonyms.toString());
    }

    private LexicalSimilarity(String synonymRules, String origin) {
        this.analyzer = new NewsAnalyzer(parseSynonyms(synonymRules, origin));
        this.partyTerms = partyTerms(synonymRules);
    }

    /** For tests: synonym rules given inline, in the format of the synonym file. */
    public static LexicalSimilarity fromRules(String synonymRules) {
        return new LexicalSimilarity(synonymRules, "inline rules");
    }

    @Override
    public TextProfile profile(String topic, String text) {
        Map<String, Boolean> terms = new LinkedHashMap<>();
        for (String part : new String[] {nullToEmpty(topic), nullToEmpty(text)}) {
            for (Token token : analyze(part)) {
                if (!token.party()) {
                    terms.merge(token.term(), token.specific(), Boolean::logicalOr);
                }
            }
        }
        List<String> specific = new ArrayList<>();
        terms.forEach((term, isSpecific) -> {
            if (isSpecific) {
                specific.add(term);
            }
        });
        return new TextProfile(new ArrayList<>(terms.keySet()), specific, null);
    }

    @Override
    public Scored score(TextProfile announcement, TextProfile backtrack) {
        return cosine(announcement, backtrack, SPECIFIC_WEIGHT);
    }

    /** The weighted cosine of two profiles' term sets, with the shared terms sorted. */
    static Scored cosine(TextProfile a, TextProfile b, double specificWeight) {
        Map<String, Double> wa = weights(a, specificWeight);
        Map<String, Double> wb = weights(b, specificWeight);
        double dot = 0;
        TreeSet<String> shared = new TreeSet<>();
        for (Map.Entry<String, Double> e : wa.entrySet()) {
            Double other = wb.get(e.getKey());
            if (other != null) {
                dot += e.getValue() * other;
                shared.add(e.getKey());
            }
        }
        if (dot == 0) {
            return new Scored(0, List.of());
        }
        double score = dot / Math.sqrt(squares(wa) * squares(wb));
        return new Scored(Math.min(1.0, score), List.copyOf(shared));
    }

    private static Map<String, Double> weights(TextProfile profile, double specificWeight) {
        Set<String> specific = new HashSet<>(profile.specific());
        Map<String, Double> weights = new HashMap<>();
        for (String term : profile.terms()) {
            weights.put(term, specific.contains(term) ? specificWeight : 1.0);
        }
        return weights;
    }

    private static double squares(Map<String, Double> weights) {
        double sum = 0;
        for (double w : weights.values()) {
            sum += w * w;
        }
        return sum;
    }

    /**
     * One analyzed term, whether it comes from a specific word (name, acronym, number) and whether it names a
     * party, with its offsets in the text.
     */
    record Token(String term, boolean specific, boolean party, int start, int end) {
    }

    /** The text with every party mention (country, demonym, capital...) replaced. */
    String maskParties(String text, String replacement) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Token token : analyze(text)) {
            if (token.party() && token.start() >= at) {
                out.append(text, at, token.start()).append(replacement);
                at = token.end();
            }
        }
        return out.append(text.substring(at)).toString().replaceAll("\\s+", " ").strip();
    }

    /** The analyzed tokens of a text, in order (a synonym's output carries the offsets of the words it replaced). */
    List<Token> analyze(String text) {
        List<Token> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                String t = term.toString();
                tokens.add(new Token(t, isSpecific(text, offset.startOffset(), offset.endOffset()),
                        partyTerms.contains(t), offset.startOffset(), offset.endOffset()));
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }

    /** Capitalized but not opening a sentence, an acronym (two or more capitals), or a number. */
    static boolean isSpecific(String text, int start, int end) {
        if (start < 0 || start >= text.length()) {
            return false;
        }
        int wordEnd = start;
        while (wordEnd < Math.min(end, text.length()) && !Character.isWhitespace(text.charAt(wordEnd))) {
            wordEnd++;
        }
        String word = text.substring(start, wordEnd);
        int capitals = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isDigit(c)) {
                return true;
            }
            if (Character.isUpperCase(c)) {
                capitals++;
            }
        }
        if (capitals >= 2) {
            return true;
        }
        if (!Character.isUpperCase(word.charAt(0))) {
            return false;
        }
        int i = start - 1;
        while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        return i >= 0 && ".!?:;\"'\u201c\u2018(".indexOf(text.charAt(i)) < 0;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String readSynonyms(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read synonym file " + path + ": " + e.getMessage(), e);
        }
    }

    /** The analyzed first entries of the lines between {@code # @parties begin} and {@code # @parties end}. */
    private static Set<String> partyTerms(String rules) {
        Set<String> parties = new HashSet<>();
        boolean inside = false;
        try (Analyzer parsing = new NewsAnalyzer(null, false)) {
            for (String line : rules.lines().map(String::strip).toList()) {
                if (line.equals("# @parties begin")) {
                    inside = true;
                } else if (line.equals("# @parties end")) {
                    inside = false;
                } else if (inside && !line.isEmpty() && !line.startsWith("#")) {
                    String first = line.split("=>|,")[0].strip();
                    try (TokenStream ts = parsing.tokenStream("p", first)) {
                        CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                        ts.reset();
                        StringBuilder joined = new StringBuilder();
                        while (ts.incrementToken()) {
                            joined.append(joined.isEmpty() ? "" : " ").append(term);
                        }
                        ts.end();
                        parties.add(joined.toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(parties);
    }

    private static SynonymMap parseSynonyms(String rules, String origin) {
        try (Analyzer parsing = new NewsAnalyzer(null, false)) {
            SolrSynonymParser parser = new SolrSynonymParser(true, false, parsing);
            parser.parse(new StringReader(rules));
            return parser.build();
        } catch (IOException | ParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot parse synonym file " + origin + ": " + e.getMessage(), e);
        }
    }

    /** The analysis chain; without synonyms and stop words it is the one that parses the synonym file. */
    private static final class NewsAnalyzer extends Analyzer {

        private static final CharArraySet STOP_WORDS = stemmedStopWords();

        private final SynonymMap synonyms;
        private final boolean stopWords;

        NewsAnalyzer(SynonymMap synonyms) {
            this(synonyms, true);
        }

        NewsAnalyzer(SynonymMap synonyms, boolean stopWords) {
            this.synonyms = synonyms;
            this.stopWords = stopWords;
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            Reader r = new PatternReplaceCharFilter(ACRONYMS, "USA", reader);
            r = new PatternReplaceCharFilter(UK, "UK", r);
            return new PatternReplaceCharFilter(UN, "UN", r);
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            TokenStream stream = new EnglishPossessiveFilter(source);
            stream = new LowerCaseFilter(stream);
            stream = new PorterStemFilter(stream);
            if (synonyms != null && synonyms.fst != null) {
                stream = new SynonymGraphFilter(stream, synonyms, true);
            }
            if (stopWords) {
                stream = new StopFilter(stream, STOP_WORDS);
            }
            return new TokenStreamComponents(source, stream);
        }

        private static CharArraySet stemmedStopWords() {
            Set<String> words = new HashSet<>(NEWS_STOP_WORDS);
            EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.forEach(w -> words.add(new String((char[]) w)));
            CharArraySet stemmed = new CharArraySet(words.size() * 2, false);
            try (Analyzer stemmer = new NewsAnalyzer(null, false)) {
                for (String word : words) {
                    stemmed.add(word);
                    try (TokenStream ts = stemmer.tokenStream("w", word)) {
                        CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                        ts.reset();
                        while (ts.incrementToken()) {
                            stemmed.add(term.toString());
                        }
                        ts.end();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return CharArraySet.unmodifiableSet(stemmed);
        }
    }
}
