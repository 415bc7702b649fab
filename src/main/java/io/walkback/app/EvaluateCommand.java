package io.walkback.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.app.evaluate.Evaluation;
import io.walkback.app.evaluate.Evaluator;
import io.walkback.app.evaluate.Labels;
import io.walkback.contract.Json;
import io.walkback.replay.Feed;
import io.walkback.replay.JsonLinesFeed;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Runs the topology in this JVM (no broker) over a labelled feed and prints precision, recall and F1"
                + " of the configured matching, the missed and the false pairs with their scores, and precision and"
                + " recall at a sweep of walkback.match.min-score values.",
                "Labels are JSON Lines {\"announcementId\": ..., \"backtrackId\": ..., \"match\": true|false}; a found pair"
                        + " not labelled a match counts as false. Bad feed or label lines are reported with their line"
                        + " number and skipped.",
                "Example: walkback evaluate --feed cases.jsonl --labels labels.jsonl --set walkback.match=lexical"})
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--feed", paramLabel = "FILE", required = true, description = "Feed in the contract's JSON Lines form.")
    Path feedFile;

    @Option(names = "--labels", paramLabel = "FILE", required = true, description = "Labels, JSON Lines.")
    Path labelsFile;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE as JSON.")
    Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        for (Map.Entry<String, Path> file : Map.of("--feed", feedFile, "--labels", labelsFile).entrySet()) {
            if (!Files.isRegularFile(file.getValue()) || !Files.isReadable(file.getValue())) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        file.getKey() + ": expected a readable file, got '" + file.getValue() + "'");
            }
        }
        WalkbackConfig settings = config.load();
        PrintWriter out = spec.commandLine().getOut();
        Feed feed = JsonLinesFeed.read(feedFile);
        Labels labels = Labels.read(labelsFile);
        feed.problems().forEach(problem -> out.println("bad feed line " + problem));
        labels.problems().forEach(problem -> out.println("bad label line " + problem));
        if (labels.matches().isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--labels: no line labels a match (\"match\": true) in '" + labelsFile + "'");
        }

        String mode = settings.matchMode().wireName();
        double minScore = settings.minScore();
        Evaluator evaluator = new Evaluator(settings.topologySettings(), feed);
        Evaluation result = evaluator.evaluate(labels);
        Map<Labels.Pair, Double> missedScores = evaluator.scoresOf(result.missed());
        Map<Double, Evaluation> sweep = evaluator.sweep(labels);

        out.printf(Locale.ROOT, "walkback.match=%s, min-score %.2f, on %s: %d records, %d labels (%d matches)%n", mode,
                minScore, feedFile.getFileName(), feed.entries().size(),
                labels.matches().size() + labels.nonMatches().size(), labels.matches().size());
        out.printf(Locale.ROOT, "precision %.3f  recall %.3f  F1 %.3f  (%d true, %d false, %d missed)%n",
                result.precision(), result.recall(), result.f1(), result.truePairs(), result.falsePairs().size(),
                result.missed().size());
        for (Labels.Pair pair : result.missed()) {
            Double score = missedScores.get(pair);
            out.printf(Locale.ROOT, "missed  %s <- %s%s%n", pair.announcementId(), pair.backtrackId(),
                    score == null ? "" : String.format(Locale.ROOT, "  (score %.3f)", score));
        }
        for (Evaluation.Found found : result.falsePairs()) {
            out.printf("false   %s <- %s  %s%n", found.pair().announcementId(), found.pair().backtrackId(),
                    found.match() == null ? "" : ClaimLines.match(found.match()));
        }
        if (!sweep.isEmpty()) {
            out.println("min-score  precision  recall  F1     true  false");
            sweep.forEach((at, figures) -> out.printf(Locale.ROOT, "%9.2f  %9.3f  %6.3f  %5.3f  %4d  %5d%n", at,
                    figures.precision(), figures.recall(), figures.f1(), figures.truePairs(),
                    figures.falsePairs().size()));
        }
        if (json != null) {
            Files.writeString(json, Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(toJson(mode, minScore, result, missedScores, sweep)));
        }
        return 0;
    }

    private static ObjectNode toJson(String mode, double minScore, Evaluation result,
                                     Map<Labels.Pair, Double> missedScores, Map<Double, Evaluation> sweep) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("match", mode);
        root.put("minScore", minScore);
        figures(root, result);
        ArrayNode missed = root.putArray("missed");
        result.missed().forEach(pair -> {
            ObjectNode node = pairNode(missed.addObject(), pair);
            Double score = missedScores.get(pair);
            if (score != null) {
                node.put("score", score);
            }
        });
        ArrayNode falsePairs = root.putArray("falseMatches");
        result.falsePairs().forEach(found -> pairNode(falsePairs.addObject(), found.pair())
                .set("match", Json.mapper().valueToTree(found.match())));
        ArrayNode sweepNode = root.putArray("sweep");
        sweep.forEach((at, figures) -> figures(sweepNode.addObject().put("minScore", at), figures));
        return root;
    }

    private static void figures(ObjectNode node, Evaluation figures) {
        node.put("precision", figures.precision());
        node.put("recall", figures.recall());
        node.put("f1", figures.f1());
        node.put("truePairs", figures.truePairs());
        node.put("falsePairs", figures.falsePairs().size());
        node.put("missedPairs", figures.missed().size());
    }

    private static ObjectNode pairNode(ObjectNode node, Labels.Pair pair) {
        return node.put("announcementId", pair.announcementId()).put("backtrackId", pair.backtrackId());
    }
}
