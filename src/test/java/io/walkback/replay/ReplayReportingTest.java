package io.walkback.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
