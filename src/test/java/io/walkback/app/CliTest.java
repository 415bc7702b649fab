package io.walkback.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The command line explains itself and rejects bad input in one line")
class CliTest {

    record Result(int exitCode, String out, String err) {
    }

    static Result walkback(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = WalkbackCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("--help lists the commands")
    void topLevelHelp() {
        Result result = walkback("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("demo", "run", "replay", "topics", "evaluate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "run", "replay", "topics", "evaluate"})
    @DisplayName("Every command's --help explains its options and the shared --config/--set")
    void commandHelp(String command) {
        Result result = walkback(command, "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: walkback " + command, "--config", "--set", "config/walkback.properties");
    }

    @Test
    @DisplayName("demo --help names its defaults")
    void demoHelpDefaults() {
        assertThat(walkback("demo", "--help").out()).contains("--until-idle", "--out", "--feed", "PT3S");
        assertThat(walkback("replay", "--help").out()).contains("--rate", "default: 0");
    }

    @Test
    @DisplayName("No command, an empty --set key, a duration not in ISO-8601: a usage error naming it, exit 2")
    void usageErrors() {
        Result none = walkback();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err().strip().lines().reduce((first, last) -> last).orElseThrow())
                .isEqualTo("walkback: Missing command: give one of demo, run, replay, topics, evaluate, help (see 'walkback --help')");

        Result emptyKey = walkback("topics", "--set", "=x");
        assertThat(emptyKey.exitCode()).isEqualTo(2);
        assertThat(emptyKey.err().strip()).isEqualTo("walkback: --set: expected KEY=VALUE with a key, got '=x'");

        Result badDuration = walkback("demo", "--until-idle", "--idle-for", "3s");
        assertThat(badDuration.exitCode()).isEqualTo(2);
        assertThat(badDuration.err().strip()).isEqualTo("walkback demo: Invalid value for option '--idle-for': expected an "
                + "ISO-8601 duration such as PT3S or PT1M, got '3s' (see 'walkback demo --help')");
    }

    @Test
    @DisplayName("An unknown option: one line naming it, exit 2")
    void unknownOption() {
        Result result = walkback("demo", "--fast");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("walkback demo: Unknown option: '--fast' (see 'walkback demo --help')");
    }

    @Test
    @DisplayName("A missing required option or a bad value: one line, exit 2")
    void missingOrBadValue() {
        Result missing = walkback("replay");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).contains("--feed").doesNotContain("\n");

        Result badRate = walkback("replay", "--feed", "pom.xml", "--rate", "fast");
        assertThat(badRate.exitCode()).isEqualTo(2);
        assertThat(badRate.err().strip()).contains("--rate").contains("fast").doesNotContain("\n");

        Result noFile = walkback("replay", "--feed", "no/such/feed.jsonl");
        assertThat(noFile.exitCode()).isEqualTo(2);
        assertThat(noFile.err().strip()).isEqualTo(
                "walkback replay: --feed: expected a readable file, got 'no/such/feed.jsonl' (see 'walkback replay --help')");

        Result mixed = walkback("replay", "--format", "auto", "pom.xml", "src/test/resources/gdelt/20250807231500.export.CSV");
        assertThat(mixed.exitCode()).isEqualTo(2);
        assertThat(mixed.err().strip()).contains("--format: some files look like GDELT exports and some do not");

