package io.walkback.topology;

import static io.walkback.topology.Events.kerryClaim;
import static io.walkback.topology.Events.moscowWalkBack;
import static org.assertj.core.api.Assertions.assertThat;

import io.walkback.contract.ContestedClaim;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Given a bad record, it is dead-lettered with its reason and good records still flow")
class DeadLetterScenariosTest {

    static final String REASON = "__streams.errors.message";
    static final String SOURCE_TOPIC = "__streams.errors.topic";
    static final String SOURCE_PARTITION = "__streams.errors.partition";
    static final String SOURCE_OFFSET = "__streams.errors.offset";

    private ContestDriver walkback;

    @BeforeEach
    void start() {
        walkback = ContestDriver.withDefaults();
    }

    @AfterEach
    void stop() {
        walkback.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON              | {\"id\": \"a1\", \"announcedAt\": | Unexpected end-of-input",
            "not JSON at all             | Russia agreed!                   | Unrecognized token",
            "missing claim               | {\"id\":\"a1\",\"announcedAt\":\"2014-10-15T00:00:00Z\",\"actor\":\"USA\",\"topic\":\"t\"} | missing required field 'claim'",
            "unparseable time            | {\"id\":\"a1\",\"announcedAt\":\"yesterday\",\"actor\":\"USA\",\"topic\":\"t\",\"claim\":\"c\"} | field 'announcedAt': expected an ISO-8601 instant such as 2014-10-14T18:30:00Z or 2014-10-14T21:30:00+03:00, got 'yesterday'",
            "year 9999                   | {\"id\":\"a1\",\"announcedAt\":\"9999-01-01T00:00:00Z\",\"actor\":\"USA\",\"topic\":\"t\",\"claim\":\"c\"} | ahead of the processor's clock",
            "year 0                      | {\"id\":\"a1\",\"announcedAt\":\"0000-01-01T00:00:00Z\",\"actor\":\"USA\",\"topic\":\"t\",\"claim\":\"c\"} | before the earliest accepted time",
            "wrong type for counterparts | {\"id\":\"a1\",\"announcedAt\":\"2014-10-15T00:00:00Z\",\"actor\":\"USA\",\"topic\":\"t\",\"claim\":\"c\",\"counterparts\":{\"a\":1}} | field 'counterparts': expected an array of strings",
            "JSON null                   | null                             | value is JSON null",
            "a key given twice           | {\"id\":\"a1\",\"id\":\"a2\",\"announcedAt\":\"2014-10-15T00:00:00Z\",\"actor\":\"USA\",\"topic\":\"t\",\"claim\":\"c\"} | Duplicate field 'id' (at byte 15)",
    })
    @DisplayName("A bad announcement goes to the dead-letter topic with the original bytes, source and reason")
    void badAnnouncement(String what, String value, String expectedReason) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        walkback.rawAnnouncement(bytes).announce(kerryClaim()).report(moscowWalkBack());

