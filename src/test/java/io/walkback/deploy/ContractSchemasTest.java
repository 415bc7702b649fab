package io.walkback.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.ClaimKey;
import io.walkback.contract.ClaimStatus;
import io.walkback.contract.ContestedClaim;
import io.walkback.contract.JsonSerde;
import io.walkback.contract.Match;
import io.walkback.contract.Topics;
import io.walkback.replay.Feed;
import io.walkback.replay.JsonLinesFeed;
import io.walkback.topology.ReferenceRun;
import io.walkback.topology.TopologySettings;
import io.walkback.topology.WalkbackTopology;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interface documents in {@code src/main/resources/contract/} against the code: what the schemas accept
 * is what Walkback's readers accept, and what Walkback writes passes the schemas.
 */
@DisplayName("The contract schemas and the code agree")
class ContractSchemasTest {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path CONTRACT = ROOT.resolve("src/main/resources/contract");
    static final Path SAMPLE_FEED = ROOT.resolve("src/main/resources/feeds/sample-feed.jsonl");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Draft 2020-12, with "format" asserted (by default 2020-12 only annotates), schemas from the classpath. */
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    static Schema schema(String file) {
        return SCHEMAS.getSchema(SchemaLocation.of("classpath:contract/" + file));
    }

    static List<String> problems(String schemaFile, String json) {
        return schema(schemaFile).validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    static boolean schemaAccepts(String schemaFile, String json) {
        return problems(schemaFile, json).isEmpty();
    }

    static boolean codeAccepts(Class<?> type, String json) {
        try {
            JsonSerde.of(type).read(json.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (SerializationException e) {
            return false;
        }
    }

    static String schemaFileOf(Class<?> type) {
        return type == Announcement.class ? "announcement.schema.json" : "backtrack.schema.json";
    }

    // ---- the README's examples ------------------------------------------------------------------------------

    /** The schema a README example must pass, told by the fields only that kind of record has. */
    static String schemaOfExample(JsonNode example) {
        if (example.has("type")) {
            return "feed-line.schema.json";
        }
        if (example.has("backtrackId")) {
            return "contested-claim.schema.json";
        }
        if (example.has("status")) {
            return "claim-status.schema.json";
        }
        return example.has("reportedAt") ? "backtrack.schema.json" : "announcement.schema.json";
    }

    @Test
    @DisplayName("Every JSON example in the README passes the schema of its record, and the code reads it")
    void readmeExamplesAreValid() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher block = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> examples = new ArrayList<>();
        while (block.find()) {
            examples.add(block.group(1));
        }
        assertThat(examples).as("JSON examples in the README").hasSizeGreaterThanOrEqualTo(2);
        for (String example : examples) {
            JsonNode record = JSON.readTree(example);
            String schemaFile = schemaOfExample(record);
            assertThat(problems(schemaFile, example)).as("README example against " + schemaFile + ":\n" + example).isEmpty();
            Class<?> type = switch (schemaFile) {
                case "contested-claim.schema.json" -> ContestedClaim.class;
                case "claim-status.schema.json" -> ClaimStatus.class;
                case "backtrack.schema.json" -> Backtrack.class;
                case "announcement.schema.json" -> Announcement.class;
                default -> null;
            };
            if (type != null) {
                assertThat(codeAccepts(type, example)).as("Walkback reads the README example as " + type.getSimpleName())
                        .isTrue();
            }
        }
    }

    // ---- inputs ------------------------------------------------------------------------------------------

    @Test
    @DisplayName("Every line of the bundled sample feed passes feed-line.schema.json, and the reader takes every line")
    void sampleFeedLinesAreValid() throws IOException {
        List<String> lines = Files.readAllLines(SAMPLE_FEED).stream().filter(line -> !line.isBlank()).toList();
        assertThat(lines).hasSize(42);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(problems("feed-line.schema.json", lines.get(i))).as("sample-feed.jsonl line " + (i + 1)).isEmpty();
        }
        Feed feed = JsonLinesFeed.read(SAMPLE_FEED);
        assertThat(feed.problems()).isEmpty();
        assertThat(feed.entries()).hasSize(lines.size());
    }

    static Stream<Arguments> fieldVariants() {
        List<Arguments> cases = new ArrayList<>();
        for (Class<?> type : List.of(Announcement.class, Backtrack.class)) {
            for (var component : type.getRecordComponents()) {
                String field = component.getName();
                cases.add(Arguments.of(type.getSimpleName() + " without " + field, type, without(type, field)));
                cases.add(Arguments.of(type.getSimpleName() + " with " + field + " null", type, with(type, field, null)));
                if (component.getType() == String.class || component.getType() == Instant.class
                        || field.equals("kind")) {
                    cases.add(Arguments.of(type.getSimpleName() + " with " + field + " blank", type, with(type, field, "  ")));
                }
            }
        }
        cases.add(Arguments.of("Backtrack with unknown kind", Backtrack.class, with(Backtrack.class, "kind", "shrug")));
        cases.add(Arguments.of("Backtrack with each kind", Backtrack.class, with(Backtrack.class, "kind", "reversal")));
        cases.add(Arguments.of("Announcement with unparseable time", Announcement.class,
                with(Announcement.class, "announcedAt", "yesterday")));
        cases.add(Arguments.of("Announcement with a date but no time", Announcement.class,
                with(Announcement.class, "announcedAt", "2014-10-14")));
        cases.add(Arguments.of("Announcement with a time offset", Announcement.class,
                with(Announcement.class, "announcedAt", "2014-10-14T21:30:00+03:00")));
        cases.add(Arguments.of("Backtrack with fractional seconds", Backtrack.class,
                with(Backtrack.class, "reportedAt", "2014-10-16T12:45:00.250Z")));
        cases.add(Arguments.of("Announcement with counterparts an object", Announcement.class,
                with(Announcement.class, "counterparts", Map.of("a", 1))));
        cases.add(Arguments.of("Announcement with a blank counterpart", Announcement.class,
                with(Announcement.class, "counterparts", List.of("USA", " "))));
        cases.add(Arguments.of("Backtrack with a null counterpart", Backtrack.class,
                with(Backtrack.class, "counterparts", Arrays.asList("USA", null))));
        cases.add(Arguments.of("Announcement with no counterparts", Announcement.class,
                with(Announcement.class, "counterparts", List.of())));
        cases.add(Arguments.of("Announcement with a field of the producer's own", Announcement.class,
                with(Announcement.class, "mood", "upbeat")));
        cases.add(Arguments.of("Backtrack with a field of the producer's own", Backtrack.class,
                with(Backtrack.class, "confidence", 0.8)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldVariants")
    @DisplayName("A record variant is accepted by the schema exactly when Walkback's reader accepts it")
    void schemaAndReaderAgree(String what, Class<?> type, String json) {
        assertThat(schemaAccepts(schemaFileOf(type), json))
                .as("%s: schema accepts %s (reader accepts: %s)", what, json, codeAccepts(type, json))
                .isEqualTo(codeAccepts(type, json));
    }

    @Test
    @DisplayName("The records the contract requires rejecting are rejected by both: missing claim, unknown kind")
    void knownBadRecordsAreRejectedByBoth() {
        String missingClaim = without(Announcement.class, "claim");
        String unknownKind = with(Backtrack.class, "kind", "shrug");
        assertThat(codeAccepts(Announcement.class, missingClaim)).isFalse();
        assertThat(problems("announcement.schema.json", missingClaim)).isNotEmpty();
        assertThat(codeAccepts(Backtrack.class, unknownKind)).isFalse();
        assertThat(problems("backtrack.schema.json", unknownKind)).isNotEmpty();
        assertThat(problems("feed-line.schema.json", typed("announcement", missingClaim))).isNotEmpty();
        assertThat(problems("feed-line.schema.json", typed("backtrack", unknownKind))).isNotEmpty();
    }

    @Test
    @DisplayName("Where the reader is lenient, the schema documents the canonical form")
    void schemaIsStricterThanTheReaderOnlyWhereDocumented() {
        Map<String, String> lenient = new LinkedHashMap<>();
        lenient.put("kind in upper case", with(Backtrack.class, "kind", "WALK_BACK"));
        lenient.put("event time as epoch seconds", with(Backtrack.class, "reportedAt", 1413463500));
        lenient.put("id as a number", with(Backtrack.class, "id", 42));
        lenient.forEach((what, json) -> {
            assertThat(codeAccepts(Backtrack.class, json)).as(what + ": reader").isTrue();
            assertThat(schemaAccepts("backtrack.schema.json", json)).as(what + ": schema").isFalse();
        });
    }

    @Test
    @DisplayName("A feed line must say its type, and the type decides the schema, as in the reader")
    void feedLineType() {
        String announcement = base(Announcement.class).toString();
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("announcement", typed("announcement", announcement));
        lines.put("no type", announcement);
        lines.put("unknown type", typed("speech", announcement));
        lines.put("announcement typed as backtrack", typed("backtrack", announcement));
        lines.put("backtrack", typed("backtrack", base(Backtrack.class).toString()));
        lines.forEach((what, line) -> {
            boolean readerAccepts = JsonLinesFeed.read("line", new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)))
                    .problems().isEmpty();
            assertThat(schemaAccepts("feed-line.schema.json", line)).as(what).isEqualTo(readerAccepts);
        });
    }

    @Test
    @DisplayName("The input schemas describe exactly the records' fields (plus \"type\" in a feed line)")
    void inputSchemasListTheRecordFields() {
        assertThat(schemaProperties("announcement.schema.json")).isEqualTo(componentNames(Announcement.class));
        assertThat(schemaProperties("backtrack.schema.json")).isEqualTo(componentNames(Backtrack.class));
        assertThat(readJson(CONTRACT.resolve("announcement.schema.json")).has("additionalProperties")).isFalse();
        assertThat(readJson(CONTRACT.resolve("backtrack.schema.json")).has("additionalProperties")).isFalse();
    }

    // ---- outputs -----------------------------------------------------------------------------------------

    @Test
    @DisplayName("Every contested claim the topology finds in the sample feed passes contested-claim.schema.json")
    void contestedClaimsFromSampleFeedAreValid() {
        List<ContestedClaim> claims = ReferenceRun.contestedClaims(TopologySettings.defaults(), JsonLinesFeed.read(SAMPLE_FEED));
        assertThat(claims).isNotEmpty();
        JsonSerde<ContestedClaim> serde = JsonSerde.of(ContestedClaim.class);
        for (ContestedClaim claim : claims) {
            String json = new String(serde.write(claim), StandardCharsets.UTF_8);
            assertThat(problems("contested-claim.schema.json", json)).as(json).isEmpty();
        }
    }

    @Test
    @DisplayName("Edge cases of a contested claim pass too: no URLs, zero, sub-second and 30-day lags")
    void contestedClaimEdgeCases() {
        Instant announced = Instant.parse("2014-10-14T18:30:00Z");
        JsonSerde<ContestedClaim> serde = JsonSerde.of(ContestedClaim.class);
        for (Duration lag : List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofMinutes(90).plusMillis(1),
                Duration.ofDays(30))) {
            Announcement announcement = new Announcement("a1", announced, "USA", null, null, "t", "c", null, null);
            Backtrack backtrack = new Backtrack("b1", announced.plus(lag), "RUS", null, List.of("USA"), "t", "s", null,
                    null, null, null);
            ContestedClaim claim = ContestedClaim.of(new ClaimKey("t", List.of("RUS", "USA")), announcement, backtrack,
                    new Match(Match.SIMILARITY, 0.512, List.of("sanction", "russia")));
            String json = new String(serde.write(claim), StandardCharsets.UTF_8);
            assertThat(problems("contested-claim.schema.json", json)).as(json).isEmpty();
        }
    }

    @Test
    @DisplayName("contested-claim.schema.json requires exactly the fields ContestedClaim writes")
    void contestedClaimSchemaListsTheRecordFields() {
        JsonNode schema = readJson(CONTRACT.resolve("contested-claim.schema.json"));
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        assertThat(schemaProperties("contested-claim.schema.json")).isEqualTo(componentNames(ContestedClaim.class));
        assertThat(required).isEqualTo(componentNames(ContestedClaim.class));
        assertThat(schema.path("properties").path("schemaVersion").path("const").asInt())
                .isEqualTo(ContestedClaim.SCHEMA_VERSION);
    }

    @Test
    @DisplayName("A claim missing a field or with a wrong kind fails contested-claim.schema.json")
    void badContestedClaimsFail() throws IOException {
        List<ContestedClaim> claims = ReferenceRun.contestedClaims(TopologySettings.defaults(), JsonLinesFeed.read(SAMPLE_FEED));
        ObjectNode claim = (ObjectNode) JSON.readTree(JsonSerde.of(ContestedClaim.class).write(claims.get(0)));
        assertThat(problems("contested-claim.schema.json", claim.deepCopy().without("lag").toString())).isNotEmpty();
        assertThat(problems("contested-claim.schema.json", claim.deepCopy().put("kind", "shrug").toString())).isNotEmpty();
        assertThat(problems("contested-claim.schema.json", claim.deepCopy().put("schemaVersion", 2).toString())).isNotEmpty();
        assertThat(problems("contested-claim.schema.json", claim.deepCopy().put("lag", "P1D").toString())).isNotEmpty();
    }

    @Test
    @DisplayName("A real dead letter's headers are exactly those dead-letter-headers.schema.json requires, and pass it")
    void deadLetterHeaders(@TempDir Path stateDir) {
        List<TestRecord<byte[], byte[]>> deadLetters = runTopology(stateDir, List.of(new Input(true,
                "k".getBytes(StandardCharsets.UTF_8), without(Announcement.class, "claim").getBytes(StandardCharsets.UTF_8))))
                .get(Topics.defaults().deadLetters().name());
        assertThat(deadLetters).hasSize(1);
        ObjectNode headers = JSON.createObjectNode();
        for (Header header : deadLetters.get(0).headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(problems("dead-letter-headers.schema.json", headers.toString())).isEmpty();
        Set<String> required = new TreeSet<>();
        readJson(CONTRACT.resolve("dead-letter-headers.schema.json")).path("required")
                .forEach(name -> required.add(name.asText()));
        assertThat(new TreeSet<>(headers.properties().stream().map(Map.Entry::getKey).toList())).isEqualTo(required);
        assertThat(headers.path("__streams.errors.message").asText()).contains("missing required field 'claim'");
        assertThat(problems("dead-letter-headers.schema.json", headers.deepCopy().without("__streams.errors.message").toString()))
                .isNotEmpty();
    }

    @Test
    @DisplayName("Every claim status the topology writes for the sample feed passes claim-status.schema.json")
    void claimStatusesFromSampleFeedAreValid(@TempDir Path stateDir) {
        JsonSerde<Announcement> announcementSerde = JsonSerde.of(Announcement.class);
        JsonSerde<Backtrack> backtrackSerde = JsonSerde.of(Backtrack.class);
        // In event-time order, as a replay sends them.
        List<Input> inputs = JsonLinesFeed.read(SAMPLE_FEED).entries().stream()
                .map(entry -> entry.isAnnouncement()
                        ? new Input(true, null, announcementSerde.write(entry.announcement()))
                        : new Input(false, null, backtrackSerde.write(entry.backtrack())))
                .toList();
        List<TestRecord<byte[], byte[]>> statuses = runTopology(stateDir, inputs).get(Topics.defaults().claimStatus().name());
        assertThat(statuses).isNotEmpty();
        Set<String> seen = new TreeSet<>();
        for (TestRecord<byte[], byte[]> status : statuses) {
            String json = new String(status.value(), StandardCharsets.UTF_8);
            assertThat(problems("claim-status.schema.json", json)).as(json).isEmpty();
            assertThat(readJsonString(json).path("announcementId").asText())
                    .isEqualTo(new String(status.key(), StandardCharsets.UTF_8));
            seen.add(readJsonString(json).path("status").asText());
        }
        assertThat(seen).contains("open", "contested", "stood");
    }

    @Test
    @DisplayName("claim-status.schema.json requires exactly the fields ClaimStatus writes, consistently with its status")
    void claimStatusSchema() {
        JsonNode schema = readJson(CONTRACT.resolve("claim-status.schema.json"));
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        assertThat(schemaProperties("claim-status.schema.json")).isEqualTo(componentNames(ClaimStatus.class));
        assertThat(required).isEqualTo(componentNames(ClaimStatus.class));
        assertThat(schema.path("properties").path("schemaVersion").path("const").asInt())
                .isEqualTo(ClaimStatus.SCHEMA_VERSION);

        Instant announced = Instant.parse("2014-10-14T18:30:00Z");
        Announcement announcement = new Announcement("a1", announced, "USA", null, List.of("RUS"), "t", "c", null, null);
        Backtrack backtrack = new Backtrack("b1", announced.plus(Duration.ofHours(28)), "RUS", null, List.of("USA"), "t",
                "s", null, null, null, null);
        ClaimKey key = new ClaimKey("t", List.of("RUS", "USA"));
        ClaimStatus open = ClaimStatus.opened(key, announcement);
        ClaimStatus contested = open.contestedBy(ContestedClaim.of(key, announcement, backtrack, Match.claimKey()));
        JsonSerde<ClaimStatus> serde = JsonSerde.of(ClaimStatus.class);
        for (ClaimStatus status : List.of(open, contested, open.stood(), contested.stood())) {
            String json = new String(serde.write(status), StandardCharsets.UTF_8);
            assertThat(problems("claim-status.schema.json", json)).as(json).isEmpty();
        }
        ObjectNode contestedJson = (ObjectNode) readJsonString(new String(serde.write(contested), StandardCharsets.UTF_8));
        ObjectNode openJson = (ObjectNode) readJsonString(new String(serde.write(open), StandardCharsets.UTF_8));
        assertThat(problems("claim-status.schema.json", contestedJson.deepCopy().putNull("firstLag").toString())).isNotEmpty();
        assertThat(problems("claim-status.schema.json", openJson.deepCopy().put("backtracks", 1).toString())).isNotEmpty();
        assertThat(problems("claim-status.schema.json", openJson.deepCopy().put("status", "withdrawn").toString())).isNotEmpty();
    }

    // ---- AsyncAPI ----------------------------------------------------------------------------------------

    @Test
    @DisplayName("asyncapi.yaml is AsyncAPI 3.0.0 and every $ref resolves, to a file or within the document")
    void asyncApiReferencesResolve() {
        Path file = CONTRACT.resolve("asyncapi.yaml");
        JsonNode document = readYaml(file);
        assertThat(document.path("asyncapi").asText()).isEqualTo("3.0.0");
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        Set<String> files = new TreeSet<>();
        for (String ref : refs) {
            String[] parts = ref.split("#", 2);
            JsonNode target = document;
            if (!parts[0].isEmpty()) {
                Path referenced = file.getParent().resolve(parts[0]).normalize();
                assertThat(referenced).as(ref).isRegularFile();
                target = parts[0].endsWith(".json") ? readJson(referenced) : readYaml(referenced);
                files.add(referenced.getFileName().toString());
            }
            if (parts.length > 1 && !parts[1].isEmpty()) {
                assertThat(target.at(parts[1]).isMissingNode()).as(ref + " resolves").isFalse();
            }
        }
        assertThat(files).containsExactlyInAnyOrder("announcement.schema.json", "backtrack.schema.json",
                "contested-claim.schema.json", "claim-status.schema.json", "dead-letter-headers.schema.json");
        for (String schemaFile : files) {
            assertThat(schema(schemaFile)).as(schemaFile + " compiles").isNotNull();
        }
    }

    @Test
    @DisplayName("Walkback receives announcements and backtracks and sends contested claims, claim status and dead letters")
    void asyncApiOperations() {
        JsonNode document = readYaml(CONTRACT.resolve("asyncapi.yaml"));
        Map<String, String> actionByAddress = new LinkedHashMap<>();
        for (var operation : document.path("operations").properties()) {
            String channelRef = operation.getValue().path("channel").path("$ref").asText();
            JsonNode channel = document.at(channelRef.substring(1));
            actionByAddress.put(channel.path("address").asText(), operation.getValue().path("action").asText());
            for (JsonNode message : operation.getValue().path("messages")) {
                assertThat(message.path("$ref").asText()).as(operation.getKey() + " messages belong to its channel")
                        .startsWith(channelRef + "/messages/");
            }
        }
        Topics topics = Topics.defaults();
        assertThat(actionByAddress).containsOnly(
                Map.entry(topics.announcements().name(), "receive"),
                Map.entry(topics.backtracks().name(), "receive"),
                Map.entry(topics.contestedClaims().name(), "send"),
                Map.entry(topics.claimStatus().name(), "send"),
                Map.entry(topics.deadLetters().name(), "send"));
        assertThat(actionByAddress.keySet()).containsExactlyInAnyOrderElementsOf(topics.names());
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** A raw input record for an announcement (else a backtrack). */
    record Input(boolean announcement, byte[] key, byte[] value) {
    }

    /**
     * Runs Walkback's topology in the TopologyTestDriver on raw records, in the given order (event times come
     * from the values), and returns every output topic's records.
     */
    static Map<String, List<TestRecord<byte[], byte[]>>> runTopology(Path stateDir, List<Input> inputs) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "walkback-contract-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        TopologySettings settings = TopologySettings.defaults();
        Topics topics = settings.topics();
        props.putAll(WalkbackTopology.requiredStreamsConfig(topics));
        Map<String, List<TestRecord<byte[], byte[]>>> outputs = new LinkedHashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(WalkbackTopology.build(settings, props), props)) {
            TestInputTopic<byte[], byte[]> announcementTopic =
                    driver.createInputTopic(topics.announcements().name(), new ByteArraySerializer(), new ByteArraySerializer());
            TestInputTopic<byte[], byte[]> backtrackTopic =
                    driver.createInputTopic(topics.backtracks().name(), new ByteArraySerializer(), new ByteArraySerializer());
            for (Input input : inputs) {
                (input.announcement() ? announcementTopic : backtrackTopic).pipeInput(input.key(), input.value());
            }
            for (String output : List.of(topics.contestedClaims().name(), topics.claimStatus().name(), topics.deadLetters().name())) {
                outputs.put(output, driver.createOutputTopic(output, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()).readRecordsToList());
            }
        }
        return outputs;
    }

    static JsonNode readJsonString(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode base(Class<?> type) {
        ObjectNode node = JSON.createObjectNode();
        if (type == Announcement.class) {
            node.put("id", "ann-1").put("announcedAt", "2014-10-14T18:30:00Z").put("actor", "USA")
                    .put("speaker", "John Kerry").put("topic", "intelligence-sharing/islamic-state")
                    .put("claim", "Russia agreed to share intelligence.").put("source", "State Department")
                    .put("url", "https://example.org/a");
            node.putArray("counterparts").add("RUS");
        } else {
            node.put("id", "bt-1").put("reportedAt", "2014-10-16T12:45:00Z").put("actor", "RUS")
                    .put("speaker", "Sergei Lavrov").put("topic", "intelligence-sharing/islamic-state")
                    .put("statement", "Kerry overstated the case.").put("kind", "walk_back")
                    .put("refersTo", "ann-1").put("source", "RIA Novosti").put("url", "https://example.org/b");
            node.putArray("counterparts").add("USA");
        }
        return node;
    }

    static String without(Class<?> type, String field) {
        ObjectNode node = base(type);
        node.remove(field);
        return node.toString();
    }

    static String with(Class<?> type, String field, Object value) {
        ObjectNode node = base(type);
        node.set(field, JSON.valueToTree(value));
        return node.toString();
    }

    static String typed(String type, String json) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json);
            return JSON.createObjectNode().put("type", type).setAll(node).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> componentNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(c -> c.getName()).collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> schemaProperties(String schemaFile) {
        Set<String> names = new TreeSet<>();
        readJson(CONTRACT.resolve(schemaFile)).path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectRefs(element, refs));
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static JsonNode readYaml(Path file) {
        try {
            return new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
