package io.walkback.topology;

import static io.walkback.topology.Events.announcement;
import static io.walkback.topology.Events.backtrack;
import static org.assertj.core.api.Assertions.assertThat;

import io.walkback.contract.BacktrackKind;
import io.walkback.contract.ClaimStatus;
import io.walkback.contract.ContestedClaim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Each announcement's status: open, then contested or, after max lag plus grace, stood")
class ClaimStatusScenariosTest {

    private static final String TRADE = "trade/soybeans";
    private static final List<String> WITH_CHN = List.of("CHN");
    private static final List<String> WITH_USA = List.of("USA");

    private final RecordingEvents events = new RecordingEvents();
    private ContestDriver walkback;

    @BeforeEach
    void start() {
        walkback = new ContestDriver(TopologySettings.defaults(), events);
    }

    @AfterEach
    void stop() {
        walkback.close();
    }

    @Test
    @DisplayName("The claims index lists contested announcements newest contest first, each once however often contested")
    void contestedIndexNewestFirst() {
        walkback.announce(announcement("ann-a", "2019-05-01T00:00:00Z", "USA", WITH_CHN, TRADE, "deal"),
                announcement("ann-b", "2019-05-02T00:00:00Z", "USA", List.of("MEX"), "trade/avocados", "deal"),
                announcement("ann-open", "2019-05-02T06:00:00Z", "FRA", List.of("DEU"), "energy", "pipeline"));
        walkback.report(backtrack("bt-1", "2019-05-03T00:00:00Z", "CHN", WITH_USA, TRADE, "no deal",
                        BacktrackKind.DENIAL, null),
                backtrack("bt-2", "2019-05-04T00:00:00Z", "MEX", WITH_USA, "trade/avocados", "no deal",
                        BacktrackKind.DENIAL, null));
        assertThat(walkback.contestedIndex()).containsExactly("ann-b", "ann-a");

        // A second contest of ann-a, later than ann-b's: ann-a moves to the front, and is listed once.
        walkback.report(backtrack("bt-3", "2019-05-05T00:00:00Z", "CHN", WITH_USA, TRADE, "still no deal",
                BacktrackKind.DENIAL, null));
        assertThat(walkback.contestedIndex()).containsExactly("ann-a", "ann-b");
        assertThat(walkback.statusInStore("ann-a").backtracks()).isEqualTo(2);
        assertThat(walkback.statusInStore("ann-open").status()).isEqualTo(ClaimStatus.Status.OPEN);
    }

