package io.walkback.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.walkback.app.WalkbackCli;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.app.metrics.WalkbackMetrics;
import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.ClaimKey;
import io.walkback.contract.ContestedClaim;
import io.walkback.topology.WalkbackTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine.Command;

/**
 * Checks that the deployment files in {@code docker/} agree with each other and with the code: versions,
 * ports, bootstrap address, topic names, CLI commands and metric names. None of this needs a Docker engine;
 * the files are read as data.
 */
@DisplayName("The deployment files agree with each other and with the code")
class DeploymentFilesTest {

    /**
     * Every metric the Grafana dashboard ({@code docker/grafana/dashboards/walkback.json}) queries, by its
     * Prometheus name. The application must keep emitting each of these on {@code GET /metrics}: renaming
     * one in the code means changing it here and in the dashboard, or the panel silently goes empty.
     * <ul>
     *   <li>{@code walkback_contested_claims_total}: counter, contested claims written, label {@code kind}</li>
     *   <li>{@code walkback_claim_lag_seconds_bucket}: histogram buckets of contestedAt - announcedAt, in seconds</li>
     *   <li>{@code walkback_dead_letters_total}: counter, records sent to the dead-letter topic, labels {@code stream}, {@code reason}</li>
     *   <li>{@code walkback_late_records_dropped_total}: counter, late records dropped, label {@code stream}</li>
     *   <li>{@code walkback_streams_state}: gauge, 1 for the label {@code state} that is current, 0 for the others</li>
     *   <li>{@code kafka_consumer_fetch_manager_records_lag_max}: Kafka's consumer metric records-lag-max</li>
     * </ul>
     * {@link #theAppEmitsEveryDashboardMetric} checks them against {@link WalkbackMetrics}'s actual scrape.
     */
    static final Set<String> EMITTED_METRICS = Set.of(
            "walkback_contested_claims_total",
            "walkback_claim_lag_seconds_bucket",
            "walkback_dead_letters_total",
            "walkback_late_records_dropped_total",
            "walkback_streams_state",
            "kafka_consumer_fetch_manager_records_lag_max");

    /** Maven runs tests in the project directory. */
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path DOCKER = ROOT.resolve("docker");
    static final Path CONFIG_FILE = ROOT.resolve("config/walkback.properties");
    static final String WALKBACK_DOCKERFILE = "docker/Dockerfile";

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode compose = read(YAML, DOCKER.resolve("compose.yaml"));
    private final JsonNode services = compose.path("services");
    private final Dockerfile dockerfile = Dockerfile.parse(DOCKER.resolve("Dockerfile"));

    @Test
    @DisplayName("The Kafka image is the version of kafka-clients in pom.xml")
    void kafkaImageMatchesClientVersion() throws Exception {
        assertThat(services.path("kafka").path("image").asText())
                .isEqualTo("apache/kafka:" + pomDependencyVersion("kafka-clients"));
    }

    @Test
    @DisplayName("walkback-1 and walkback-2 run the processor, each publishing walkback.http.port on its own host port")
    void walkbackServicesPublishTheHttpPort() {
        int httpPort = fileConfig().httpPort();
        assertThat(walkbackServices()).containsExactly("walkback-1", "walkback-2");
        Set<Integer> hostPorts = new HashSet<>();
        for (String name : walkbackServices()) {
            List<int[]> ports = ports(services.path(name));
            assertThat(ports).as(name + " ports").hasSize(1);
            assertThat(ports.get(0)[1]).as(name + " container port").isEqualTo(httpPort);
            assertThat(hostPorts.add(ports.get(0)[0])).as(name + " host port is its own").isTrue();
            WalkbackConfig effective = effectiveConfig(name);
            assertThat(effective.httpPort()).as(name + " effective walkback.http.port").isEqualTo(httpPort);
            assertThat(effective.httpHost()).as(name + " must listen beyond loopback").isEqualTo("0.0.0.0");
        }
        assertThat(hostPorts).containsExactlyInAnyOrder(8081, 8082);
    }

    @Test
    @DisplayName("Each instance advertises its service name (resolvable in the compose network) as application.server host")
    void instancesAdvertiseReachableAddresses() {
        int httpPort = fileConfig().httpPort();
        for (String name : walkbackServices()) {
            WalkbackConfig effective = effectiveConfig(name);
            assertThat(effective.httpAdvertisedHost()).as(name + " walkback.http.advertised-host").isEqualTo(name);
            assertThat(effective.get("application.server")).as(name + " leaves application.server to Walkback").isNull();
            assertThat(ports(services.path(name)).get(0)[1]).isEqualTo(httpPort);
        }
    }

