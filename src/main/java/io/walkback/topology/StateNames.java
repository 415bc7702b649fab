package io.walkback.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of Walkback's state stores and internal topics, in one place: processors, the app (interactive queries,
 * lag probes) and the benchmark take them from here. A running application keeps its state under these names, so
 * changing one is a breaking change: state format 3 (binary encoding, key-value stores, statuses kept from the
 * status topic) renamed every one that held format 2 (README, "Upgrading").
 */
public final class StateNames {

    /** Repartition topic: both inputs, sent to their matching blocks (skipped when inputs are keyed by block). */
    public static final String INPUTS_BY_BLOCK = "inputs-by-block-v3";
    /** Repartition topic: changes of announcements held in several blocks, by announcement id, to be merged. */
    public static final String CHANGES_TO_MERGE = "claim-changes-to-merge-v3";

    /** The open announcement copies of each matcher task. */
    public static final String OPEN_CLAIMS_STORE = "open-claims-v3-store";
    /** The backtracks each matcher task holds while an announcement can still arrive for them. */
    public static final String BACKTRACKS_STORE = "backtracks-v3-store";
    /** The status of each announcement held in several blocks, while any copy is open. */
    public static final String MERGES_STORE = "claim-merges-v3-store";
    /** Every announcement's status, kept from the claim-status topic (which is its changelog). */
    public static final String CLAIM_STATUS_STORE = "claim-status-v3-store";
    /** Contested announcements, newest contest first (keys: {@link StoreKeys#contested}). */
    public static final String CONTESTED_INDEX_STORE = "contested-index-v3-store";
    /** With walkback.status.retention: announcements by the time their window closes, to expire final statuses. */
    public static final String STATUS_EXPIRY_STORE = "status-expiry-v3-store";

    private StateNames() {
    }

    /** The repartition topic {@code name} of application {@code applicationId}, as Kafka Streams names it. */
    public static String repartitionTopic(String applicationId, String name) {
        return applicationId + "-" + name + "-repartition";
    }

    /** The repartition topics application {@code applicationId} reads, with inputs keyed by block or not. */
    public static List<String> repartitionTopics(String applicationId, boolean inputsKeyedByBlock) {
        List<String> topics = new ArrayList<>();
        if (!inputsKeyedByBlock) {
            topics.add(repartitionTopic(applicationId, INPUTS_BY_BLOCK));
        }
        topics.add(repartitionTopic(applicationId, CHANGES_TO_MERGE));
        return topics;
    }
}
