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
        assertThat(result.out()).contains("demo", "run", "replay", "topics");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "run", "replay", "topics"})
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
}
