package io.walkback.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.walkback.contract.ClaimKeys;
import io.walkback.contract.InputKeys;
import io.walkback.contract.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Replays account for every line and show their progress")
class ReplayReportingTest {

    @Test
    @DisplayName("A feed with bad lines keeps the good ones in event-time order and names each bad line with its number")
    void badLinesAreNamed() {
        String text = String.join("\n",
                "{\"type\":\"backtrack\",\"id\":\"b1\",\"reportedAt\":\"2019-05-02T00:00:00Z\",\"actor\":\"CHN\",\"topic\":\"t\",\"statement\":\"no\"}",
                "",
                "{\"type\":\"announcement\",\"id\":\"a1\",\"announcedAt\":\"2019-05-01T00:00:00Z\",\"actor\":\"USA\",\"topic\":\"t\",\"claim\":\"yes\"}",
                "{\"type\":\"rumour\",\"id\":\"r1\"}",
                "{\"type\":\"announcement\",\"id\":\"a2\"}",
                "not json");
        Feed feed = JsonLinesFeed.read("feed.jsonl", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));

        assertThat(feed.linesRead()).isEqualTo(6);
        assertThat(feed.entries()).extracting(FeedEntry::id).containsExactly("a1", "b1");
        assertThat(feed.problems()).extracting(Feed.FeedProblem::toString).containsExactly(
                "feed.jsonl:4: field 'type' is 'rumour', expected 'announcement' or 'backtrack'",
                "feed.jsonl:5: Announcement rejected: missing required field 'announcedAt'",
                "feed.jsonl:6: not a JSON object: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') (at byte 0)");
    }

    @Test
    @DisplayName("Invalid UTF-8 and an over-long line are bad lines with their number; CRLF endings and the lines around them read")
    void invalidBytesAndLongLines() throws Exception {
        String good = "{\"type\":\"announcement\",\"id\":\"%s\",\"announcedAt\":\"2019-05-01T00:00:00Z\",\"actor\":\"USA\",\"topic\":\"t\",\"claim\":\"%s\"}";
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write((String.format(good, "a1", "yes") + "\r\n").getBytes(StandardCharsets.UTF_8));
        file.write(String.format(good, "a2", "caf").getBytes(StandardCharsets.UTF_8));
        file.write(new byte[] {(byte) 0xC3, (byte) 0x28, '"', '}', '\n'}); // 0xC3 0x28: not UTF-8
        file.write(("{\"type\":\"announcement\",\"claim\":\"" + "x".repeat(JsonLinesFeed.MAX_LINE_BYTES) + "\"}\n")
                .getBytes(StandardCharsets.UTF_8));
        file.write(String.format(good, "a4", "caf\u00e9").getBytes(StandardCharsets.UTF_8)); // last line, no newline

        Feed feed = JsonLinesFeed.read("feed.jsonl", new ByteArrayInputStream(file.toByteArray()));

        assertThat(feed.linesRead()).isEqualTo(4);
        assertThat(feed.entries()).extracting(FeedEntry::id).containsExactly("a1", "a4");
        assertThat(feed.entries().get(1).announcement().claim()).isEqualTo("caf\u00e9");
        assertThat(feed.problems()).extracting(Feed.FeedProblem::toString).containsExactly(
                "feed.jsonl:2: not valid UTF-8",
                "feed.jsonl:3: line longer than 4194304 bytes");
    }

    @Test
    @DisplayName("Times a Kafka timestamp cannot hold, or too far ahead, are listed with their line and never sent; the rest go")
    void timesOutOfRangeAreListedNotSent() {
        String good = "{\"type\":\"announcement\",\"id\":\"%s\",\"announcedAt\":\"%s\",\"actor\":\"USA\",\"topic\":\"t\",\"claim\":\"yes\"}";
        String text = String.join("\n",
                String.format(good, "a1", "2019-05-01T00:00:00Z"),
                String.format(good, "pre-epoch", "1969-12-31T23:59:59Z"),
                String.format(good, "year-zero", "0000-01-01T00:00:00Z"),
                String.format(good, "far-past", "-999999999-01-01T00:00:00Z"),
                String.format(good, "future", "2099-01-01T00:00:00Z"),
                String.format(good, "a2", "2026-12-08T12:30:00Z"),
                "{\"type\":\"backtrack\",\"id\":\"b1\",\"reportedAt\":\"+999999999-12-31T23:59:59Z\",\"actor\":\"CHN\",\"topic\":\"t\",\"statement\":\"no\"}");
        Feed feed = JsonLinesFeed.read("feed.jsonl", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        Clock now = Clock.fixed(Instant.parse("2026-12-08T12:00:00Z"), ZoneOffset.UTC);

        ReplaySummary summary = new Replayer(producer, Topics.defaults(), new InputKeys(ClaimKeys.withoutAliases(), false),
                Duration.ofHours(1), now).replay(feed, 0, Progress.silent());

        assertThat(producer.history()).extracting(record -> record.timestamp()).containsExactly(
                Instant.parse("2019-05-01T00:00:00Z").toEpochMilli(), Instant.parse("2026-12-08T12:30:00Z").toEpochMilli());
        assertThat(summary.sent()).isEqualTo(2);
        assertThat(summary.badLines()).extracting(Feed.FeedProblem::toString).containsExactly(
                "feed.jsonl:4: announcedAt -999999999-01-01T00:00:00Z is before 1970-01-01T00:00:00Z: a Kafka record timestamp cannot hold it",
                "feed.jsonl:3: announcedAt 0000-01-01T00:00:00Z is before 1970-01-01T00:00:00Z: a Kafka record timestamp cannot hold it",
                "feed.jsonl:2: announcedAt 1969-12-31T23:59:59Z is before 1970-01-01T00:00:00Z: a Kafka record timestamp cannot hold it",
                "feed.jsonl:5: announcedAt 2099-01-01T00:00:00Z is more than PT1H ahead of now (2026-12-08T12:00:00Z, "
                        + "walkback.max-ahead-of-now): the broker and the processor would refuse it",
                "feed.jsonl:7: reportedAt +999999999-12-31T23:59:59Z is more than PT1H ahead of now (2026-12-08T12:00:00Z, "
                        + "walkback.max-ahead-of-now): the broker and the processor would refuse it");
    }

    @Test
    @DisplayName("The summary line counts sent, bad, refused and skipped records, with the rate")
    void summaryLine() {
        ReplaySummary summary = new ReplaySummary(10, 4, 3, List.of(new Feed.FeedProblem("f:2", "bad")),
                List.of(new Feed.FeedProblem("f:9", "refused")), Map.of("duplicate", 2L), Duration.ofSeconds(2));
        assertThat(summary.line()).isEqualTo("read 10 lines; replayed 7 records (4 announcements, 3 backtracks) in 2.0 s, "
                + "4 records/s; 1 bad lines skipped; 1 refused by the broker; 2 skipped: duplicate");
        assertThat(summary.allAccepted()).isFalse();
    }

    @Test
    @DisplayName("On a terminal the progress bar shows records, rate and ETA; off a terminal nothing floods the log")
    void progress() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Progress bar = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8), true, 1_000);
        assertThat(bar.render(250, System.nanoTime())).matches("\\[#{8}-{22}] 250/1,000 records  [\\d,]+ rec/s  ETA \\S+");
        bar.finish(1_000);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("\r[##############################] 1,000/1,000 records");

        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        Progress quiet = new Progress(new PrintStream(plain, true, StandardCharsets.UTF_8), false, 1_000);
        for (int i = 1; i <= 1_000; i++) {
            quiet.update(i);
        }
        quiet.finish(1_000);
        assertThat(plain.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
