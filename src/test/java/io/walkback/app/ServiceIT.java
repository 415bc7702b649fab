package io.walkback.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.walkback.app.broker.EmbeddedKafkaBroker;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.BacktrackKind;
import io.walkback.contract.Json;
import io.walkback.replay.Feed;
import io.walkback.replay.FeedEntry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

@DisplayName("The running service: metrics, health, claims API and the live dashboard in a real browser")
@ExtendWith(SharedBroker.class)
class ServiceIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static WalkbackOnBroker walkback;
    private static WalkbackConfig config;
    private static WalkbackService service;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) throws Exception {
        walkback = new WalkbackOnBroker(broker);
        config = walkback.config("service", Map.of());
        service = serviceWithSample(config);
    }

    /** A running service on {@code config}'s topics with the bundled sample feed processed: its 16 contested claims. */
    private static WalkbackService serviceWithSample(WalkbackConfig config) throws Exception {
        TopicSetup.ensureTopics(config);
        WalkbackService started = WalkbackService.start(config, claim -> { });
        try {
            await().atMost(Duration.ofMinutes(1)).until(() -> get(started, "/health").statusCode() == 200);
            walkback.replay(config, WalkbackCli.bundledSample());
            await().atMost(Duration.ofMinutes(1)).until(() -> started.claimsSeen() == 16);
            return started;
        } catch (Exception | AssertionError e) {
            started.close();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        walkback.close();
    }

    @Test
    @DisplayName("GET /metrics: Walkback's own counters, the lag histogram, Kafka Streams and JVM metrics, in Prometheus format")
    void metrics() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body())
                .contains("walkback_announcements_read_total 22.0")
                .contains("walkback_backtracks_read_total 20.0")
                .contains("walkback_contested_claims_total{kind=\"denial\"}")
                .contains("walkback_claim_lag_seconds_bucket{le=\"3600.0\"}")
                .contains("walkback_claim_lag_seconds_bucket{le=\"2592000.0\"} 16")
                .contains("walkback_claim_lag_seconds_count 16")
                .contains("walkback_streams_state{state=\"RUNNING\"} 1.0")
                .contains("kafka_stream_thread_process_total")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    @DisplayName("GET /api/claims lists contested claims newest first; /api/claims/{id} gives one, 404 when unknown")
    void claimsApi() throws Exception {
        JsonNode list = Json.mapper().readTree(get("/api/claims?limit=3").body());
        assertThat(list.get("count").asInt()).isEqualTo(3);
        assertThat(list.get("claims")).extracting(c -> c.get("announcementId").asText())
                .containsExactly("ann-2021-05-02-irib-prisoner-swap", "ann-2020-01-10-abedzadeh-ps752-no-missile",
                        "ann-2019-10-17-pence-syria-ceasefire");

        HttpResponse<String> seed = get("/api/claims/ann-2014-10-14-kerry-isis-intel");
        assertThat(seed.statusCode()).isEqualTo(200);
        JsonNode status = Json.mapper().readTree(seed.body());
        assertThat(status.get("status").asText()).isEqualTo("contested");
        assertThat(status.get("firstLag").asText()).isEqualTo("PT42H15M");
        assertThat(status.get("kinds")).extracting(JsonNode::asText).containsExactly("walk_back");

        JsonNode stood = Json.mapper().readTree(get("/api/claims/ann-2014-12-17-obama-cuba-relations").body());
        assertThat(stood.get("status").asText()).isEqualTo("stood");

        assertThat(get("/api/claims/no-such-announcement").statusCode()).isEqualTo(404);
        // The path is decoded once: %25 is '%', so the id asked for is "%zz" (decoding again used to fail on it).
        HttpResponse<String> percent = get("/api/claims/%25zz");
        assertThat(percent.statusCode()).isEqualTo(404);
        assertThat(percent.body()).isEqualTo("{\"error\":\"no announcement with id %zz\"}");
        assertThat(list.get("textsCutAt").asInt()).isEqualTo(500);
        assertThat(get("/api/claims?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("Only GET is served; /health reports the Kafka Streams state")
    void readOnly() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(url("/api/claims"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(get("/health").body()).isEqualTo("{\"state\":\"RUNNING\"}");
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
        assertThat(get("/?q=" + "x".repeat(3000)).statusCode()).isEqualTo(414);
    }

    @Test
    @DisplayName("In headless Chromium, a new contested claim appears on the open page without a reload, its text escaped")
    void dashboardInBrowser() throws Exception {
        boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") == null) {
            assumeTrue(available, "Chromium and chromedriver are not installed (.ci/run installs them)");
        }
        assertThat(available).as("CI must have /usr/bin/chromium and /usr/bin/chromedriver").isTrue();
        // Its own topics and service: the claim it adds must not change what the other tests count.
        WalkbackConfig config = walkback.config("service-browser", Map.of());
        try (WalkbackService service = serviceWithSample(config)) {
            showLiveClaim(config, service);
        }
    }

    private void showLiveClaim(WalkbackConfig config, WalkbackService service) throws Exception {

        Path profile = Files.createTempDirectory("walkback-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(driverService, options);
        try {
            browser.get(service.dashboardUrl());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.claim"), 16));
            // A property of this document's window: a reload (or any navigation) starts a new window without it.
            browser.executeScript("window.__sameDocument = 'before the live claim'");

            // A new announcement and its walk-back, with markup in the text that must show as text.
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String hostile = "<script>window.__pwned = true</script><img src=x onerror=\"window.__pwned = true\">";
            walkback.replay(config, new Feed(List.of(
                    FeedEntry.of("browser:1", new Announcement("ann-browser-live", now.minus(Duration.ofHours(3)), "GBR",
                            "Foreign Secretary", List.of("FRA"), "fisheries/channel", "Deal agreed " + hostile,
                            "Test Wire", "https://example.org/a")),
                    FeedEntry.of("browser:2", new Backtrack("bt-browser-live", now.minus(Duration.ofMinutes(15)), "FRA",
                            null, List.of("GBR"), "fisheries/channel", "No deal yet", BacktrackKind.DENIAL, null,
                            "Test Wire", "https://example.org/b"))),
                    List.of(), Map.of(), 2));

            WebElement fresh = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("li.claim[data-announcement-id='ann-browser-live']")));
            assertThat(fresh.findElement(By.cssSelector(".claim-text")).getText()).contains("Deal agreed <script>");
            assertThat(fresh.getText()).contains("GBR", "FRA", "DENIAL", "2h 45m", "No deal yet");
            // How it was matched: same topic and parties (this scenario matches exactly), explained on hover.
            WebElement how = fresh.findElement(By.cssSelector(".match"));
            assertThat(how.getText()).isEqualToIgnoringCase("same topic");
            assertThat(how.getAttribute("title")).isEqualTo("same topic and parties (claim key)");
            assertThat(browser.findElements(By.cssSelector("li.claim"))).hasSize(17);
            assertThat(browser.findElements(By.cssSelector("ol#claims script, ol#claims img"))).isEmpty();
            assertThat(browser.executeScript("return window.__pwned === true")).isEqualTo(false);
            // Same document as before: the claim arrived without a reload.
            assertThat(browser.executeScript("return window.__sameDocument")).isEqualTo("before the live claim");
            assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");

            Path screenshot = Path.of("target", "dashboard.png");
            Files.createDirectories(screenshot.getParent());
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
            io.walkback.app.broker.TempDirectory.delete(profile);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return get(service, path);
    }

    private static HttpResponse<String> get(WalkbackService service, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url(service, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(String path) {
        return url(service, path);
    }

    private static URI url(WalkbackService service, String path) {
        return URI.create("http://127.0.0.1:" + service.httpPort() + path);
    }
}
