package io.walkback.replay;

import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.BacktrackKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A reproducible synthetic feed for tests and benchmarks: announcements spread over many topics and
 * party pairs across a time span, a share of them followed by a backtrack within the max lag, and some
 * backtracks that contest nothing. Field sizes are like real ones (claims and statements of 100-250 characters).
 */
public final class SyntheticFeed {

    private static final String[] COUNTRIES = {"USA", "RUS", "CHN", "IRN", "PRK", "TUR", "IND", "PAK", "ISR", "UKR",
            "DEU", "FRA", "GBR", "JPN", "KOR", "BRA", "MEX", "CAN", "SAU", "EGY", "QAT", "SYR", "IRQ", "AFG", "VEN"};
    private static final String[] DOMAINS = {"trade", "ceasefire", "sanctions", "nuclear", "prisoner-swap",
            "intelligence-sharing", "summit", "troop-withdrawal", "energy", "climate"};
    private static final BacktrackKind[] KINDS = BacktrackKind.values();
    private static final String WORDS = "officials said the agreement would cover talks next month between both "
            + "delegations on the framework verification schedule and further steps toward implementation ";

    private SyntheticFeed() {
    }

    /**
     * @param records     total records (announcements plus backtracks)
     * @param matchShare  share of announcements that get a backtrack within {@code maxLag}
     * @param start       event time of the first record
     * @param span        event times are spread over this span
     * @param maxLag      backtracks that match come this soon after their announcement
     * @param seed        same seed, same feed
     */
    public static Feed generate(int records, double matchShare, Instant start, Duration span, Duration maxLag, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<FeedEntry> entries = new ArrayList<>(records);
        int announcements = (int) Math.ceil(records / (1 + matchShare + 0.05));
        long spanMillis = span.toMillis();
        for (int i = 0; entries.size() < records; i++) {
            Instant announcedAt = start.plusMillis(Math.min(spanMillis, (long) ((double) i / announcements * spanMillis)));
            String actor = COUNTRIES[random.nextInt(COUNTRIES.length)];
            String counterpart = COUNTRIES[random.nextInt(COUNTRIES.length)];
            if (counterpart.equals(actor)) {
                counterpart = COUNTRIES[(random.nextInt(COUNTRIES.length - 1) + 1 + indexOf(actor)) % COUNTRIES.length];
            }
            String topic = DOMAINS[random.nextInt(DOMAINS.length)] + "/" + "subject-" + random.nextInt(40);
            String id = "syn-a-" + i;
            entries.add(FeedEntry.of("synthetic:" + id, new Announcement(id, announcedAt, actor, "Minister " + actor,
                    List.of(counterpart), topic, text(random, 100, 250), "Synthetic Wire", "https://example.org/a/" + i)));
            if (random.nextDouble() < matchShare && entries.size() < records) {
                Instant reportedAt = announcedAt.plusMillis(random.nextLong(maxLag.toMillis() + 1));
                String bid = "syn-b-" + i;
                entries.add(FeedEntry.of("synthetic:" + bid, new Backtrack(bid, reportedAt, counterpart,
                        "Spokesperson " + counterpart, List.of(actor), topic, text(random, 100, 200),
                        KINDS[random.nextInt(KINDS.length)], null, "Synthetic Wire", "https://example.org/b/" + i)));
            }
            if (random.nextDouble() < 0.05 && entries.size() < records) {
                // A backtrack on a topic nobody announced: it must contest nothing.
                String bid = "syn-x-" + i;
                entries.add(FeedEntry.of("synthetic:" + bid, new Backtrack(bid, announcedAt, actor, null,
                        List.of(counterpart), "unannounced/" + random.nextInt(1000), text(random, 100, 200),
                        BacktrackKind.DENIAL, null, null, null)));
            }
        }
        return new Feed(entries, List.of(), Map.of(), entries.size());
    }

    private static int indexOf(String country) {
        for (int i = 0; i < COUNTRIES.length; i++) {
            if (COUNTRIES[i].equals(country)) {
                return i;
            }
        }
        return 0;
    }

    private static String text(SplittableRandom random, int min, int max) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            int from = random.nextInt(WORDS.length() - 20);
            text.append(WORDS, from, Math.min(WORDS.length(), from + 20 + random.nextInt(30)));
        }
        return text.substring(0, length).strip();
    }
}
