package io.walkback.app.http;

import io.walkback.contract.ClaimStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The claims API's queries over every instance of the application. The claim-status store is partitioned with
 * the claim-status topic, by announcement id, over the instances: a query asks this instance's store, then each
 * other instance for its local answer (one hop each, {@code scope=local}), and merges.
 */
final class ClaimQuery {

    private static final Comparator<ClaimStatus> NEWEST_CONTEST_FIRST =
            Comparator.comparing(ClaimStatus::lastContestedAt).reversed().thenComparing(ClaimStatus::announcementId);

    private final Supplier<Optional<ClaimStore>> local;
    private final Supplier<Optional<OtherInstances>> others;

    /** Both may be empty while the processor starts; a query then fails with {@link NotQueryableException}. */
    ClaimQuery(Supplier<Optional<ClaimStore>> local, Supplier<Optional<OtherInstances>> others) {
        this.local = local;
        this.others = others;
    }

    /** The {@code limit} most recently contested claims, over all instances unless {@code localOnly}. */
    List<ClaimStatus> recentlyContested(int limit, boolean localOnly) {
        List<ClaimStatus> claims = new ArrayList<>(store().recentlyContested(limit));
        if (!localOnly) {
            OtherInstances instances = instances();
            instances.hosts().forEach(host -> claims.addAll(instances.recentlyContested(host, limit)));
            claims.sort(NEWEST_CONTEST_FIRST);
        }
        return claims.size() > limit ? List.copyOf(claims.subList(0, limit)) : claims;
    }

    /** The status of announcement {@code id}: from this instance, else from the first other instance that holds it. */
    Optional<ClaimStatus> find(String id, boolean localOnly) {
        Optional<ClaimStatus> found = store().find(id);
        if (found.isPresent() || localOnly) {
            return found;
        }
        OtherInstances instances = instances();
        for (var host : instances.hosts()) {
            found = instances.find(host, id);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private ClaimStore store() {
        return local.get().orElseThrow(() -> new NotQueryableException("the processor is starting"));
    }

    private OtherInstances instances() {
        return others.get().orElseThrow(() -> new NotQueryableException("the processor is starting"));
    }
}
