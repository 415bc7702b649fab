package io.walkback.matching;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Matching quality on the reversals-dev set, the way the topology applies it: each backtrack scores all its
 * candidates (party and 30-day rule), then {@link MatchRule} decides each candidate against the best of them.
 * Strict: any predicted pair not labelled true is a false positive; recall is over the 40 true pairs.
 *
 * <p>Run from the project root (prints per mode the figures at the default minimum score, a sweep of minimum
 * scores and the errors; {@code -Dharness.csv=/tmp/x} also writes the scored pairs to {@code /tmp/x-<mode>.csv}):
 * <pre>
 * mvn -q -o dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * mkdir -p /tmp/harness &amp;&amp; javac -d /tmp/harness -cp "$(cat /tmp/cp.txt)" \
 *     src/main/java/io/walkback/matching/*.java src/test/java/io/walkback/matching/DevSet*.java
 * java -cp "/tmp/harness:$(cat /tmp/cp.txt)" io.walkback.matching.DevSetHarness [lexical|semantic]
 * </pre>
 */
public final class DevSetHarness {

    static final Path SYNONYMS = Path.of("config/synonyms.txt");

    /** Figures of one mode at one minimum score. */
    record Result(int tp, int fp, int fn) {
        double precision() {
            return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "P=%.3f R=%.3f F1=%.3f (TP=%d FP=%d FN=%d)",
                    precision(), recall(), f1(), tp, fp, fn);
        }
    }

    /** The scored candidates of a dev set under one similarity, ready to be judged at any minimum score. */
    static final class Scoring {
        final DevSet dev;
        final Map<String, List<Scored>> byBacktrack = new LinkedHashMap<>();
        final double profileMillis;

        record Scored(DevSet.Pair pair, TextSimilarity.Scored scored) {
        }

        Scoring(DevSet dev, TextSimilarity similarity) {
            this.dev = dev;
            Map<String, TextProfile> profiles = new HashMap<>();
            // warm-up (model load, JIT) outside the timing
            similarity.profile(dev.backtracks().get(0).topic(), dev.backtracks().get(0).text());
            long start = System.nanoTime();
            for (DevSet.Record r : dev.announcements()) {
                profiles.put(r.id(), similarity.profile(r.topic(), r.text()));
            }
            for (DevSet.Record r : dev.backtracks()) {
                profiles.put(r.id(), similarity.profile(r.topic(), r.text()));
            }
            profileMillis = (System.nanoTime() - start) / 1e6 / profiles.size();
            for (DevSet.Pair p : dev.candidates()) {
                TextSimilarity.Scored s = similarity.score(profiles.get(p.announcement().id()),
                        profiles.get(p.backtrack().id()));
                byBacktrack.computeIfAbsent(p.backtrack().id(), k -> new ArrayList<>()).add(new Scored(p, s));
            }
        }

        Result judge(MatchRule rule) {
            int tp = 0;
            int fp = 0;
            for (List<Scored> candidates : byBacktrack.values()) {
                double best = candidates.stream().mapToDouble(c -> c.scored().score()).max().orElse(0);
                for (Scored c : candidates) {
                    if (rule.contests(c.scored().score(), best)) {
                        if (c.pair().match()) {
                            tp++;
                        } else {
                            fp++;
                        }
                    }
                }
            }
            return new Result(tp, fp, dev.truePairs().size() - tp);
        }
    }

    static TextSimilarity similarity(MatchMode mode) {
        return TextSimilarities.forMode(mode, SYNONYMS).orElseThrow();
    }

    /** One line per candidate pair: backtrack, announcement, label, score (for offline analysis). */
    static void writeCsv(Scoring scoring, Path file) {
        StringBuilder out = new StringBuilder("backtrack,announcement,match,score\n");
        scoring.byBacktrack.forEach((b, candidates) -> candidates.forEach(c -> out.append(String.format(Locale.ROOT,
                "%s,%s,%d,%.5f%n", b, c.pair().announcement().id(), c.pair().match() ? 1 : 0, c.scored().score()))));
        try {
            java.nio.file.Files.writeString(file, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        DevSet dev = DevSet.load();
        List<MatchMode> modes = args.length == 0 ? List.of(MatchMode.LEXICAL, MatchMode.SEMANTIC)
                : List.of(MatchMode.parse(args[0]));
        System.out.printf("reversals-dev: %d announcements, %d backtracks, %d candidate pairs, %d true%n",
                dev.announcements().size(), dev.backtracks().size(), dev.candidates().size(), dev.truePairs().size());
        for (MatchMode mode : modes) {
            Scoring scoring = new Scoring(dev, similarity(mode));
            double min = MatchRule.defaultMinScore(mode);
            System.out.printf(Locale.ROOT, "%n== %s: default min score %.2f: %s; profile %.2f ms/record%n",
                    mode.wireName(), min, scoring.judge(new MatchRule(min)), scoring.profileMillis);
            System.out.println("   sweep (best candidate of each backtrack, at least min score):");
            for (int i = 0; i <= 40; i++) {
                double m = i / 100.0 + (mode == MatchMode.SEMANTIC ? 0.10 : 0.0);
                System.out.printf(Locale.ROOT, "   min %.2f  %s%n", m, scoring.judge(new MatchRule(m)));
            }
            if (System.getProperty("harness.csv") != null) {
                writeCsv(scoring, Path.of(System.getProperty("harness.csv") + "-" + mode.wireName() + ".csv"));
            }
            System.out.println("   errors at the default:");
            MatchRule rule = new MatchRule(min);
            for (List<Scoring.Scored> candidates : scoring.byBacktrack.values()) {
                double best = candidates.stream().mapToDouble(c -> c.scored().score()).max().orElse(0);
                for (Scoring.Scored c : candidates) {
                    boolean predicted = rule.contests(c.scored().score(), best);
                    if (predicted != c.pair().match()) {
                        System.out.printf(Locale.ROOT, "   %s %.3f (best %.3f) %s <- %s %s%n",
                                predicted ? "FP" : "FN", c.scored().score(), best, c.pair().announcement().id(),
                                c.pair().backtrack().id(), c.scored().terms());
                    }
                }
            }
        }
    }
}