    @Test
    @DisplayName("An announcement nobody contests is open inside its window and stood once 30 days plus 1 day of grace pass")
    void openThenStood() {
        walkback.announce(announcement("ann-1", "2019-05-01T00:00:00Z", "USA", WITH_CHN, TRADE, "deal"));
        assertThat(walkback.statusInStore("ann-1").status()).isEqualTo(ClaimStatus.Status.OPEN);

        // 30 days later, still inside max lag + grace: still open.
        walkback.announce(announcement("ann-tick-1", "2019-05-31T00:00:00Z", "FRA", List.of("DEU"), "energy", "x"));
        assertThat(walkback.statusInStore("ann-1").status()).isEqualTo(ClaimStatus.Status.OPEN);

        // Stream time passes 2019-06-01 (max lag 30 days + grace 1 day after 2019-05-01): its window closes and it stood.
        walkback.announce(announcement("ann-tick-2", "2019-06-01T00:00:01Z", "FRA", List.of("DEU"), "energy", "y"));
        Map<String, ClaimStatus> statuses = walkback.claimStatus();
        assertThat(statuses.get("ann-1").status()).isEqualTo(ClaimStatus.Status.STOOD);
        assertThat(statuses.get("ann-1").backtracks()).isZero();
        assertThat(walkback.contestedClaims()).isEmpty();
        assertThat(events.stood.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("With a status retention of 7 days, final statuses leave the claims store and index 7 days after their "
            + "window closed; newer ones stay, and the topic keeps them all")
    void statusRetention() {
        walkback.close();
        walkback = new ContestDriver(TopologySettings.defaults().withStatusRetention(Duration.ofDays(7)), events);
        walkback.announce(announcement("ann-contested", "2019-05-01T00:00:00Z", "USA", WITH_CHN, TRADE, "deal"),
                        announcement("ann-stood", "2019-05-01T00:00:00Z", "FRA", List.of("DEU"), "energy", "pipeline"))
                .report(backtrack("bt-1", "2019-05-02T00:00:00Z", "CHN", WITH_USA, TRADE, "no deal", BacktrackKind.DENIAL, null))
                // Past both windows (closed 2019-06-01), inside the retention: both still queryable.
                .announce(announcement("ann-tick", "2019-06-05T00:00:00Z", "GBR", List.of("IRL"), "fisheries", "quota"));
        assertThat(walkback.statusInStore("ann-stood").status()).isEqualTo(ClaimStatus.Status.STOOD);
        assertThat(walkback.contestedIndex()).containsExactly("ann-contested");

        // Stream time passes 2019-06-08 (closed 2019-06-01 plus 7 days), at the next hourly expiry pass.
        walkback.announce(announcement("ann-new", "2019-06-08T02:00:00Z", "GBR", List.of("IRL"), "fisheries", "more"));

        assertThat(walkback.statusInStore("ann-contested")).isNull();
        assertThat(walkback.statusInStore("ann-stood")).isNull();
        assertThat(walkback.contestedIndex()).isEmpty();
        assertThat(walkback.statusInStore("ann-tick").status()).isEqualTo(ClaimStatus.Status.OPEN);
        assertThat(walkback.statusInStore("ann-new").status()).isEqualTo(ClaimStatus.Status.OPEN);
        assertThat(walkback.claimStatus()).containsKeys("ann-contested", "ann-stood");
    }

    @Test
    @DisplayName("Two backtracks: contested twice, first and latest lag, both kinds; it never becomes stood")
    void contestedTwice() {
        walkback.announce(announcement("ann-1", "2019-05-01T00:00:00Z", "USA", WITH_CHN, TRADE, "deal"))
                .report(backtrack("bt-1", "2019-05-02T00:00:00Z", "CHN", WITH_USA, TRADE, "no", BacktrackKind.DENIAL, null),
                        backtrack("bt-2", "2019-05-05T00:00:00Z", "CHN", WITH_USA, TRADE, "never", BacktrackKind.REVERSAL, null))
                .announce(announcement("ann-tick", "2019-07-01T00:00:00Z", "FRA", List.of("DEU"), "energy", "x"));

        ClaimStatus status = walkback.claimStatus().get("ann-1");
        assertThat(status.status()).isEqualTo(ClaimStatus.Status.CONTESTED);
        assertThat(status.backtracks()).isEqualTo(2);
        assertThat(status.firstLag()).isEqualTo(Duration.ofDays(1));
        assertThat(status.latestLag()).isEqualTo(Duration.ofDays(4));
        assertThat(status.lastContestedAt()).isEqualTo(Instant.parse("2019-05-05T00:00:00Z"));
        assertThat(status.lastStatement()).isEqualTo("never");
        assertThat(status.kinds()).containsExactly(BacktrackKind.DENIAL, BacktrackKind.REVERSAL);
        // 2019-07-01 is past ann-1's window: a contested announcement is never reported as stood.
        assertThat(events.stood.get()).isZero();
    }

    @Test
    @DisplayName("An announcement whose only backtrack names another announcement (refersTo) stood when its window closes")
    void backtrackForAnotherAnnouncementLeavesItStanding() {
        walkback.announce(announcement("ann-1", "2019-05-01T00:00:00Z", "USA", WITH_CHN, TRADE, "deal"),
                        announcement("ann-2", "2019-05-02T00:00:00Z", "USA", WITH_CHN, TRADE, "second deal"))
                .report(backtrack("bt-1", "2019-05-03T00:00:00Z", "CHN", WITH_USA, TRADE, "not that one", null, "ann-2"))
                .announce(announcement("ann-tick", "2019-06-10T00:00:00Z", "FRA", List.of("DEU"), "energy", "x"));

        Map<String, ClaimStatus> statuses = walkback.claimStatus();
        assertThat(statuses.get("ann-1").status()).isEqualTo(ClaimStatus.Status.STOOD);
        assertThat(statuses.get("ann-2").status()).isEqualTo(ClaimStatus.Status.CONTESTED);
    }

    @Test
    @DisplayName("Metrics hooks see each read, dead letter, late drop and contested claim")
    void eventsAreReported() {
        walkback.announce(announcement("ann-1", "2019-05-10T00:00:00Z", "USA", WITH_CHN, TRADE, "deal"))
                .rawBacktrack("not json".getBytes())
                .report(backtrack("bt-1", "2019-05-11T00:00:00Z", "CHN", WITH_USA, TRADE, "no", BacktrackKind.DENIAL, null))
                .report(backtrack("bt-late", "2019-03-01T00:00:00Z", "CHN", WITH_USA, TRADE, "old", null, null));

        assertThat(events.read).containsEntry("announcements", 1).containsEntry("backtracks", 2);
        assertThat(events.deadLettered).containsExactly("backtracks:not-json");
        assertThat(events.late).containsExactly("backtracks");
        assertThat(events.contested).extracting(ContestedClaim::backtrackId).containsExactly("bt-1");
    }

    static final class RecordingEvents implements TopologyEvents {
        final Map<String, Integer> read = new ConcurrentHashMap<>();
        final List<String> deadLettered = new ArrayList<>();
        final List<String> late = new ArrayList<>();
        final List<ContestedClaim> contested = new ArrayList<>();
        final AtomicInteger stood = new AtomicInteger();

        @Override
        public void read(String stream) {
            read.merge(stream, 1, Integer::sum);
        }

        @Override
        public void deadLettered(String stream, String reason) {
            deadLettered.add(stream + ":" + reason);
        }

        @Override
        public void droppedLate(String stream) {
            late.add(stream);
        }

        @Override
        public void contested(ContestedClaim claim) {
            contested.add(claim);
        }

        @Override
        public void stood() {
            stood.incrementAndGet();
        }
    }
}
