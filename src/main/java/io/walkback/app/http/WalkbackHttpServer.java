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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
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
 *
 * <p>Bounded against careless and hostile clients: a request must arrive whole within {@link #MAX_REQUEST_SECONDS}
 * (the JDK server reads it on a worker thread, so a client sending one byte a minute would hold one); a live stream
 * ends after {@link #MAX_STREAM_AGE} (browsers reconnect on their own), so idle subscribers cannot keep new
 * dashboards out; at most {@link #MAX_QUERIES} claims queries run at once, each with texts cut in lists; requests
 * beyond the workers wait in a queue rather than being reset. A {@link VirtualMachineError} in a handler (out of
 * memory, say) is answered 503 where possible and reported by {@code /health} from then on, so a supervisor
 * restarts the process.
 */
public final class WalkbackHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WalkbackHttpServer.class);
    static final int MAX_URI_LENGTH = 2048;
    static final int MAX_LIMIT = 1000;
    private static final long HEARTBEAT_SECONDS = 15;
    static final int MAX_REQUEST_SECONDS = 10;
    static final Duration MAX_STREAM_AGE = Duration.ofMinutes(10);
    static final int MAX_QUERIES = 8;
    private static final int WORKERS = ClaimBroadcast.MAX_SUBSCRIBERS + 16;
    private static final int WAITING_REQUESTS = 256;

    static {
        // Read once by the JDK's server implementation when it first starts: set before any server exists.
        System.setProperty("sun.net.httpserver.maxReqTime",
                System.getProperty("sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_SECONDS)));
    }
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
    private final Semaphore queries = new Semaphore(MAX_QUERIES);
    private final Duration maxStreamAge;
    private final ObjectWriter json = Json.mapper().writer();
    /** Set once a handler hit a VirtualMachineError: the process should be restarted. */
    private volatile String trouble;

    private WalkbackHttpServer(HttpServer server, ExecutorService executor, Backend backend, Duration maxStreamAge) {
        this.server = server;
        this.executor = executor;
        this.backend = backend;
        this.maxStreamAge = maxStreamAge;
        this.claims = new ClaimQuery(backend::claims, backend::otherInstances);
    }

    public static WalkbackHttpServer start(String host, int port, Backend backend) {
        return start(host, port, backend, MAX_STREAM_AGE);
    }

    static WalkbackHttpServer start(String host, int port, Backend backend, Duration maxStreamAge) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
            AtomicInteger threads = new AtomicInteger();
            ThreadPoolExecutor executor = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(WAITING_REQUESTS), task -> {
                        Thread thread = new Thread(task, "walkback-http-" + threads.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            executor.allowCoreThreadTimeOut(true);
            server.setExecutor(executor);
            WalkbackHttpServer http = new WalkbackHttpServer(server, executor, backend, maxStreamAge);
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

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
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
            } catch (RuntimeException e) {
                LOG.warn("HTTP request {} failed", exchange.getRequestURI(), e);
                sendJson(exchange, 500, Map.of("error", "internal error; see the server's log"));
            } catch (VirtualMachineError e) {
                // Caught so that the worker, and the server, live on to say so; the JVM is not to be trusted any more.
                trouble = e.toString();
                LOG.error("HTTP request {} hit {}: /health reports it from now on; restart the process",
                        exchange.getRequestURI(), e.toString());
                sendText(exchange, 503, "the server is out of resources\n");
            }
        } catch (IOException | RuntimeException | VirtualMachineError e) {
            // The client went away, or the response had begun and cannot be replaced: nothing more to tell it.
            LOG.debug("HTTP response to {} not completed: {}", exchange.getRequestURI(), e.toString());
        }
    }

    /** What went wrong in a handler that should make a supervisor restart the process, if anything. */
    public Optional<String> trouble() {
        return Optional.ofNullable(trouble);
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
            String problem = trouble;
            if (problem != null) {
                sendJson(exchange, 503, Map.of("state", String.valueOf(state), "problem", problem));
            } else {
                sendJson(exchange, state == KafkaStreams.State.RUNNING ? 200 : 503, Map.of("state", String.valueOf(state)));
            }
        } else if (path.equals("/api/claims")) {
            listClaims(exchange);
        } else if (path.startsWith("/api/claims/")) {
            // getPath() has decoded the id once already; decoding it again would misread '+' and '%'.
            findClaim(exchange, path.substring("/api/claims/".length()));
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
            return new Answer(200, Map.of("claims", top, "count", top.size(), "textsCutAt", ShortTexts.MAX_CHARS));
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

    /** Runs a claims query if fewer than {@link #MAX_QUERIES} are running, else answers 503 with Retry-After. */
    private void answer(HttpExchange exchange, Supplier<Answer> query) throws IOException {
        Answer answer;
        boolean admitted = false;
        try {
            admitted = queries.tryAcquire(2, TimeUnit.SECONDS);
            answer = admitted ? query.get() : busy("too many claims queries at once");
        } catch (NotQueryableException e) {
            answer = busy(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = busy("interrupted");
        } finally {
            if (admitted) {
                queries.release();
            }
        }
        if (answer.status() == 503) {
            exchange.getResponseHeaders().set("Retry-After", "2");
        }
        sendJson(exchange, answer.status(), answer.body());
    }

    private static Answer busy(String reason) {
        return new Answer(503, Map.of("error", reason));
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
            long endsAt = System.nanoTime() + maxStreamAge.toNanos();
            while (!Thread.currentThread().isInterrupted() && System.nanoTime() < endsAt) {
                long wait = Math.min(TimeUnit.SECONDS.toNanos(HEARTBEAT_SECONDS), endsAt - System.nanoTime());
                ContestedClaim claim = queue.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                String event = claim == null ? ": heartbeat\n\n"
                        : "event: contested-claim\nid: " + eventId(claim) + "\ndata: " + json.writeValueAsString(claim) + "\n\n";
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            // Ending the response makes the browser's EventSource reconnect: a subscriber that is still there comes
            // back; one that is gone frees its place.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            backend.broadcast().unsubscribe(queue);
        }
    }

    /**
     * The SSE id of a claim's event: the two ids, percent-encoded, so that no character of a feed's ids (a line break,
     * say) can end the field and inject an event of its own.
     */
    static String eventId(ContestedClaim claim) {
        return URLEncoder.encode(claim.announcementId(), StandardCharsets.UTF_8) + "/"
                + URLEncoder.encode(claim.backtrackId(), StandardCharsets.UTF_8);
    }

    private static Optional<String> queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = decoded(eq < 0 ? pair : pair.substring(0, eq));
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : decoded(pair.substring(eq + 1)));
            }
        }
        return Optional.empty();
    }

    /** A query string part, decoded; as sent if it is not valid percent-encoding (then checked like any bad value). */
    private static String decoded(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
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
