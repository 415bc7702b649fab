package io.walkback.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.BacktrackKind;
import io.walkback.contract.ContestedClaim;
import io.walkback.topology.ReferenceRun;
import io.walkback.topology.TopologySettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GDELT 2.0 export files are read into a feed of announcements and backtracks")
class GdeltFeedTest {

    /** Three real consecutive 15-minute exports of 2025-08-07, 3,442 rows (see src/test/resources/gdelt/README.md). */
    static final List<String> SAMPLE = List.of(
            "20250807231500.export.CSV", "20250807233000.export.CSV", "20250807234500.export.CSV");
    static final Path CONFIG_MAPPING = Path.of("config", "cameo-topics.properties");
    static final Path BUNDLED_MAPPING_SOURCE = Path.of("src", "main", "resources", "gdelt", "cameo-topics.properties");

    private static List<Path> files;
    private static Feed feed;

    @BeforeAll
    static void readSample() {
        files = SAMPLE.stream().map(GdeltFeedTest::sample).toList();
        feed = GdeltFeed.read(files, CameoMapping.defaults());
    }

    static Path sample(String name) {
        try {
            return Path.of(GdeltFeedTest.class.getResource("/gdelt/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FeedEntry entry(long globalEventId) {
        return feed.entries().stream().filter(e -> e.id().equals("gdelt-" + globalEventId)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry for GLOBALEVENTID " + globalEventId));
    }

    private static boolean hasEntry(long globalEventId) {
        return feed.entries().stream().anyMatch(e -> e.id().equals("gdelt-" + globalEventId));
    }

    @Nested
    @DisplayName("Specific rows of the sample")
    class Rows {

        @Test
        @DisplayName("Russia consulting Ukraine (event 1256333217, CAMEO 040) becomes an announcement on the meeting domain at its DATEADDED")
        void announcement() {
            FeedEntry entry = entry(1256333217L);
            assertThat(entry.origin()).isEqualTo("20250807231500.export.CSV:989");
            assertThat(entry.announcement()).isEqualTo(new Announcement(
                    "gdelt-1256333217",
                    Instant.parse("2025-08-07T23:15:00Z"),
                    "RUS",
                    "RUSSIA",
                    List.of("UKR"),
                    "meeting",
                    "RUSSIA: Consult with UKRAINE (CAMEO 040)",
                    "GDELT",
                    "https://www.idahostatejournal.com/news/national/trump-says-he-would-meet-with-putin-even-if-the-"
                            + "russian-leader-wont-meet-with/article_a1fe29e7-cdbd-532d-99d5-8c59866fd533.html"));
        }

        @Test
        @DisplayName("Russia rejecting a proposal to meet Ukraine (event 1256334681, CAMEO 125) becomes a denial on the meeting domain")
        void denial() {
            FeedEntry entry = entry(1256334681L);
            assertThat(entry.origin()).isEqualTo("20250807233000.export.CSV:584");
            assertThat(entry.backtrack()).isEqualTo(new Backtrack(
                    "gdelt-1256334681",
                    Instant.parse("2025-08-07T23:30:00Z"),
                    "RUS",
                    "RUSSIA",
                    List.of("UKR"),
                    "meeting",
                    "RUSSIA: Reject proposal to meet, discuss, or negotiate with UKRAINE (CAMEO 125)",
                    BacktrackKind.DENIAL,
                    null,
                    "GDELT",
                    "https://kvia.com/news/2025/08/07/gaps-already-emerging-in-us-and-russian-views-of-potential-trump-putin-summit/"));
        }

        @Test
        @DisplayName("The White House imposing sanctions on Russia (event 1256333657, CAMEO 163) becomes a reversal on the economic-sanctions domain")
        void reversal() {
            Backtrack backtrack = entry(1256333657L).backtrack();
            assertThat(backtrack).isNotNull();
            assertThat(backtrack.kind()).isEqualTo(BacktrackKind.REVERSAL);
            assertThat(backtrack.topic()).isEqualTo("economic-sanctions");
            assertThat(backtrack.actor()).isEqualTo("USA");
            assertThat(backtrack.speaker()).isEqualTo("THE WHITE HOUSE");
            assertThat(backtrack.counterparts()).containsExactly("RUS");
            assertThat(backtrack.statement())
                    .isEqualTo("THE WHITE HOUSE: Impose embargo, boycott, or sanctions with RUSSIA (CAMEO 163)");
        }

        @Test
        @DisplayName("Rows without two countries, with one country on both sides, or with an unmapped code yield no entry")
        void skippedRows() {
            // 1256332229: no Actor1CountryCode; 1256332266: USA on both sides; 1256332522: CAN-DEU, CAMEO 010 (statement).
            assertThat(hasEntry(1256332229L)).isFalse();
            assertThat(hasEntry(1256332266L)).isFalse();
            assertThat(hasEntry(1256332522L)).isFalse();
        }

        @Test
        @DisplayName("Repeats of one event (same actors, code and slot) collapse into the row with the lowest GLOBALEVENTID")
        void duplicatesCollapsed() {
            // 1256334681, 1256334688 and 1256334689 are RUS->UKR, CAMEO 125, 23:30, from the same article.
            assertThat(hasEntry(1256334681L)).isTrue();
            assertThat(hasEntry(1256334688L)).isFalse();
            assertThat(hasEntry(1256334689L)).isFalse();
            // 1256332706 and 1256332707: ESP->USA, CAMEO 162.
            assertThat(hasEntry(1256332706L)).isTrue();
            assertThat(hasEntry(1256332707L)).isFalse();
        }
    }

    @Nested
    @DisplayName("Accounting for the three sample files")
    class Summary {

        @Test
        @DisplayName("Every row is an entry, a problem or a skip, and the counts match an independent pass over the columns")
        void countsMatchIndependentPass() throws IOException {
            Independent expected = Independent.count(files, CONFIG_MAPPING);

            // Figures that do not depend on the mapping, also given in the data set's README.
            assertThat(expected.lines).isEqualTo(3_442);
            assertThat(expected.lines - expected.noCountry).isEqualTo(805);

            assertThat(feed.linesRead()).isEqualTo(expected.lines);
            assertThat(feed.problems()).isEmpty();
            assertThat(feed.announcements()).isEqualTo(expected.announcements);
            assertThat(feed.backtracks()).isEqualTo(expected.backtracks);
            assertThat(feed.skipped()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    GdeltFeed.SKIPPED_NO_COUNTRY, expected.noCountry,
                    GdeltFeed.SKIPPED_SAME_COUNTRY, expected.sameCountry,
                    GdeltFeed.SKIPPED_UNMAPPED_CODE, expected.unmapped,
                    GdeltFeed.SKIPPED_DUPLICATE, expected.duplicates));
            long skipped = feed.skipped().values().stream().mapToLong(Long::longValue).sum();
            assertThat(feed.entries().size() + skipped).isEqualTo(feed.linesRead());
        }

        @Test
        @DisplayName("Entries are in event-time order, every one from GDELT with a source URL")
        void entriesOrderedAndAttributed() {
            assertThat(feed.entries()).extracting(FeedEntry::eventTime).isSorted();
            assertThat(feed.entries()).allSatisfy(entry -> {
                assertThat(entry.id()).startsWith("gdelt-");
                String url = entry.isAnnouncement() ? entry.announcement().url() : entry.backtrack().url();
                String source = entry.isAnnouncement() ? entry.announcement().source() : entry.backtrack().source();
                assertThat(url).startsWith("http");
                assertThat(source).isEqualTo("GDELT");
            });
        }
    }

    @Nested
    @DisplayName("Files that are not clean")
    class Malformed {

        @TempDir
        Path dir;

        @Test
        @DisplayName("A short row, a bad DATEADDED and a non-numeric GLOBALEVENTID are problems with file:line, and the rest is still read")
        void malformedRowsAreCountedNotFatal() throws IOException {
            List<String> rows = firstRows(sample(SAMPLE.get(0)), 3);
            String good = row(1256334681L);
            String[] badDate = good.split("\t", -1);
            badDate[59] = "20251399231500";
            String[] badId = good.split("\t", -1);
            badId[0] = "12563x4681";
            Path file = dir.resolve("broken.tsv");
            Files.write(file, List.of(
                    rows.get(0),
                    "1256399999\t20250807\t202508",
                    String.join("\t", badDate),
                    "",
                    String.join("\t", badId),
                    good), StandardCharsets.UTF_8);

            Feed broken = GdeltFeed.read(List.of(file), CameoMapping.defaults());

            assertThat(broken.linesRead()).isEqualTo(6);
            assertThat(broken.problems()).extracting(Feed.FeedProblem::origin, Feed.FeedProblem::reason).containsExactly(
                    tuple("broken.tsv:2", "expected 61 tab-separated fields, found 3"),
                    tuple("broken.tsv:3", "DATEADDED '20251399231500' is not a UTC date-time YYYYMMDDHHMMSS"),
                    tuple("broken.tsv:5", "GLOBALEVENTID '12563x4681' is not a positive whole number"));
            assertThat(broken.entries()).extracting(FeedEntry::id, FeedEntry::origin)
                    .containsExactly(tuple("gdelt-1256334681", "broken.tsv:6"));
            assertThat(broken.skipped()).containsEntry(GdeltFeed.SKIPPED_NO_COUNTRY, 1L);
        }

        @Test
        @DisplayName("Of repeats of one event the lowest GLOBALEVENTID is kept even when it comes later, also across files")
        void lowestIdWinsWhateverTheOrder() throws IOException {
            Path later = dir.resolve("later.CSV");
            Path earlier = dir.resolve("earlier.CSV");
            Files.write(later, List.of(row(1256334689L), row(1256334688L)), StandardCharsets.UTF_8);
            Files.write(earlier, List.of(row(1256334681L)), StandardCharsets.UTF_8);

            Feed repeats = GdeltFeed.read(List.of(later, earlier, earlier), CameoMapping.defaults());

            assertThat(repeats.entries()).extracting(FeedEntry::id, FeedEntry::origin)
                    .containsExactly(tuple("gdelt-1256334681", "earlier.CSV:1"));
            assertThat(repeats.skipped()).containsExactly(Map.entry(GdeltFeed.SKIPPED_DUPLICATE, 3L));
        }

        @Test
        @DisplayName("A zipped export, as GDELT publishes it, reads the same as the plain file, lines named after the zip")
        void zipReadsLikePlainFile() throws IOException {
            Path plain = sample(SAMPLE.get(1));
            Path zip = dir.resolve(SAMPLE.get(1) + ".zip");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                out.putNextEntry(new ZipEntry(SAMPLE.get(1)));
                Files.copy(plain, out);
                out.closeEntry();
            }

            Feed fromPlain = GdeltFeed.read(List.of(plain), CameoMapping.defaults());
            Feed fromZip = GdeltFeed.read(List.of(zip), CameoMapping.defaults());

            assertThat(fromZip.entries()).hasSize(fromPlain.entries().size()).isNotEmpty();
            assertThat(fromZip.entries()).extracting(FeedEntry::announcement, FeedEntry::backtrack)
                    .containsExactlyElementsOf(fromPlain.entries().stream()
                            .map(e -> tuple(e.announcement(), e.backtrack())).toList());
            assertThat(fromZip.entries()).extracting(FeedEntry::origin)
                    .containsExactlyElementsOf(fromPlain.entries().stream()
                            .map(e -> e.origin().replace(SAMPLE.get(1) + ":", SAMPLE.get(1) + ".zip:")).toList());
            assertThat(fromZip.skipped()).isEqualTo(fromPlain.skipped());
            assertThat(fromZip.problems()).isEqualTo(fromPlain.problems());
            assertThat(fromZip.linesRead()).isEqualTo(fromPlain.linesRead()).isEqualTo(835);
        }

        @Test
        @DisplayName("--format auto: export names, zips and 61-field first lines are GDELT; the JSON Lines sample feed is not")
        void formatDetection() throws IOException {
            Path renamed = dir.resolve("events.tsv");
            Files.write(renamed, firstRows(sample(SAMPLE.get(0)), 2), StandardCharsets.UTF_8);
            Path jsonl = dir.resolve("sample-feed.jsonl");
            try (InputStream in = GdeltFeedTest.class.getResourceAsStream("/feeds/sample-feed.jsonl")) {
                Files.copy(in, jsonl);
            }
            Path empty = Files.createFile(dir.resolve("empty.csv"));

            assertThat(GdeltFeed.looksLikeGdelt(sample(SAMPLE.get(0)))).isTrue();
            assertThat(GdeltFeed.looksLikeGdelt(Path.of("20250807231500.export.CSV.zip"))).isTrue();
            assertThat(GdeltFeed.looksLikeGdelt(renamed)).isTrue();
            assertThat(GdeltFeed.looksLikeGdelt(jsonl)).isFalse();
            assertThat(GdeltFeed.looksLikeGdelt(empty)).isFalse();
        }

        @Test
        @DisplayName("A missing file fails the read with its path")
        void missingFile() {
            Path missing = dir.resolve("20250101000000.export.CSV");
            assertThatThrownBy(() -> GdeltFeed.read(List.of(missing), CameoMapping.defaults()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(missing.toString());
        }

        private List<String> firstRows(Path file, int count) throws IOException {
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                return lines.limit(count).toList();
            }
        }

        private String row(long globalEventId) throws IOException {
            for (Path file : files) {
                try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                    var found = lines.filter(line -> line.startsWith(globalEventId + "\t")).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            throw new AssertionError("no row " + globalEventId);
        }
    }

    @Nested
    @DisplayName("Replayed through the topology")
    class EndToEnd {

        @Test
        @DisplayName("The contested claims are exactly the announcement-backtrack pairs with the same topic and parties, 0 to 30 days apart")
        void contestedClaimsMatchIndependentJoin() {
            Set<List<String>> expected = new HashSet<>();
            List<Announcement> announcements = feed.entries().stream()
                    .filter(FeedEntry::isAnnouncement).map(FeedEntry::announcement).toList();
            for (FeedEntry entry : feed.entries()) {
                if (entry.isAnnouncement()) {
                    continue;
                }
                Backtrack b = entry.backtrack();
                for (Announcement a : announcements) {
                    Duration lag = Duration.between(a.announcedAt(), b.reportedAt());
                    if (a.topic().equals(b.topic()) && parties(a.actor(), a.counterparts()).equals(parties(b.actor(), b.counterparts()))
                            && !lag.isNegative() && lag.compareTo(Duration.ofDays(30)) <= 0) {
                        expected.add(List.of(a.id(), b.id()));
                    }
                }
            }

            List<ContestedClaim> claims = ReferenceRun.contestedClaims(TopologySettings.defaults(), feed);

            assertThat(expected).isNotEmpty();
            assertThat(claims).hasSize(expected.size());
            assertThat(claims.stream().map(c -> List.of(c.announcementId(), c.backtrackId())).collect(Collectors.toSet()))
                    .isEqualTo(expected);
            assertThat(claims).filteredOn(c -> c.announcementId().equals("gdelt-1256333217")).singleElement()
                    .satisfies(claim -> {
                        assertThat(claim.backtrackId()).isEqualTo("gdelt-1256334681");
                        assertThat(claim.topic()).isEqualTo("meeting");
                        assertThat(claim.parties()).containsExactly("RUS", "UKR");
                        assertThat(claim.kind()).isEqualTo(BacktrackKind.DENIAL);
                        assertThat(claim.lag()).isEqualTo(Duration.ofMinutes(15));
                    });
        }

        private Set<String> parties(String actor, List<String> counterparts) {
            Set<String> parties = new HashSet<>(counterparts);
            parties.add(actor);
            return parties;
        }
    }

    @Nested
    @DisplayName("The CAMEO mapping file")
    class Mapping {

        @Test
        @DisplayName("config/cameo-topics.properties and the bundled copy are identical, byte for byte")
        void configAndBundledCopyIdentical() throws IOException {
            byte[] config = Files.readAllBytes(CONFIG_MAPPING);
            assertThat(Files.readAllBytes(BUNDLED_MAPPING_SOURCE)).isEqualTo(config);
            try (InputStream bundled = CameoMapping.class.getResourceAsStream(CameoMapping.DEFAULT_RESOURCE)) {
                assertThat(bundled.readAllBytes()).isEqualTo(config);
            }
        }

        @Test
        @DisplayName("The defaults load, and the config file loaded by path gives the same rules")
        void defaultsLoad() {
            CameoMapping defaults = CameoMapping.defaults();
            assertThat(CameoMapping.load(CONFIG_MAPPING).rules()).isEqualTo(defaults.rules());
            assertThat(defaults.rule("036")).get().satisfies(rule -> {
                assertThat(rule.isAnnouncement()).isTrue();
                assertThat(rule.domain()).isEqualTo("meeting");
                assertThat(rule.label()).isEqualTo("Express intent to meet or negotiate");
            });
            assertThat(defaults.rule("161")).get().extracting(CameoMapping.Rule::kind).isEqualTo(BacktrackKind.REVERSAL);
            assertThat(defaults.rule("010")).isEmpty();
            assertThat(defaults.domains()).contains("meeting", "agreement", "ceasefire", "aid", "diplomatic-relations",
                    "material-cooperation", "economic-sanctions");
        }

        @Test
        @DisplayName("A line of another shape fails with the file and line number")
        void malformedLine() {
            assertThatThrownBy(() -> parse("# codes\n036 = announcement meeting \"Meet\"\n125 denial meeting\n"))
                    .isInstanceOf(FeedProblem.class)
                    .hasMessage("test.properties:3: expected CODE = ROLE DOMAIN \"LABEL\", got '125 denial meeting'");
        }

        @Test
        @DisplayName("An unknown role fails with the line number and the roles allowed")
        void unknownRole() {
            assertThatThrownBy(() -> parse("036 = anouncement meeting \"Meet\"\n125 = denial meeting \"Reject\"\n"))
                    .isInstanceOf(FeedProblem.class)
                    .hasMessageStartingWith("test.properties:1: unknown role 'anouncement', expected announcement or a backtrack kind");
        }

        @Test
        @DisplayName("A code that is not 3 or 4 digits, a badly spelled domain or a repeated code fails with its line")
        void badCodeDomainOrRepeat() {
            assertThatThrownBy(() -> parse("36a = announcement meeting \"Meet\"\n"))
                    .hasMessage("test.properties:1: CAMEO code must be 3 or 4 digits, got '36a'");
            assertThatThrownBy(() -> parse("036 = announcement Meeting_Talks \"Meet\"\n"))
                    .hasMessage("test.properties:1: domain must be lower-case words joined by '-', got 'Meeting_Talks'");
            assertThatThrownBy(() -> parse("036 = announcement meeting \"Meet\"\n\n036 = denial meeting \"Reject\"\n"))
                    .hasMessage("test.properties:3: code 036 is already mapped on line 1");
        }

        @Test
        @DisplayName("A domain with announcements but no backtrack code, which could never match, fails naming its first line")
        void oneSidedDomain() {
            assertThatThrownBy(() -> parse("036 = announcement meeting \"Meet\"\n125 = denial meeting \"Reject\"\n"
                    + "057 = announcement agreement \"Sign formal agreement\"\n"))
                    .isInstanceOf(FeedProblem.class)
                    .hasMessage("test.properties:3: domain 'agreement' has no backtrack code, so nothing in it could ever be contested");
        }

        @Test
        @DisplayName("A missing mapping file is a config problem naming the path")
        void missingFile(@TempDir Path dir) {
            Path missing = dir.resolve("nope.properties");
            assertThatThrownBy(() -> CameoMapping.load(missing))
                    .isInstanceOf(FeedProblem.class)
                    .hasMessageContaining(missing.toString());
        }

        private CameoMapping parse(String text) throws IOException {
            try (Reader reader = new StringReader(text)) {
                return CameoMapping.parse("test.properties", reader);
            }
        }
    }

    /**
     * Counts the sample the simple way, sharing no code with the reader: java.util.Properties reads the
     * mapping, String.split reads the rows, and the 15-minute slot is taken from the DATEADDED digits.
     */
    static final class Independent {
        long lines;
        long noCountry;
        long sameCountry;
        long unmapped;
        long duplicates;
        long announcements;
        long backtracks;

        static Independent count(List<Path> files, Path mappingFile) throws IOException {
            Properties mapping = new Properties();
            try (Reader reader = Files.newBufferedReader(mappingFile, StandardCharsets.UTF_8)) {
                mapping.load(reader);
            }
            Map<String, String> roleByCode = new HashMap<>();
            mapping.forEach((code, value) -> roleByCode.put((String) code, ((String) value).split(" ")[0]));

            Independent n = new Independent();
            Set<String> seen = new HashSet<>();
            List<String> all = new ArrayList<>();
            for (Path file : files) {
                all.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
            for (String line : all) {
                n.lines++;
                String[] c = line.split("\t", -1);
                String actor1 = c[7];
                String actor2 = c[17];
                String code = c[26];
                String added = c[59];
                if (actor1.isEmpty() || actor2.isEmpty()) {
                    n.noCountry++;
                } else if (actor1.equals(actor2)) {
                    n.sameCountry++;
                } else if (!roleByCode.containsKey(code)) {
                    n.unmapped++;
                } else if (!seen.add(actor1 + "|" + actor2 + "|" + code + "|" + added.substring(0, 10) + "|"
                        + Integer.parseInt(added.substring(10, 12)) / 15)) {
                    // Files and rows are in ascending GLOBALEVENTID order, so the first seen is the lowest.
                    n.duplicates++;
                } else if (roleByCode.get(code).equals("announcement")) {
                    n.announcements++;
                } else {
                    n.backtracks++;
                }
            }
            return n;
        }
    }
}
