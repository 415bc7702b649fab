package io.walkback.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.walkback.contract.BacktrackKind;
import io.walkback.contract.ContestedClaim;
import io.walkback.contract.Match;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Careless and hostile clients against the HTTP server, on loopback, with bounded load: slow senders, subscribers that
 * never leave, ids crafted to inject events, huge texts, a handler that runs out of memory.
 */
@DisplayName("The HTTP server under careless and hostile clients stays answerable and bounded")
class HttpAbuseTest {

    private final AtomicBoolean metricsRunOutOfMemory = new AtomicBoolean();
    private final FakeBackend backend = new FakeBackend(KafkaStreams.State.RUNNING, () -> {
        if (metricsRunOutOfMemory.get()) {
            throw new OutOfMemoryError("Java heap space (simulated)");
        }
        return "walkback_up 1\n";
    });
    private final ClaimBroadcast broadcast = backend.broadcast;
    private final List<Socket> sockets = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WalkbackHttpServer server;

    private WalkbackHttpServer start(Duration maxStreamAge) {
        server = WalkbackHttpServer.start("127.0.0.1", 0, backend, maxStreamAge);
        return server;
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("100 clients that send one byte and stall do not keep /health from answering")
    void slowClients() throws Exception {
        start(WalkbackHttpServer.MAX_STREAM_AGE);
        for (int i = 0; i < 100; i++) {
            Socket socket = open();
            socket.getOutputStream().write('G');
            socket.getOutputStream().flush();
        }
        HttpResponse<String> health = http.send(request("/health").timeout(Duration.ofSeconds(40)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("Live-stream subscribers that never leave are ended after the stream's maximum age, so new dashboards get in")
    void idleSubscribers() throws Exception {
        start(Duration.ofSeconds(2));
        for (int i = 0; i < ClaimBroadcast.MAX_SUBSCRIBERS; i++) {
            OutputStream out = open().getOutputStream();
            out.write("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush(); // and never read a byte of the stream
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<Void> stream = http.send(request("/api/stream").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return stream.statusCode() == 200;
        });
    }

    @Test
    @DisplayName("An id holding line breaks cannot end the SSE id field and inject an event of its own")
    void sseInjection() throws Exception {
        start(WalkbackHttpServer.MAX_STREAM_AGE);
        String hostile = "ann-1\n\nevent: contested-claim\ndata: {\"announcementId\":\"forged\"}\n\n";
        broadcast.accept(claim(hostile, "deal"));
        HttpResponse<java.util.stream.Stream<String>> response = http.send(request("/api/stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        List<String> lines = new ArrayList<>();
        var iterator = response.body().iterator();
        while (iterator.hasNext()) {
            String line = iterator.next();
            lines.add(line);
            if (line.startsWith("data: ")) {
                break;
            }
        }
        response.body().close();
        assertThat(lines).filteredOn(line -> line.startsWith("event:")).containsExactly("event: contested-claim");
        assertThat(lines).filteredOn(line -> line.startsWith("id:"))
                .containsExactly("id: ann-1%0A%0Aevent%3A+contested-claim%0Adata%3A+%7B%22announcementId%22%3A%22forged%22%7D%0A%0A"
                        + "/bt-1");
        assertThat(lines).noneMatch(line -> line.contains("\"announcementId\":\"forged\"") && !line.contains("\\n"));
    }

    @Test
    @DisplayName("Texts of 100,000 characters reach the live stream cut to 500, ending in an ellipsis")
    void longTextsAreCut() throws Exception {
        start(WalkbackHttpServer.MAX_STREAM_AGE);
        broadcast.accept(claim("ann-long", "x".repeat(100_000)));
        HttpResponse<java.util.stream.Stream<String>> response = http.send(request("/api/stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        String data = response.body().filter(line -> line.startsWith("data: ")).findFirst().orElseThrow();
        response.body().close();
        assertThat(data).contains("\"claim\":\"" + "x".repeat(499) + "…\"").hasSizeLessThan(2_000);
        String pair = "\uD83D\uDE00"; // one character, two chars: never split
        assertThat(ShortTexts.cut("a".repeat(498) + pair + "tail")).isEqualTo("a".repeat(498) + "…");
        assertThat(ShortTexts.cut("short")).isEqualTo("short");
    }

    @Test
    @DisplayName("Out of memory in a handler: that request gets 503, the server lives on, /health reports the problem")
    void outOfMemoryInAHandler() throws Exception {
        start(WalkbackHttpServer.MAX_STREAM_AGE);
        metricsRunOutOfMemory.set(true);
        assertThat(get("/metrics").statusCode()).isEqualTo(503);
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"problem\":\"java.lang.OutOfMemoryError: Java heap space (simulated)\"");
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    private Socket open() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        sockets.add(socket);
        return socket;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ContestedClaim claim(String id, String text) {
        Instant at = Instant.parse("2019-05-01T00:00:00Z");
        return new ContestedClaim(1, id, "bt-1", "trade", List.of("CHN", "USA"), "USA", "CHN", BacktrackKind.DENIAL,
                at, at.plus(Duration.ofHours(2)), Duration.ofHours(2).toMillis(), Duration.ofHours(2), text, "no deal",
                null, null, new Match("reference", 1.0, List.of()));
    }
}
