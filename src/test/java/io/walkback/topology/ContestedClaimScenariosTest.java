package io.walkback.topology;

import static io.walkback.topology.Events.announcement;
import static io.walkback.topology.Events.backtrack;
import static io.walkback.topology.Events.kerryClaim;
import static io.walkback.topology.Events.moscowWalkBack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.walkback.contract.BacktrackKind;
import io.walkback.contract.ContestedClaim;
import io.walkback.replay.Feed;
import io.walkback.replay.FeedEntry;
import io.walkback.replay.SyntheticFeed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Given announcements and backtracks, the topology emits these contested claims")
class ContestedClaimScenariosTest {

    private static final String TRADE = "trade/soybeans";
    private static final List<String> WITH_CHN = List.of("CHN");
    private static final List<String> WITH_USA = List.of("USA");

    private ContestDriver walkback;

    @BeforeEach
    void start() {
        walkback = ContestDriver.withDefaults();
    }

    @AfterEach
    void stop() {
        walkback.close();
    }

    @Test
    @DisplayName("Kerry's 2014-10-15 claim, walked back by Moscow the next day: one contested claim with the exact lag")
    void seedCase() {
        walkback.announce(kerryClaim()).report(moscowWalkBack());

        List<TestRecord<String, ContestedClaim>> out = walkback.contestedClaimRecords();
        assertThat(out).hasSize(1);
        TestRecord<String, ContestedClaim> record = out.get(0);
        ContestedClaim claim = record.value();
        assertThat(record.key()).isEqualTo("ann-kerry-2014-10-15");
        assertThat(claim.schemaVersion()).isEqualTo(1);
        assertThat(claim.announcementId()).isEqualTo("ann-kerry-2014-10-15");
        assertThat(claim.backtrackId()).isEqualTo("bt-lavrov-2014-10-16");
        assertThat(claim.topic()).isEqualTo("intelligence-sharing/islamic-state");
        assertThat(claim.parties()).containsExactly("RUS", "USA");
        assertThat(claim.announcedBy()).isEqualTo("USA");
        assertThat(claim.contestedBy()).isEqualTo("RUS");
        assertThat(claim.kind()).isEqualTo(BacktrackKind.WALK_BACK);
        assertThat(claim.announcedAt()).isEqualTo(Instant.parse("2014-10-15T13:30:00Z"));
        assertThat(claim.contestedAt()).isEqualTo(Instant.parse("2014-10-16T17:45:00Z"));
        // 13:30 on the 15th to 17:45 on the 16th: 28 hours 15 minutes.
        assertThat(claim.lag()).isEqualTo(Duration.ofHours(28).plusMinutes(15));
        assertThat(claim.lagMillis()).isEqualTo(Duration.ofHours(28).plusMinutes(15).toMillis());
        assertThat(claim.claim()).isEqualTo("Russia has agreed to share intelligence on the Islamic State");
        assertThat(claim.statement()).isEqualTo("Kerry overstated the case");
        assertThat(claim.announcementUrl()).isEqualTo("https://example.org/kerry");
        assertThat(claim.backtrackUrl()).isEqualTo("https://example.org/lavrov");
        assertThat(record.timestamp()).isEqualTo(Instant.parse("2014-10-16T17:45:00Z").toEpochMilli());
    }

    @Test
    @DisplayName("A backtrack that arrives before its announcement, less than the grace period (1 day) apart, still matches")
    void outOfOrderWithinGrace() {
        // The announcement is made at 08:00 but reaches Walkback after the 20:00 denial: 12 hours out of order.
        walkback.report(backtrack("bt-1", "2019-05-10T20:00:00Z", "CHN", WITH_USA, TRADE, "No deal", null, null))
                .announce(announcement("ann-1", "2019-05-10T08:00:00Z", "USA", WITH_CHN, TRADE, "China will buy"));

        assertThat(walkback.contestedClaims())
                .extracting(ContestedClaim::announcementId, ContestedClaim::lag)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ann-1", Duration.ofHours(12)));
    }

