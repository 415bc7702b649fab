package io.walkback.app.http;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.walkback.contract.ClaimStatus;
import io.walkback.contract.ContestedClaim;
import io.walkback.contract.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walkback's HTTP interface: {@code /metrics} (Prometheus), {@code /health}, the claims API
 * ({@code /api/claims}, {@code /api/claims/{id}}), the live stream ({@code /api/stream}, Server-Sent
 * Events) and the dashboard ({@code /}). Read-only: any method but GET is refused, request bodies and
 * long URIs too. Binds loopback unless configured otherwise.
 */
public final class WalkbackHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WalkbackHttpServer.class);
    static final int MAX_URI_LENGTH = 2048;
    static final int MAX_LIMIT = 1000;
    private static final long HEARTBEAT_SECONDS = 15;
    private static final Map<String, String> STATIC = Map.of(
            "/", "dashboard.html",
            "/dashboard.js", "dashboard.js",
            "/dashboard.css", "dashboard.css");

    /** What the server serves from; the processor may not exist yet when the server starts. */
    public interface Backend {
        KafkaStreams.State state();

        Optional<ClaimStore> claims();

        Optional<OtherInstances> otherInstances();

        String scrapeMetrics();

        ClaimBroadcast broadcast();
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Backend backend;
    private final ClaimQuery claims;
    private final ObjectWriter json = Json.mapper().writer();

    private WalkbackHttpServer(HttpServer server, ExecutorService executor, Backend backend) {
        this.server = server;
        this.executor = executor;
        this.backend = backend;
        this.claims = new ClaimQuery(backend::claims, backend::otherInstances);
    }

    public static WalkbackHttpServer start(String host, int port, Backend backend) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
            AtomicInteger threads = new AtomicInteger();
            ExecutorService executor = new ThreadPoolExecutor(2, ClaimBroadcast.MAX_SUBSCRIBERS + 16, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), task -> {
                        Thread thread = new Thread(task, "walkback-http-" + threads.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            server.setExecutor(executor);
            WalkbackHttpServer http = new WalkbackHttpServer(server, executor, backend);
            server.createContext("/", http::handle);
            server.start();
            LOG.info("HTTP server listening on {}", http.baseUrl());
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " (walkback.http.host/port): "
                    + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        String host = server.getAddress().getAddress().isAnyLocalAddress() ? "localhost"
                : server.getAddress().getAddress().getHostAddress();
        return "http://" + host + ":" + port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            addSecurityHeaders(exchange);
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                sendText(exchange, 405, "only GET is served\n");
                return;
            }
            if (exchange.getRequestURI().toString().length() > MAX_URI_LENGTH) {
                sendText(exchange, 414, "request URI longer than " + MAX_URI_LENGTH + " characters\n");
                return;
            }
            if (hasBody(exchange)) {
                sendText(exchange, 413, "GET requests must not have a body\n");
                return;
            }
            route(exchange);
        } catch (IOException e) {
            LOG.debug("HTTP client went away: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("HTTP request {} failed", exchange.getRequestURI(), e);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (STATIC.containsKey(path)) {
            sendResource(exchange, STATIC.get(path));
        } else if (path.equals("/metrics")) {
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                    backend.scrapeMetrics().getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/health")) {
            KafkaStreams.State state = backend.state();
            sendJson(exchange, state == KafkaStreams.State.RUNNING ? 200 : 503, Map.of("state", String.valueOf(state)));
        } else if (path.equals("/api/claims")) {
            listClaims(exchange);
        } else if (path.startsWith("/api/claims/")) {
            findClaim(exchange, URLDecoder.decode(path.substring("/api/claims/".length()), StandardCharsets.UTF_8));
        } else if (path.equals("/api/stream")) {
            stream(exchange);
        } else {
            sendJson(exchange, 404, Map.of("error", "no such resource: " + path));
        }
    }

    private void listClaims(HttpExchange exchange) throws IOException {
        String limitText = queryParameter(exchange, "limit").orElse("50");
        int limit;
        try {
            limit = Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            sendJson(exchange, 400, Map.of("error", "limit: expected a whole number from 1 to " + MAX_LIMIT
                    + ", got '" + limitText + "'"));
            return;
        }
        int wanted = limit;
        boolean localOnly = isLocalScope(exchange);
        answer(exchange, () -> {
            List<ClaimStatus> top = claims.recentlyContested(wanted, localOnly);
            return new Answer(200, Map.of("claims", top, "count", top.size()));
        });
    }

    private void findClaim(HttpExchange exchange, String id) throws IOException {
        boolean localOnly = isLocalScope(exchange);
        answer(exchange, () -> claims.find(id, localOnly)
                .map(status -> new Answer(200, status))
                .orElseGet(() -> new Answer(404, Map.of("error", "no announcement with id " + id))));
    }

    private static boolean isLocalScope(HttpExchange exchange) {
        return queryParameter(exchange, "scope").map("local"::equals).orElse(false);
    }

    private record Answer(int status, Object body) {
    }

    private void answer(HttpExchange exchange, Supplier<Answer> query) throws IOException {
        Answer answer;
        try {
            answer = query.get();
        } catch (NotQueryableException e) {
            exchange.getResponseHeaders().set("Retry-After", "2");
            answer = new Answer(503, Map.of("error", e.getMessage()));
        }
        sendJson(exchange, answer.status(), answer.body());
    }

    private void stream(HttpExchange exchange) throws IOException {
        BlockingQueue<ContestedClaim> queue = backend.broadcast().subscribe();
        if (queue == null) {
            sendText(exchange, 503, "too many live subscribers\n");
            return;
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(": walkback contested claims\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!Thread.currentThread().isInterrupted()) {
                ContestedClaim claim = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                String event = claim == null ? ": heartbeat\n\n"
                        : "event: contested-claim\nid: " + claim.announcementId() + "/" + claim.backtrackId()
                        + "\ndata: " + json.writeValueAsString(claim) + "\n\n";
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            backend.broadcast().unsubscribe(queue);
        }
    }

    private static Optional<String> queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static boolean hasBody(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        return (length != null && !length.equals("0")) || exchange.getRequestHeaders().containsKey("Transfer-Encoding");
    }

    private static void addSecurityHeaders(HttpExchange exchange) {
        var headers = exchange.getResponseHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        headers.set("Referrer-Policy", "no-referrer");
    }

    private void sendResource(HttpExchange exchange, String name) throws IOException {
        try (InputStream in = WalkbackHttpServer.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                sendText(exchange, 500, "missing resource " + name + "\n");
                return;
            }
            String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                    : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            send(exchange, 200, type, in.readAllBytes());
        }
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
