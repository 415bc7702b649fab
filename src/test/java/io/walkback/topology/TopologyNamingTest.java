package io.walkback.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.walkback.contract.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.TopologyException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Every processor, store and internal topic has an explicit, stable name")
class TopologyNamingTest {

    private final TopologyDescription description =
            WalkbackTopology.build(TopologySettings.defaults(), streamsConfig()).describe();

    private static Properties streamsConfig() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "naming-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.putAll(WalkbackTopology.requiredStreamsConfig(Topics.defaults()));
        return props;
    }

    @Test
    @DisplayName("No node, store or topic carries a generated name like KSTREAM-JOINTHIS-0000000008")
    void noGeneratedNames() {
        List<String> names = new ArrayList<>();
        for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                names.add(node.name());
                if (node instanceof TopologyDescription.Processor processor) {
                    names.addAll(processor.stores());
                }
                if (node instanceof TopologyDescription.Source source) {
                    names.addAll(source.topicSet());
                }
                if (node instanceof TopologyDescription.Sink sink) {
                    names.add(sink.topic());
                }
            }
        }
        assertThat(names).isNotEmpty().noneMatch(name -> name.matches(".*KSTREAM-.*|.*KTABLE-.*|.*-\\d{10}.*"));
    }

    @Test
    @DisplayName("The names upgrades depend on are the documented ones")
    void documentedNames() {
        String text = description.toString();
        assertThat(text)
                .contains("read-announcements", "read-backtracks", "wrap-announcements", "wrap-backtracks",
                        "merge-inputs", "send-inputs-to-blocks", "inputs-by-block-v3-repartition",
                        "match-contests", "open-claims-v3-store", "backtracks-v3-store",
                        "keep-contests", "to-contested-claim", "write-contested-claims",
                        "keep-whole-statuses", "to-claim-status", "write-claim-status",
                        "keep-changes-to-merge", "claim-changes-to-merge-v3-repartition", "merge-claim-changes",
                        "claim-merges-v3-store", "write-merged-claim-status",
                        "read-claim-status", "keep-claim-status", "claim-status-v3-store", "contested-index-v3-store",
                        "status-expiry-v3-store");
        // Both inputs in one sub-topology, the matcher in the second, the merger in the third, the status store
        // (read from the claim-status topic) in the fourth.
        assertThat(description.subtopologies()).hasSize(4);
    }

    @Test
    @DisplayName("Inputs keyed by block: the matcher reads the input topics itself, no repartition topic before it")
    void keyedInputsSkipTheRepartition() {
        String text = WalkbackTopology.build(TopologySettings.defaults().withInputsKeyedByBlock(true), streamsConfig())
                .describe().toString();
        assertThat(text).contains("match-contests", "claim-changes-to-merge-v3-repartition")
                .doesNotContain("inputs-by-block-v3-repartition");
    }

    @Test
    @DisplayName("The topology is built with ensure.explicit.internal.resource.naming=true, so a generated name fails the build")
    void buildEnforcesExplicitNaming() {
        assertThat(streamsConfig().getProperty(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG))
                .isEqualTo("true");
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsConfig())));
        builder.stream("in").groupByKey().count().toStream().to("out");
        assertThatThrownBy(() -> builder.build(streamsConfig()))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("has not been named");
        // ...while Walkback's own topology builds under the same setting.
        assertThat(WalkbackTopology.build(TopologySettings.defaults(), streamsConfig()).describe().subtopologies())
                .isNotEmpty();
    }
}