        Result badFormat = walkback("replay", "--format", "xml", "pom.xml");
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err().strip()).contains("--format").contains("xml").doesNotContain("\n");
    }

    @Test
    @DisplayName("A bad config value: one line naming the key, exit 2, no stack trace")
    void badConfigValue() {
        Result result = walkback("topics", "--set", "walkback.grace=one day");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip())
                .isEqualTo("walkback: walkback.grace: expected an ISO-8601 duration such as P30D or PT12H, got 'one day'");

        Result missingFile = walkback("topics", "--config", "no-such.properties");
        assertThat(missingFile.exitCode()).isEqualTo(2);
        assertThat(missingFile.err().strip())
                .isEqualTo("walkback: --config: expected a readable properties file, got 'no-such.properties'");
    }

    @Test
    @DisplayName("A bad walkback.match or min-score value: one line naming the key and what is expected, exit 2")
    void badMatchSettings() {
        String feed = "src/test/resources/reversals-dev/cases.jsonl";
        String labels = "src/test/resources/reversals-dev/labels.jsonl";
        Result mode = walkback("evaluate", "--feed", feed, "--labels", labels, "--set", "walkback.match=fuzzy");
        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.err().strip()).isEqualTo("walkback: walkback.match: expected one of exact, lexical, semantic, got 'fuzzy'");
        Result score = walkback("evaluate", "--feed", feed, "--labels", labels, "--set", "walkback.match.min-score=1.5");
        assertThat(score.exitCode()).isEqualTo(2);
        assertThat(score.err().strip()).startsWith("walkback: walkback.match.min-score: expected a number from 0 to 1")
                .endsWith("got '1.5'").doesNotContain("\n");
    }

    @Test
    @DisplayName("evaluate: figures, missed and false pairs, a min-score sweep, bad label lines by number, the same figures as JSON")
    void evaluate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path dev = java.nio.file.Path.of("src/test/resources/reversals-dev");
        java.util.List<String> labels = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(dev.resolve("labels.jsonl")));
        labels.add(1, "{\"announcementId\": \"a\", \"match\": \"yes\"}");
        java.nio.file.Path labelFile = java.nio.file.Files.write(dir.resolve("labels.jsonl"), labels);
        java.nio.file.Path json = dir.resolve("figures.json");

        Result result = walkback("evaluate", "--feed", dev.resolve("cases.jsonl").toString(), "--labels",
                labelFile.toString(), "--json", json.toString(), "--set", "walkback.match=lexical");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("bad label line labels.jsonl:2: expected {\"announcementId\": text, \"backtrackId\": text, \"match\": true|false}")
                .contains("walkback.match=lexical, min-score 0.10, on cases.jsonl: 157 records, 171 labels (40 matches)")
                .contains("precision 0.700  recall 0.700  F1 0.700  (28 true, 12 false, 12 missed)")
                .containsPattern("missed  \\S+ <- \\S+  \\(score 0\\.\\d{3}\\)")
                .containsPattern("false   \\S+ <- \\S+  similarity 0\\.\\d\\d")
                .contains("min-score  precision  recall  F1");
        var figures = io.walkback.contract.Json.mapper().readTree(json.toFile());
        assertThat(figures.get("match").asText()).isEqualTo("lexical");
        assertThat(figures.get("truePairs").asInt()).isEqualTo(28);
        assertThat(figures.get("missed")).hasSize(12);
        assertThat(figures.get("falseMatches")).hasSize(12);
        assertThat(figures.get("sweep").size()).isGreaterThan(5);
    }

    @Test
    @DisplayName("A synonym file that is missing or cannot be parsed: one line naming walkback.match.synonyms, exit 2")
    void badSynonymFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String feed = "src/test/resources/reversals-dev/cases.jsonl";
        String labels = "src/test/resources/reversals-dev/labels.jsonl";
        Result missing = walkback("evaluate", "--feed", feed, "--labels", labels, "--set", "walkback.match=lexical",
                "--set", "walkback.match.synonyms=" + dir.resolve("none.txt"));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("walkback: walkback.match.synonyms: expected a readable synonym file")
                .doesNotContain("\n");

        java.nio.file.Path broken = java.nio.file.Files.writeString(dir.resolve("broken.txt"), "peace => truce => ceasefire\n");
        Result unparsable = walkback("evaluate", "--feed", feed, "--labels", labels, "--set", "walkback.match=lexical",
                "--set", "walkback.match.synonyms=" + broken);
        assertThat(unparsable.exitCode()).isEqualTo(2);
        assertThat(unparsable.err().strip()).startsWith("walkback: walkback.match=lexical: the text scorer could not load (")
                .contains("check walkback.match.synonyms").doesNotContain("\n");
    }
}