        List<TestRecord<byte[], byte[]>> deadLetters = walkback.deadLetters();
        assertThat(deadLetters).hasSize(1);
        TestRecord<byte[], byte[]> deadLetter = deadLetters.get(0);
        assertThat(deadLetter.value()).isEqualTo(bytes);
        assertThat(ContestDriver.header(deadLetter.headers(), REASON))
                .startsWith("Announcement rejected: ")
                .contains(expectedReason);
        assertThat(ContestDriver.header(deadLetter.headers(), SOURCE_TOPIC)).isEqualTo("diplomatic.announcements");
        assertThat(ContestDriver.header(deadLetter.headers(), SOURCE_PARTITION)).isEqualTo("0");
        assertThat(ContestDriver.header(deadLetter.headers(), SOURCE_OFFSET)).isEqualTo("0");
        assertThat(walkback.contestedClaims()).extracting(ContestedClaim::announcementId)
                .containsExactly("ann-kerry-2014-10-15");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown kind     | {\"id\":\"b1\",\"reportedAt\":\"2014-10-16T00:00:00Z\",\"actor\":\"RUS\",\"topic\":\"t\",\"statement\":\"s\",\"kind\":\"shrug\"} | field 'kind' is 'shrug', expected one of denial, walk_back",
            "missing statement| {\"id\":\"b1\",\"reportedAt\":\"2014-10-16T00:00:00Z\",\"actor\":\"RUS\",\"topic\":\"t\"} | missing required field 'statement'",
            "missing time     | {\"id\":\"b1\",\"actor\":\"RUS\",\"topic\":\"t\",\"statement\":\"s\"} | missing required field 'reportedAt'",
            "blank id         | {\"id\":\"  \",\"reportedAt\":\"2014-10-16T00:00:00Z\",\"actor\":\"RUS\",\"topic\":\"t\",\"statement\":\"s\"} | missing required field 'id'",
            "trailing garbage | {\"id\":\"b1\",\"reportedAt\":\"2014-10-16T00:00:00Z\",\"actor\":\"RUS\",\"topic\":\"t\",\"statement\":\"s\"} {} | Trailing token",
    })
    @DisplayName("A bad backtrack goes to the dead-letter topic with its reason")
    void badBacktrack(String what, String value, String expectedReason) {
        walkback.announce(kerryClaim()).rawBacktrack(value.getBytes(StandardCharsets.UTF_8)).report(moscowWalkBack());

        List<TestRecord<byte[], byte[]>> deadLetters = walkback.deadLetters();
        assertThat(deadLetters).hasSize(1);
        assertThat(ContestDriver.header(deadLetters.get(0).headers(), REASON))
                .startsWith("Backtrack rejected: ")
                .contains(expectedReason);
        assertThat(ContestDriver.header(deadLetters.get(0).headers(), SOURCE_TOPIC)).isEqualTo("diplomatic.backtracks");
        assertThat(walkback.contestedClaims()).hasSize(1);
    }

    @Test
    @DisplayName("A tombstone (null value) is dead-lettered, not silently skipped")
    void tombstone() {
        walkback.rawBacktrack(null).announce(kerryClaim()).report(moscowWalkBack());

        List<TestRecord<byte[], byte[]>> deadLetters = walkback.deadLetters();
        assertThat(deadLetters).hasSize(1);
        assertThat(ContestDriver.header(deadLetters.get(0).headers(), REASON)).contains("no value");
        assertThat(walkback.contestedClaims()).hasSize(1);
    }

    @Test
    @DisplayName("Kind is read case-insensitively and defaults to walk_back")
    void kindIsCaseInsensitiveWithDefault() {
        String shouted = "{\"id\":\"b1\",\"reportedAt\":\"2014-10-16T17:45:00Z\",\"actor\":\"RUS\",\"counterparts\":[\"USA\"],"
                + "\"topic\":\"intelligence-sharing/islamic-state\",\"statement\":\"s\",\"kind\":\"DENIAL\"}";
        String unstated = "{\"id\":\"b2\",\"reportedAt\":\"2014-10-16T18:00:00+03:00\",\"actor\":\"RUS\",\"counterparts\":[\"USA\"],"
                + "\"topic\":\"intelligence-sharing/islamic-state\",\"statement\":\"s\"}";
        walkback.announce(kerryClaim())
                .rawBacktrack(shouted.getBytes(StandardCharsets.UTF_8))
                .rawBacktrack(unstated.getBytes(StandardCharsets.UTF_8));

        assertThat(walkback.deadLetters()).isEmpty();
        assertThat(walkback.contestedClaims())
                .extracting(c -> c.backtrackId() + ":" + c.kind().wireName() + ":" + c.contestedAt())
                .containsExactly("b1:denial:2014-10-16T17:45:00Z", "b2:walk_back:2014-10-16T15:00:00Z");
    }

    @Test
    @DisplayName("A statement longer than the accepted size, and deeply nested JSON, are dead-lettered")
    void oversizedAndDeeplyNested() {
        String huge = "{\"id\":\"b1\",\"reportedAt\":\"2014-10-16T00:00:00Z\",\"actor\":\"RUS\",\"topic\":\"t\",\"statement\":\""
                + "x".repeat(io.walkback.contract.Json.MAX_STRING_CHARS + 1) + "\"}";
        String nested = "{\"id\":\"b1\",\"extra\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        walkback.rawBacktrack(huge.getBytes(StandardCharsets.UTF_8))
                .rawBacktrack(nested.getBytes(StandardCharsets.UTF_8))
                .rawBacktrack(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});

        assertThat(walkback.deadLetters())
                .extracting(r -> ContestDriver.header(r.headers(), REASON))
                .satisfiesExactly(
                        reason -> assertThat(reason).contains("String value length"),
                        reason -> assertThat(reason).contains("nesting depth"),
                        reason -> assertThat(reason).contains("UTF-8"));
    }
}