    @Test
    @DisplayName("A backtrack reported before the announcement was made contests nothing")
    void backtrackBeforeAnnouncement() {
        walkback.report(backtrack("bt-early", "2019-05-09T10:00:00Z", "CHN", WITH_USA, TRADE, "No deal", null, null))
                .announce(announcement("ann-late", "2019-05-10T10:00:00Z", "USA", WITH_CHN, TRADE, "China will buy"));

        assertThat(walkback.contestedClaims()).isEmpty();
    }

    @Test
    @DisplayName("Window bounds: a lag of exactly zero and exactly the max lag match; one millisecond more does not")
    void windowBoundsOnBothSides() {
        walkback.announce(
                        announcement("ann-zero", "2019-05-01T00:00:00Z", "USA", WITH_CHN, TRADE, "zero"),
                        announcement("ann-max", "2019-05-01T00:00:00.001Z", "USA", List.of("CHN", "BRA"), TRADE, "max"),
                        announcement("ann-over", "2019-05-01T00:00:00.002Z", "USA", List.of("CHN", "IND"), TRADE, "over"))
                .report(
                        backtrack("bt-zero", "2019-05-01T00:00:00Z", "CHN", WITH_USA, TRADE, "same instant", null, null),
                        backtrack("bt-max", "2019-05-31T00:00:00.001Z", "CHN", List.of("BRA", "USA"), TRADE, "30 days", null, null),
                        backtrack("bt-over", "2019-05-31T00:00:00.003Z", "CHN", List.of("IND", "USA"), TRADE, "30 days 1 ms", null, null));

        assertThat(walkback.contestedClaims())
                .extracting(ContestedClaim::announcementId, ContestedClaim::lagMillis)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("ann-zero", 0L),
                        org.assertj.core.groups.Tuple.tuple("ann-max", Duration.ofDays(30).toMillis()));
    }

    @Test
    @DisplayName("A backtrack more than the max lag (30 days) after the announcement does not match")
    void beyondMaxLag() {
        walkback.announce(announcement("ann-1", "2019-05-01T00:00:00Z", "USA", WITH_CHN, TRADE, "deal"))
                .report(backtrack("bt-1", "2019-06-01T00:00:00Z", "CHN", WITH_USA, TRADE, "no deal", null, null));

        assertThat(walkback.contestedClaims()).isEmpty();
    }

    @Test
    @DisplayName("Another topic or another set of parties is another claim")
    void otherTopicOrOtherParties() {
        walkback.announce(announcement("ann-1", "2019-05-01T00:00:00Z", "USA", WITH_CHN, TRADE, "deal"))
                .report(
                        backtrack("bt-topic", "2019-05-02T00:00:00Z", "CHN", WITH_USA, "trade/tariffs", "no", null, null),
                        backtrack("bt-parties", "2019-05-02T00:00:00Z", "CHN", List.of("USA", "MEX"), TRADE, "no", null, null),
                        backtrack("bt-alone", "2019-05-02T00:00:00Z", "CHN", List.of(), TRADE, "no", null, null));

        assertThat(walkback.contestedClaims()).isEmpty();
    }

    @Test
    @DisplayName("Parties that extend another claim's parties are another claim, whichever is held first")
    void partiesThatExtendAnotherClaim() {
        walkback.announce(announcement("ann-two", "2019-05-01T00:00:00Z", "USA", WITH_CHN, TRADE, "deal"),
                        announcement("ann-three", "2019-05-01T00:00:00Z", "USA", List.of("CHN", "ZAF"), TRADE, "deal"))
                .report(backtrack("bt-two", "2019-05-02T00:00:00Z", "CHN", WITH_USA, TRADE, "no", null, null),
                        backtrack("bt-three", "2019-05-03T00:00:00Z", "CHN", List.of("USA", "ZAF"), TRADE, "no", null, null));

        assertThat(walkback.contestedClaims())
                .extracting(ContestedClaim::announcementId, ContestedClaim::backtrackId)
                .containsExactlyInAnyOrder(tuple("ann-two", "bt-two"), tuple("ann-three", "bt-three"));
    }

    @Test
    @DisplayName("Topics match after normalizing case, whitespace and separators, and parties after case")
    void normalizedTopicAndParties() {
        walkback.announce(announcement("ann-1", "2019-05-01T00:00:00Z", "usa", List.of(" chn "), "Trade / Soy_Beans", "deal"))
                .report(backtrack("bt-1", "2019-05-02T00:00:00Z", "CHN", WITH_USA, "  trade/soy   beans ", "no", null, null));

        List<ContestedClaim> out = walkback.contestedClaims();
        assertThat(out).extracting(ContestedClaim::topic).containsExactly("trade/soy-beans");
        assertThat(out.get(0).parties()).containsExactly("CHN", "USA");
    }

    @Test
    @DisplayName("With the alias file's entries, 'isis', 'isil' and 'islamic-state' are one topic")
    void aliasTopic() {
        walkback.close();
        walkback = new ContestDriver(TopologySettings.defaults()
                .withTopicAliases(Map.of("isis", "islamic-state", "ISIL", "Islamic State")));

        walkback.announce(announcement("ann-1", "2014-10-15T00:00:00Z", "USA", List.of("RUS"),
                        "intelligence-sharing/ISIS", "Russia will share"))
                .report(backtrack("bt-1", "2014-10-16T00:00:00Z", "RUS", WITH_USA,
                        "intelligence-sharing/isil", "Overstated", null, null));

        assertThat(walkback.contestedClaims())
                .extracting(ContestedClaim::topic)
                .containsExactly("intelligence-sharing/islamic-state");
    }

    @Test
    @DisplayName("A backtrack whose refersTo names another announcement contests only that one")
    void refersToMismatch() {
        walkback.announce(
                        announcement("ann-a", "2019-05-01T00:00:00Z", "USA", WITH_CHN, TRADE, "first"),
                        announcement("ann-b", "2019-05-02T00:00:00Z", "USA", WITH_CHN, TRADE, "second"))
                .report(backtrack("bt-1", "2019-05-03T00:00:00Z", "CHN", WITH_USA, TRADE, "no", BacktrackKind.DENIAL, "ann-b"),
                        backtrack("bt-2", "2019-05-03T00:00:00Z", "CHN", WITH_USA, TRADE, "no", BacktrackKind.DENIAL, "ann-unknown"));

        assertThat(walkback.contestedClaims())
                .extracting(ContestedClaim::announcementId, ContestedClaim::backtrackId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ann-b", "bt-1"));
    }

    @Test
    @DisplayName("Two backtracks of one announcement are two events; one backtrack of two announcements is two events")
    void onePairOneEvent() {
        walkback.announce(
                        announcement("ann-a", "2019-05-01T00:00:00Z", "USA", WITH_CHN, TRADE, "first"),
                        announcement("ann-b", "2019-05-02T00:00:00Z", "USA", WITH_CHN, TRADE, "second"))
                .report(backtrack("bt-1", "2019-05-03T00:00:00Z", "CHN", WITH_USA, TRADE, "no", BacktrackKind.DENIAL, null),
                        backtrack("bt-2", "2019-05-04T00:00:00Z", "CHN", WITH_USA, TRADE, "still no", BacktrackKind.REVERSAL, "ann-a"));

        assertThat(walkback.contestedClaims())
                .extracting(ContestedClaim::announcementId, ContestedClaim::backtrackId, ContestedClaim::kind)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("ann-a", "bt-1", BacktrackKind.DENIAL),
                        org.assertj.core.groups.Tuple.tuple("ann-b", "bt-1", BacktrackKind.DENIAL),
                        org.assertj.core.groups.Tuple.tuple("ann-a", "bt-2", BacktrackKind.REVERSAL));
    }

    @Test
    @DisplayName("The same backtrack or announcement sent twice is still one contested claim")
    void duplicatesReportedOnce() {
        var deal = announcement("ann-1", "2019-05-10T08:00:00Z", "USA", WITH_CHN, TRADE, "China will buy");
        var denial = backtrack("bt-1", "2019-05-10T20:00:00Z", "CHN", WITH_USA, TRADE, "No deal", null, null);
        walkback.announce(deal).report(denial, denial).announce(deal);

        assertThat(walkback.contestedClaims()).hasSize(1);
        assertThat(walkback.metric(LateDrops.metricName("announcements"))).isZero();
    }

    @Test
    @DisplayName("A backtrack 4 days behind stream time still contests an announcement whose window (30 days + 1 day of grace) is open")
    void behindStreamTimeButInsideTheWindow() {
        walkback.announce(kerryClaim())
                // Stream time jumps to 2014-10-20 (another partition ran ahead); Moscow's 10-16 report trails it by 4 days.
                .announce(announcement("ann-later", "2014-10-20T00:00:00Z", "FRA", List.of("DEU"), "energy", "pipeline"))
                .report(moscowWalkBack());

        assertThat(walkback.contestedClaims())
                .extracting(ContestedClaim::announcementId, ContestedClaim::lag)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ann-kerry-2014-10-15", Duration.ofHours(28).plusMinutes(15)));
        assertThat(walkback.metric(LateDrops.metricName("backtracks"))).isZero();
    }

    @Test
    @DisplayName("Records that arrive after every window they could join has closed are dropped and counted; the claim stood")
    void afterTheWindowClosedIsDroppedAndCounted() {
        walkback.announce(kerryClaim())
                // Stream time 2014-11-20: Kerry's window closed on 11-15 (30 days + 1 day after 10-15 13:30).
                .announce(announcement("ann-later", "2014-11-20T00:00:00Z", "FRA", List.of("DEU"), "energy", "pipeline"))
                .report(moscowWalkBack())
                .announce(announcement("ann-old", "2014-10-01T00:00:00Z", "USA", List.of("RUS"), "trade", "closed on arrival"));

        assertThat(walkback.contestedClaims()).isEmpty();
        assertThat(walkback.claimStatus().get("ann-kerry-2014-10-15").status())
                .isEqualTo(io.walkback.contract.ClaimStatus.Status.STOOD);
        assertThat(walkback.metric(LateDrops.metricName("backtracks"))).isEqualTo(1.0);
        assertThat(walkback.metric(LateDrops.metricName("announcements"))).isEqualTo(1.0);
        assertThat(walkback.statusInStore("ann-old")).isNull();
    }

    @Test
    @DisplayName("Arrival order inside the window does not matter: 2,000 records shuffled give the same pairs as in event-time order")
    void arrivalOrderInsideTheWindowDoesNotMatter() {
        // 15 days of records, all well inside max lag + grace (31 days): any order may arrive.
        Feed feed = SyntheticFeed.generate(2_000, 0.6, Instant.parse("2019-01-01T00:00:00Z"), Duration.ofDays(10),
                Duration.ofDays(5), 11);
        List<FeedEntry> shuffled = new ArrayList<>(feed.entries());
        Collections.shuffle(shuffled, new Random(3));

        List<String> inOrder = pairs(feed.entries());
        assertThat(inOrder).hasSizeGreaterThan(500);
        assertThat(pairs(shuffled)).containsExactlyInAnyOrderElementsOf(inOrder);
    }

    private static List<String> pairs(List<FeedEntry> entries) {
        try (ContestDriver driver = ContestDriver.withDefaults()) {
            for (FeedEntry entry : entries) {
                if (entry.isAnnouncement()) {
                    driver.announce(entry.announcement());
                } else {
                    driver.report(entry.backtrack());
                }
            }
            return driver.contestedClaims().stream().map(c -> c.announcementId() + "/" + c.backtrackId()).toList();
        }
    }
}
