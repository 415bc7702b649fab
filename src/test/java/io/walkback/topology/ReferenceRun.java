package io.walkback.topology;

import io.walkback.contract.ContestedClaim;
import io.walkback.replay.Feed;
import io.walkback.replay.FeedEntry;
import java.util.List;

/** The contested claims a feed yields in the TopologyTestDriver: the reference a real-broker run must reproduce. */
public final class ReferenceRun {
    private ReferenceRun() {
    }

    public static List<ContestedClaim> contestedClaims(TopologySettings settings, Feed feed) {
        try (ContestDriver driver = new ContestDriver(settings)) {
            for (FeedEntry entry : feed.entries()) {
                if (entry.isAnnouncement()) {
                    driver.announce(entry.announcement());
                } else {
                    driver.report(entry.backtrack());
                }
            }
            return driver.settle().contestedClaims();
        }
    }
}
