package io.walkback.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.walkback.app.broker.EmbeddedKafkaBroker;
import io.walkback.app.config.WalkbackConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("A corpus of hostile records on both inputs: each is processed or dead-lettered, and nothing stops")
@ExtendWith(SharedBroker.class)
class HostileInputIT {

    private static final String GOOD_ANNOUNCEMENT = "{\"id\":\"%s\",\"announcedAt\":\"%s\",\"actor\":\"USA\",\"counterparts\":[\"CHN\"],"
            + "\"topic\":\"trade\",\"claim\":\"%s\"}";
    private static final String GOOD_BACKTRACK = "{\"id\":\"%s\",\"reportedAt\":\"%s\",\"actor\":\"CHN\",\"counterparts\":[\"USA\"],"
            + "\"topic\":\"trade\",\"statement\":\"%s\",\"kind\":\"%s\"}";

    record Hostile(String what, byte[] key, byte[] value) {
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static List<Hostile> announcements() {
        return List.of(
                new Hostile("not JSON", null, utf8("Russia agreed to everything")),
                new Hostile("truncated JSON", null, utf8("{\"id\":\"h1\",\"announcedAt\":\"2014-")),
                new Hostile("wrong types", null, utf8("{\"id\":\"h2\",\"announcedAt\":true,\"actor\":[],\"topic\":1,\"claim\":{}}")),
                new Hostile("missing fields", null, utf8("{\"id\":\"h3\"}")),
                new Hostile("year 0", null, utf8(GOOD_ANNOUNCEMENT.formatted("h4", "0000-01-01T00:00:00Z", "ancient"))),
                new Hostile("year 9999", null, utf8(GOOD_ANNOUNCEMENT.formatted("h5", "9999-12-31T23:59:59Z", "future"))),
                new Hostile("900 kB claim", null, utf8(GOOD_ANNOUNCEMENT.formatted("h6", "2014-10-15T00:00:00Z", "x".repeat(900_000)))),
                new Hostile("deeply nested", null, utf8("{\"id\":\"h7\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}")),
                new Hostile("invalid UTF-8", null, new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}),
                new Hostile("JSON array", null, utf8("[1,2,3]")),
                new Hostile("JSON null", null, utf8("null")),
                new Hostile("empty value", null, new byte[0]),
                new Hostile("tombstone", utf8("some-key"), null),
                new Hostile("null key and value", null, null));
    }

    static List<Hostile> backtracks() {
        return List.of(
                new Hostile("unknown kind", null, utf8(GOOD_BACKTRACK.formatted("hb1", "2014-10-16T00:00:00Z", "no", "shrug"))),
                new Hostile("year 9999", null, utf8(GOOD_BACKTRACK.formatted("hb2", "9999-01-01T00:00:00Z", "no", "denial"))),
                new Hostile("invalid UTF-8", null, new byte[] {(byte) 0xc3, (byte) 0x28}),
                new Hostile("tombstone", utf8("k"), null),
                new Hostile("missing statement", null, utf8("{\"id\":\"hb3\",\"reportedAt\":\"2014-10-16T00:00:00Z\",\"actor\":\"CHN\",\"topic\":\"trade\"}")));
    }

    @Test
    @DisplayName("Input records = processed + dead-lettered; good records around them still give the right claims")
    void hostileCorpus(EmbeddedKafkaBroker broker) throws Exception {
        try (WalkbackOnBroker walkback = new WalkbackOnBroker(broker)) {
            WalkbackConfig config = walkback.config("hostile", Map.of());
            TopicSetup.ensureTopics(config);
            try (WalkbackService service = WalkbackService.start(config, claim -> { })) {
                List<Hostile> bad = new ArrayList<>();
                int goodAnnouncements = 0;
                int goodBacktracks = 0;
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.clientProperties(),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
                    // Good records first and last, hostile ones in between, on both topics.
                    send(producer, config.topics().announcements().name(), null,
                            utf8(GOOD_ANNOUNCEMENT.formatted("good-a1", "2019-05-01T00:00:00Z", "China will buy soybeans")));
                    goodAnnouncements++;
                    for (Hostile h : announcements()) {
                        send(producer, config.topics().announcements().name(), h.key(), h.value());
                        bad.add(h);
                    }
                    for (Hostile h : backtracks()) {
                        send(producer, config.topics().backtracks().name(), h.key(), h.value());
                        bad.add(h);
                    }
                    // A backtrack before its announcement: valid, processed, contests nothing (a negative lag).
                    send(producer, config.topics().backtracks().name(), null,
                            utf8(GOOD_BACKTRACK.formatted("good-b0", "2019-04-30T00:00:00Z", "pre-emptive denial", "denial")));
                    send(producer, config.topics().backtracks().name(), null,
                            utf8(GOOD_BACKTRACK.formatted("good-b1", "2019-05-02T00:00:00Z", "no purchase agreed", "DENIAL")));
                    goodBacktracks += 2;

                    // 10 MB never reaches Walkback: Kafka refuses it at the producer (max.request.size, 1 MB).
                    assertThatThrownBy(() -> send(producer, config.topics().backtracks().name(), null,
                            utf8(GOOD_BACKTRACK.formatted("hb-10mb", "2014-10-16T00:00:00Z", "y".repeat(10_000_000), "denial"))))
                            .hasCauseInstanceOf(RecordTooLargeException.class);
                }
                int inputs = goodAnnouncements + goodBacktracks + bad.size();
                try (GroupLag lag = new GroupLag(config)) {
                    await().atMost(WalkbackOnBroker.DEADLINE).pollInterval(Duration.ofMillis(200))
                            .until(() -> lag.total() == 0);
                }
                String metrics = WalkbackOnBroker.scrape(service);
                double read = value(metrics, "walkback_announcements_read_total") + value(metrics, "walkback_backtracks_read_total");
                double deadLettered = sum(metrics, "walkback_dead_letters_total");
                List<ConsumerRecord<byte[], byte[]>> deadLetters = walkback.deadLetters(config);

                assertThat(service.processor().state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(read).isEqualTo(goodAnnouncements + goodBacktracks);
                assertThat(deadLettered).isEqualTo(bad.size());
                assertThat(read + deadLettered).isEqualTo(inputs);
                assertThat(deadLetters).hasSize(bad.size()).allSatisfy(record -> assertThat(
                        new String(record.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8))
                        .matches("(Announcement|Backtrack) rejected: .+"));
                // The year-9999 records did not move stream time: the 2019 pair still matched.
                assertThat(walkback.contestedClaims(config))
                        .extracting(c -> c.announcementId() + ">" + c.backtrackId())
                        .containsExactly("good-a1>good-b1");
                System.out.printf("hostile corpus: %d inputs = %.0f processed + %.0f dead-lettered; reasons: %s%n",
                        inputs, read, deadLettered, reasons(metrics));
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] key, byte[] value)
            throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static double sum(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*} (\\S+)$").matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    private static List<String> reasons(String metrics) {
        Matcher m = Pattern.compile("(?m)^walkback_dead_letters_total(\\{[^}]*}) (\\S+)$").matcher(metrics);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1) + "=" + m.group(2));
        }
        return out;
    }

}
