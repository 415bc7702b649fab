package io.walkback.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.walkback.app.broker.EmbeddedKafkaBroker;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.contract.ContestedClaim;
import io.walkback.contract.Json;
import io.walkback.replay.Feed;
import io.walkback.replay.FeedEntry;
import io.walkback.replay.SyntheticFeed;
import io.walkback.topology.ReferenceRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Two instances share 4-partition topics: claims API across instances, and complete output after one leaves")
@ExtendWith(SharedBroker.class)
class ScaleOutIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @DisplayName("Each instance answers for claims the other holds; after one leaves, output is complete and not duplicated")
    void twoInstancesThenOne(EmbeddedKafkaBroker broker) throws Exception {
        Feed feed = SyntheticFeed.generate(4_000, 0.6, Instant.parse("2019-01-01T00:00:00Z"), Duration.ofDays(120),
                Duration.ofDays(30), 21);
        List<FeedEntry> first = feed.entries().subList(0, 2_000);
        List<FeedEntry> second = feed.entries().subList(2_000, feed.entries().size());
        try (WalkbackOnBroker walkback = new WalkbackOnBroker(broker)) {
            // Same application id and topics, each instance its own state directory and HTTP port.
            WalkbackConfig configA = walkback.config("scale", Map.of());
            WalkbackConfig configB = walkback.config("scale", Map.of());
            TopicSetup.ensureTopics(configA);
            WalkbackService a = WalkbackService.start(configA, claim -> { });
            WalkbackService b = WalkbackService.start(configB, claim -> { });
            try (GroupLag lag = new GroupLag(configA)) {
                await().atMost(WalkbackOnBroker.DEADLINE).until(() -> bothRunningWithWork(a, b));
                walkback.replay(configA, new Feed(first, List.of(), Map.of(), first.size()));
                await().atMost(WalkbackOnBroker.DEADLINE).pollInterval(Duration.ofMillis(200))
                        .until(() -> lag.total() == 0 && a.processor().state() == KafkaStreams.State.RUNNING
                                && b.processor().state() == KafkaStreams.State.RUNNING);

                List<String> heldByB = ids(get(b, "/api/claims?scope=local&limit=1000"));
                List<String> heldByA = ids(get(a, "/api/claims?scope=local&limit=1000"));
                assertThat(heldByA).isNotEmpty();
                assertThat(heldByB).isNotEmpty().doesNotContainAnyElementsOf(heldByA);
                String onlyOnB = heldByB.get(0);
                assertThat(get(a, "/api/claims/" + onlyOnB + "?scope=local").statusCode()).isEqualTo(404);
                HttpResponse<String> forwarded = get(a, "/api/claims/" + onlyOnB);
                assertThat(forwarded.statusCode()).isEqualTo(200);
                assertThat(Json.mapper().readTree(forwarded.body()).get("announcementId").asText()).isEqualTo(onlyOnB);
                List<String> everything = ids(get(a, "/api/claims?limit=1000"));
                assertThat(everything).hasSize(heldByA.size() + heldByB.size())
                        .containsAll(heldByA).containsAll(heldByB);

                // B leaves the group; A takes over B's partitions, restoring their state from the changelogs.
                b.close();
                walkback.replay(configA, new Feed(second, List.of(), Map.of(), second.size()));
                await().atMost(WalkbackOnBroker.DEADLINE).pollInterval(Duration.ofMillis(200))
                        .until(() -> lag.total() == 0 && a.processor().state() == KafkaStreams.State.RUNNING);
                for (String id : heldByB) {
                    assertThat(get(a, "/api/claims/" + id + "?scope=local").statusCode()).as(id).isEqualTo(200);
                }
            } finally {
                b.close();
                a.close();
            }
            List<ContestedClaim> claims = walkback.contestedClaims(configA);
            Set<String> expected = ReferenceRun.contestedClaims(configA.topologySettings(), feed).stream()
                    .map(ScaleOutIT::pair).collect(Collectors.toSet());
            assertThat(claims).hasSize(expected.size());
            assertThat(claims.stream().map(ScaleOutIT::pair).collect(Collectors.toSet())).isEqualTo(expected);
        }
    }

    private static boolean bothRunningWithWork(WalkbackService a, WalkbackService b) {
        return a.processor().state() == KafkaStreams.State.RUNNING && b.processor().state() == KafkaStreams.State.RUNNING
                && hasActiveTasks(a) && hasActiveTasks(b);
    }

    private static boolean hasActiveTasks(WalkbackService service) {
        return service.processor().streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
    }

    private static String pair(ContestedClaim c) {
        return c.announcementId() + ">" + c.backtrackId() + "@" + c.lagMillis();
    }

    private static List<String> ids(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode claim : Json.mapper().readTree(response.body()).get("claims")) {
            ids.add(claim.get("announcementId").asText());
        }
        return ids;
    }

    private static HttpResponse<String> get(WalkbackService service, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
