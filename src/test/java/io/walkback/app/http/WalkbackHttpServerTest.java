package io.walkback.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.walkback.contract.BacktrackKind;
import io.walkback.contract.ContestedClaim;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The HTTP server before the processor is ready, and its live stream")
class WalkbackHttpServerTest {

    private final FakeBackend backend = new FakeBackend(KafkaStreams.State.REBALANCING, () -> "walkback_up 1\n");
    private final ClaimBroadcast broadcast = backend.broadcast;
    private final WalkbackHttpServer server = WalkbackHttpServer.start("127.0.0.1", 0, backend);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("While rebalancing: /health is 503 with the state, the claims API 503 with a reason and Retry-After")
    void notReadyYet() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).isEqualTo("{\"state\":\"REBALANCING\"}");
        HttpResponse<String> claims = get("/api/claims");
        assertThat(claims.statusCode()).isEqualTo(503);
        assertThat(claims.headers().firstValue("Retry-After")).contains("2");
        assertThat(claims.body()).contains("the processor is starting");
        backend.state = KafkaStreams.State.RUNNING;
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("The dashboard and its assets are served with a strict content security policy")
    void dashboard() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'"));
        assertThat(page.body()).contains("<script src=\"/dashboard.js\"", "id=\"claims\"").doesNotContain("http://", "https://");
        assertThat(get("/dashboard.js").body()).contains("textContent").doesNotContain("innerHTML");
        assertThat(get("/dashboard.css").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").body()).isEqualTo("walkback_up 1\n");
    }

    @Test
    @DisplayName("/api/stream sends the recent claims first, then each new one, as Server-Sent Events")
    void stream() throws Exception {
        broadcast.accept(claim("ann-old"));
        HttpResponse<java.util.stream.Stream<String>> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/stream")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        var lines = response.body().iterator();
        broadcast.accept(claim("ann-new"));
        List<String> data = new java.util.ArrayList<>();
        while (data.size() < 2 && lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data: ")) {
                data.add(line);
            }
        }
        response.body().close();
        assertThat(data).hasSize(2);
        assertThat(data.get(0)).contains("\"announcementId\":\"ann-old\"");
        assertThat(data.get(1)).contains("\"announcementId\":\"ann-new\"");
    }

    private static ContestedClaim claim(String id) {
        Instant at = Instant.parse("2019-05-01T00:00:00Z");
        return new ContestedClaim(1, id, "bt-" + id, "trade", List.of("CHN", "USA"), "USA", "CHN", BacktrackKind.DENIAL,
                at, at.plus(Duration.ofHours(2)), Duration.ofHours(2).toMillis(), Duration.ofHours(2), "deal", "no deal",
                null, null, new io.walkback.contract.Match("similarity", 0.7, List.of("deal")));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