    @Test
    @DisplayName("The instances share one application.id and each has its own state volume")
    void instancesShareApplicationIdWithOwnState() {
        Set<String> applicationIds = new HashSet<>();
        Set<String> stateVolumes = new HashSet<>();
        for (String name : walkbackServices()) {
            WalkbackConfig effective = effectiveConfig(name);
            applicationIds.add(effective.get("application.id"));
            String stateDir = effective.get("state.dir");
            String volume = volumes(services.path(name)).entrySet().stream()
                    .filter(mount -> mount.getValue().equals(stateDir))
                    .map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            assertThat(volume).as(name + " mounts a volume at its state.dir " + stateDir).isNotNull();
            assertThat(compose.path("volumes").has(volume)).as(volume + " is a named volume").isTrue();
            stateVolumes.add(volume);
        }
        assertThat(applicationIds).containsExactly(fileConfig().get("application.id"));
        assertThat(stateVolumes).hasSize(walkbackServices().size());
    }

    @Test
    @DisplayName("Prometheus scrapes exactly the Walkback services, at walkback.http.port, on /metrics")
    void prometheusScrapesTheWalkbackServices() {
        JsonNode prometheus = read(YAML, DOCKER.resolve("prometheus/prometheus.yml"));
        Set<String> targets = new TreeSet<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            assertThat(job.path("metrics_path").asText()).as(job.path("job_name").asText()).isEqualTo("/metrics");
            for (JsonNode staticConfig : job.path("static_configs")) {
                staticConfig.path("targets").forEach(target -> targets.add(target.asText()));
            }
        }
        int httpPort = fileConfig().httpPort();
        assertThat(targets).containsExactlyInAnyOrderElementsOf(
                walkbackServices().stream().map(name -> name + ":" + httpPort).toList());
        assertThat(volumes(services.path("prometheus")))
                .containsEntry("./prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml");
    }

    @Test
    @DisplayName("Every Walkback container connects to Kafka's advertised in-network listener, kafka:9092")
    void bootstrapIsKafkasAdvertisedListener() {
        Map<String, String> environment = environment(services.path("kafka"));
        Map<String, String> advertised = listeners(environment.get("KAFKA_ADVERTISED_LISTENERS"));
        String inNetwork = advertised.get(environment.get("KAFKA_INTER_BROKER_LISTENER_NAME"));
        assertThat(inNetwork).isEqualTo("kafka:9092");
        assertThat(inNetwork.split(":")[0]).isEqualTo(services.path("kafka").path("hostname").asText("kafka"));
        assertThat(listeners(environment.get("KAFKA_LISTENERS")).get(environment.get("KAFKA_INTER_BROKER_LISTENER_NAME")))
                .endsWith(":" + inNetwork.split(":")[1]);

        List<String> clients = walkbackImageServices();
        assertThat(clients).contains("topics", "walkback-1", "walkback-2");
        for (String name : clients) {
            assertThat(effectiveConfig(name).get("bootstrap.servers")).as(name).isEqualTo(inNetwork);
        }
    }

    @Test
    @DisplayName("Start-up order: Kafka healthy, then topics created, then the instances")
    void startUpOrder() {
        assertThat(services.path("kafka").path("healthcheck").path("test").isMissingNode()).isFalse();
        assertThat(invocation("topics").command()).isEqualTo("topics");
        assertThat(services.path("topics").path("depends_on").path("kafka").path("condition").asText())
                .isEqualTo("service_healthy");
        for (String name : walkbackServices()) {
            assertThat(services.path(name).path("depends_on").path("topics").path("condition").asText())
                    .as(name).isEqualTo("service_completed_successfully");
        }
    }

    @Test
    @DisplayName("The topic names in config/walkback.properties are the channels of asyncapi.yaml")
    void topicNamesMatchAsyncApiChannels() {
        JsonNode asyncApi = read(YAML, ROOT.resolve("src/main/resources/contract/asyncapi.yaml"));
        Set<String> addresses = new TreeSet<>();
        asyncApi.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(fileConfig().topics().names());
    }

    @Test
    @DisplayName("The Dockerfile builds the jar, runs it as a non-root user with a CLI command, and checks /health")
    void dockerfile() {
        assertThat(dockerfile.stages()).containsExactly("maven:3.9-eclipse-temurin-17 AS build", "eclipse-temurin:17-jre");
        assertThat(dockerfile.all("RUN", 0)).anyMatch(run -> run.contains("mvn -B -q package -DskipTests"));
        assertThat(dockerfile.all("COPY", 1)).contains("--from=build /src/target/walkback.jar /app/walkback.jar");

        List<String> entrypoint = dockerfile.jsonArray("ENTRYPOINT");
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", "/app/walkback.jar");

        List<String> cmd = dockerfile.jsonArray("CMD");
        assertThat(cliCommands()).contains(cmd.get(0));
        Invocation defaults = Invocation.of(cmd);
        assertThat(defaults.command()).isEqualTo("run");
        assertThat(defaults.configPath()).isEqualTo("/app/config/walkback.properties");
        assertThat(dockerfile.all("COPY", 1)).contains("config/ /app/config/");
        WalkbackConfig imageDefaults = WalkbackConfig.load(CONFIG_FILE, defaults.settings());
        assertThat(imageDefaults.httpHost()).isEqualTo("0.0.0.0");

        String exposed = dockerfile.last("EXPOSE");
        assertThat(exposed).isEqualTo(String.valueOf(fileConfig().httpPort()));
        assertThat(dockerfile.last("HEALTHCHECK")).contains("http://localhost:" + exposed + "/health");
        assertThat(dockerfile.last("VOLUME")).contains("\"/app/config\"", "\"" + imageDefaults.get("state.dir") + "\"");

        String user = dockerfile.last("USER").split(":")[0];
        assertThat(user).isNotIn("root", "0");
    }

    @Test
    @DisplayName("Every command in compose.yaml is a Walkback CLI command whose settings load")
    void composeCommandsAreValid() {
        for (String name : walkbackImageServices()) {
            assertThat(cliCommands()).as(name).contains(invocation(name).command());
            assertThat(effectiveConfig(name)).as(name).isNotNull();
        }
    }

    @Test
    @DisplayName("The Grafana dashboard queries only metrics the app emits, through the provisioned data source")
    void grafanaDashboard() {
        JsonNode dashboard = read(JSON, DOCKER.resolve("grafana/dashboards/walkback.json"));
        JsonNode datasource = read(YAML, DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml"))
                .path("datasources").get(0);
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(services.has("prometheus")).isTrue();

        Set<String> used = new TreeSet<>();
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo(datasource.path("uid").asText());
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                expressions.add(expr);
                used.addAll(metricNames(expr));
            }
        }
        assertThat(expressions).isNotEmpty().contains("sum(rate(walkback_contested_claims_total[1h]))*3600");
        assertThat(used).as("metrics queried by the dashboard").containsExactlyInAnyOrderElementsOf(EMITTED_METRICS);

        JsonNode provider = read(YAML, DOCKER.resolve("grafana/provisioning/dashboards/walkback.yaml"))
                .path("providers").get(0);
        assertThat(volumes(services.path("grafana")))
                .containsEntry("./grafana/dashboards", provider.path("options").path("path").asText())
                .containsEntry("./grafana/provisioning", "/etc/grafana/provisioning");
    }

    @Test
    @DisplayName("The app's metrics registry emits every metric the dashboard queries")
    void theAppEmitsEveryDashboardMetric(@TempDir Path stateDir) throws Exception {
        WalkbackConfig config = fileConfig().with(Map.of("state.dir", stateDir.toString(),
                "bootstrap.servers", "localhost:1"));
        Instant announced = Instant.parse("2014-10-14T18:30:00Z");
        Announcement announcement = new Announcement("a1", announced, "USA", null, List.of("RUS"), "t", "c", null, null);
        Backtrack backtrack = new Backtrack("b1", announced.plus(Duration.ofHours(28)), "RUS", null, List.of("USA"),
                "t", "s", null, null, null, null);
        String scrape;
        WalkbackMetrics metrics = new WalkbackMetrics(config.topologySettings().maxLag());
        try {
            metrics.contested(ContestedClaim.of(new ClaimKey("t", List.of("RUS", "USA")), announcement, backtrack,
                    io.walkback.contract.Match.claimKey()));
            metrics.deadLettered("announcements", "missing-field");
            metrics.droppedLate("backtracks");
            metrics.stateChanged(KafkaStreams.State.RUNNING);
            // Created, never started: its clients exist (and register their metrics) but connect nowhere.
            Properties props = config.streamsProperties();
            try (KafkaStreams streams = new KafkaStreams(
                    WalkbackTopology.build(config.topologySettings(), props), props)) {
                metrics.bind(streams);
                scrape = metrics.scrape();
            }
        } finally {
            metrics.close();
        }
        Set<String> emitted = scrape.lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(emitted).containsAll(EMITTED_METRICS);
        assertThat(scrape).contains("walkback_streams_state{state=\"RUNNING\"} 1");
    }

    @Test
    @DisplayName("Metric names are read out of PromQL without functions, labels, ranges or keywords")
    void metricNameExtraction() {
        assertThat(metricNames("histogram_quantile(0.9, sum by (le) (rate(a_bucket{job=\"x\"}[5m])))"))
                .containsExactly("a_bucket");
        assertThat(metricNames("max by (instance, state) (s) == 1 and on(instance) b offset 5m"))
                .containsExactlyInAnyOrder("s", "b");
        assertThat(metricNames("sum(increase(c_total[$__rate_interval]))")).containsExactly("c_total");
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static final Set<String> PROMQL_KEYWORDS = Set.of(
            "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
            "inf", "nan");

    static Set<String> metricNames(String expr) {
        String stripped = expr
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\{?\\w+}?", " ")
                .replaceAll("\\boffset\\s+\\w+", " ");
        Matcher identifiers = Pattern.compile("\\b[a-zA-Z_:][a-zA-Z0-9_:]*\\b(?!\\s*\\()").matcher(stripped);
        Set<String> names = new TreeSet<>();
        while (identifiers.find()) {
            if (!PROMQL_KEYWORDS.contains(identifiers.group().toLowerCase())) {
                names.add(identifiers.group());
            }
        }
        return names;
    }

    /** The subcommand names of {@code walkback}, from the picocli annotations. */
    static Set<String> cliCommands() {
        Command root = WalkbackCli.class.getAnnotation(Command.class);
        return Arrays.stream(root.subcommands())
                .map(type -> type.getAnnotation(Command.class).name())
                .collect(Collectors.toSet());
    }

    /** Services built from docker/Dockerfile. */
    List<String> walkbackImageServices() {
        List<String> names = new ArrayList<>();
        services.properties().forEach(service -> {
            if (service.getValue().path("build").path("dockerfile").asText().equals(WALKBACK_DOCKERFILE)) {
                names.add(service.getKey());
            }
        });
        return names;
    }

    /** Services built from docker/Dockerfile that run the processor. */
    List<String> walkbackServices() {
        return walkbackImageServices().stream().filter(name -> invocation(name).command().equals("run")).toList();
    }

    Invocation invocation(String service) {
        JsonNode command = services.path(service).path("command");
        assertThat(command.isArray()).as(service + " command is an exec-form list").isTrue();
        return Invocation.of(StreamSupport.stream(command.spliterator(), false).map(JsonNode::asText).toList());
    }

    /** The service's settings as Walkback would load them in the container: its config file and --set overrides. */
    WalkbackConfig effectiveConfig(String service) {
        Invocation invocation = invocation(service);
        return WalkbackConfig.load(hostPath(service, invocation.configPath()), invocation.settings());
    }

    /** Where a container path comes from: a bind mount of the service, else the image (config/ copied to /app/config/). */
    Path hostPath(String service, String containerPath) {
        for (Map.Entry<String, String> mount : volumes(services.path(service)).entrySet()) {
            if (mount.getKey().startsWith(".") && containerPath.startsWith(mount.getValue() + "/")) {
                return DOCKER.resolve(mount.getKey()).resolve(containerPath.substring(mount.getValue().length() + 1))
                        .normalize();
            }
        }
        assertThat(containerPath).as(service + " reads its config from the image").startsWith("/app/config/");
        return ROOT.resolve("config").resolve(containerPath.substring("/app/config/".length()));
    }

    static WalkbackConfig fileConfig() {
        return WalkbackConfig.load(CONFIG_FILE, Map.of());
    }

    /** Short-syntax volumes, source to target (the mode suffix dropped). */
    static Map<String, String> volumes(JsonNode service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            mounts.put(parts[0], parts[1]);
        }
        return mounts;
    }

    /** Published ports as {host, container}; short ("8081:8080") or long ({published, target}) syntax. */
    static List<int[]> ports(JsonNode service) {
        List<int[]> ports = new ArrayList<>();
        for (JsonNode port : service.path("ports")) {
            if (port.isObject()) {
                ports.add(new int[] {port.path("published").asInt(), port.path("target").asInt()});
            } else {
                String[] parts = port.asText().split(":");
                ports.add(new int[] {Integer.parseInt(parts[parts.length - 2]),
                        Integer.parseInt(parts[parts.length - 1].split("/")[0])});
            }
        }
        return ports;
    }

    static Map<String, String> environment(JsonNode service) {
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode node = service.path("environment");
        if (node.isArray()) {
            node.forEach(entry -> {
                String[] parts = entry.asText().split("=", 2);
                environment.put(parts[0], parts.length > 1 ? parts[1] : "");
            });
        } else {
            node.properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        }
        return environment;
    }

    /** "PLAINTEXT://kafka:9092,EXTERNAL://localhost:9094" as listener name to host:port. */
    static Map<String, String> listeners(String value) {
        Map<String, String> listeners = new LinkedHashMap<>();
        for (String listener : value.split(",")) {
            String[] parts = listener.trim().split("://", 2);
            listeners.put(parts[0], parts[1]);
        }
        return listeners;
    }

    static String pomDependencyVersion(String artifactId) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
        NodeList dependencies = pom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (text(dependency, "artifactId").equals(artifactId)) {
                String version = text(dependency, "version");
                Matcher property = Pattern.compile("\\$\\{(.+)}").matcher(version);
                if (property.matches()) {
                    Element properties = (Element) pom.getElementsByTagName("properties").item(0);
                    version = text(properties, property.group(1));
                }
                return version;
            }
        }
        throw new AssertionError(artifactId + " is not a dependency in pom.xml");
    }

    private static String text(Element parent, String child) {
        NodeList nodes = parent.getElementsByTagName(child);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }

    static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A Walkback command line: the command, --config, the --set overrides and any other options. */
    record Invocation(String command, String configPath, Map<String, String> settings, Map<String, String> options) {

        static Invocation of(List<String> words) {
            String config = WalkbackConfig.DEFAULT_FILE.toString();
            Map<String, String> settings = new LinkedHashMap<>();
            Map<String, String> options = new LinkedHashMap<>();
            for (int i = 1; i < words.size(); i += 2) {
                String option = words.get(i);
                String value = words.get(i + 1);
                switch (option) {
                    case "--config" -> config = value;
                    case "--set" -> {
                        String[] keyValue = value.split("=", 2);
                        settings.put(keyValue[0], keyValue[1]);
                    }
                    default -> options.put(option, value);
                }
            }
            return new Invocation(words.get(0), config, settings, options);
        }
    }

    /** The instructions of a Dockerfile, continuation lines joined and comments dropped, by stage. */
    record Dockerfile(List<String> stages, List<List<String[]>> instructions) {

        static Dockerfile parse(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> stages = new ArrayList<>();
            List<List<String[]>> instructions = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : lines) {
                String trimmed = line.trim();
                if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                    continue;
                }
                if (trimmed.endsWith("\\")) {
                    current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                current.append(trimmed);
                String[] instruction = current.toString().trim().split("\\s+", 2);
                current.setLength(0);
                if (instruction[0].equalsIgnoreCase("FROM")) {
                    stages.add(instruction[1]);
                    instructions.add(new ArrayList<>());
                } else if (!instructions.isEmpty()) {
                    instructions.get(instructions.size() - 1)
                            .add(new String[] {instruction[0].toUpperCase(), instruction.length > 1 ? instruction[1] : ""});
                }
            }
            return new Dockerfile(stages, instructions);
        }

        List<String> all(String keyword, int stage) {
            return instructions.get(stage).stream()
                    .filter(instruction -> instruction[0].equals(keyword))
                    .map(instruction -> instruction[1].replaceAll("\\s+", " "))
                    .toList();
        }

        /** The value of the last {@code keyword} in the final stage (the image). */
        String last(String keyword) {
            List<String> values = all(keyword, instructions.size() - 1);
            assertThat(values).as(keyword + " in the final stage").isNotEmpty();
            return values.get(values.size() - 1);
        }

        List<String> jsonArray(String keyword) {
            try {
                return List.of(JSON.readValue(last(keyword), String[].class));
            } catch (IOException e) {
                throw new AssertionError(keyword + " is not in exec (JSON array) form: " + last(keyword), e);
            }
        }
    }
}
