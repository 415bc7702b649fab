package io.walkback.app;

import static io.walkback.app.CliTest.walkback;
import static org.assertj.core.api.Assertions.assertThat;

import io.walkback.app.broker.EmbeddedKafkaBroker;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.contract.ContestedClaim;
import io.walkback.contract.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The jar's commands, run for real")
class CommandLineIT {

    private static final String FEED = String.join("\n",
            "{\"type\":\"announcement\",\"id\":\"a1\",\"announcedAt\":\"2019-08-26T08:00:00Z\",\"actor\":\"USA\","
                    + "\"counterparts\":[\"CHN\"],\"topic\":\"trade-talks\",\"claim\":\"China called to restart talks\"}",
            "this line is not JSON",
            "{\"type\":\"backtrack\",\"id\":\"b1\",\"reportedAt\":\"2019-08-27T07:30:00Z\",\"actor\":\"CHN\","
                    + "\"counterparts\":[\"USA\"],\"topic\":\"Trade Talks\",\"statement\":\"No calls we know of\",\"kind\":\"denial\"}",
            "");

    @Test
    @DisplayName("demo --feed F --until-idle --out O: reports the bad line, prints and writes the contested claim, exits")
    void demoUntilIdle(@TempDir Path dir) throws Exception {
        Path feed = Files.writeString(dir.resolve("feed.jsonl"), FEED);
        Path out = dir.resolve("claims.jsonl");

        CliTest.Result result = walkback("demo", "--feed", feed.toString(), "--until-idle", "--idle-for", "PT1S", "--http-port", "0",
                "--out", out.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("Kafka broker (embedded, KRaft) at 127.0.0.1:")
                .contains("bad line feed.jsonl:2: ")
                .contains("USA announced: \"China called to restart talks\"")
                .contains("CHN denial after 23h 30m")
                .contains("1 contested claims")
                .contains("matched by claim-key");
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1);
        ContestedClaim claim = JsonSerde.of(ContestedClaim.class).read(lines.get(0).getBytes(StandardCharsets.UTF_8));
        assertThat(claim.announcementId()).isEqualTo("a1");
        assertThat(claim.topic()).isEqualTo("trade-talks");
        assertThat(claim.lag()).hasHours(23);
    }

    @Test
    @DisplayName("replay before topics exist: one line pointing to 'walkback topics'; then topics and replay: bad lines, "
            + "times too far ahead included, are counted and listed, never lost silently")
    void replayReportsEverything(@TempDir Path dir) throws Exception {
        String future = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        Path feed = Files.writeString(dir.resolve("feed.jsonl"), FEED
                + "{\"type\":\"backtrack\",\"id\":\"b-future\",\"reportedAt\":\"" + future + "\",\"actor\":\"CHN\","
                + "\"topic\":\"trade-talks\",\"statement\":\"from the future\"}\n");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startNew()) {
            String bootstrap = "bootstrap.servers=" + broker.bootstrapServers();
            CliTest.Result tooEarly = walkback("replay", "--feed", feed.toString(), "--set", bootstrap);
            assertThat(tooEarly.exitCode()).isEqualTo(1);
            assertThat(tooEarly.err().strip().lines().reduce((first, last) -> last).orElseThrow()).isEqualTo(
                    "walkback: topic diplomatic.announcements does not exist on " + broker.bootstrapServers()
                            + "; create Walkback's topics first with 'walkback topics' (same --config and --set)");

            CliTest.Result topics = walkback("topics", "--set", bootstrap);
            assertThat(topics.exitCode()).as(topics.err()).isZero();
            assertThat(topics.out()).contains("diplomatic.announcements: created with 4 partitions, replication 1, retention.ms -1");

            CliTest.Result replay = walkback("replay", "--feed", feed.toString(), "--set", bootstrap);

            assertThat(replay.exitCode()).isEqualTo(1);
            assertThat(replay.out())
                    .contains("bad line feed.jsonl:2: ")
                    .contains("bad line feed.jsonl:4: reportedAt " + future + " is more than PT1H ahead of now")
                    .contains("read 4 lines; replayed 2 records (1 announcements, 1 backtracks)")
                    .contains("2 bad lines skipped; 0 refused by the broker");

            Path older = Files.writeString(dir.resolve("older.jsonl"), FEED.replace("2019-08-", "2018-08-"));
            CliTest.Result behind = walkback("replay", "--feed", older.toString(), "--set", bootstrap);
            assertThat(behind.err()).contains("warning: the input topics already hold records up to 2019-08-27T07:30:00Z; "
                    + "a processor that has read them drops records before 2019-07-27T07:30:00Z (max lag + grace behind) "
                    + "as late: 2 of this feed's 2 records, from 2018-08-26T08:00:00Z. Replay into fresh topics or run the "
                    + "processor under a new application.id.");

            CliTest.Result again = walkback("topics", "--set", bootstrap);
            assertThat(again.out()).contains("diplomatic.backtracks: exists with 4 partitions");
            assertThat(WalkbackConfig.of(Map.of()).topics().backtracks().name()).isEqualTo("diplomatic.backtracks");
        }
    }

    @Test
    @DisplayName("demo on the three real GDELT exports: the analyst's path from raw files to contested claims")
    void demoOnGdelt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("gdelt-claims.jsonl");
        // GDELT rows carry CAMEO codes, not reports: their text is the code's description, so they match exactly.
        CliTest.Result result = walkback("demo", "--format", "gdelt", "--set", "walkback.match=exact", "--until-idle",
                "--idle-for", "PT1S",
                "--http-port", "0", "--out", out.toString(),
                "src/test/resources/gdelt/20250807231500.export.CSV",
                "src/test/resources/gdelt/20250807233000.export.CSV",
                "src/test/resources/gdelt/20250807234500.export.CSV");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("read 3,442 lines; replayed 144 records (132 announcements, 12 backtracks)");
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(6).allSatisfy(line -> assertThat(line)
                .contains("\"backtrackId\":\"gdelt-1256334681\"").contains("\"topic\":\"meeting\""));
    }
}
