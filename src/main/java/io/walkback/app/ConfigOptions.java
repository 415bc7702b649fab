package io.walkback.app;

import io.walkback.app.config.ConfigProblem;
import io.walkback.app.config.WalkbackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command shares: where the config file is and which keys to override. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with Kafka Streams and walkback.* settings "
                    + "(default: ${DEFAULT-VALUE} if present, else built-in defaults).",
            defaultValue = "config/walkback.properties")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one setting, e.g. --set bootstrap.servers=broker:9092 --set walkback.max-lag=P7D. Repeatable. "
                    + "Layers, later wins: built-in defaults, the file, WALKBACK_* environment variables "
                    + "(WALKBACK_MAX_LAG=P7D, WALKBACK_KAFKA_BOOTSTRAP_SERVERS=broker:9092), --set.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** Built-in defaults, the file, {@code WALKBACK_*} environment variables, then {@code --set}: later wins. */
    WalkbackConfig load() {
        return load(System.getenv());
    }

    WalkbackConfig load(Map<String, String> environment) {
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            if (override.getKey().isBlank()) {
                throw new ConfigProblem("--set: expected KEY=VALUE with a key, got '" + override.getKey() + "="
                        + override.getValue() + "'");
            }
        }
        if (Files.isRegularFile(file)) {
            return WalkbackConfig.load(file, environment, overrides);
        }
        if (!file.equals(WalkbackConfig.DEFAULT_FILE)) {
            throw new ConfigProblem("--config: expected a readable properties file, got '" + file + "'");
        }
        return WalkbackConfig.load(null, environment, overrides);
    }
}
