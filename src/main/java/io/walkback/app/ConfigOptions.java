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
            description = "Override one setting, e.g. --set bootstrap.servers=broker:9092 --set walkback.max-lag=P7D. Repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    WalkbackConfig load() {
        if (Files.isRegularFile(file)) {
            return WalkbackConfig.load(file, overrides);
        }
        if (!file.equals(WalkbackConfig.DEFAULT_FILE)) {
            throw new ConfigProblem("--config: expected a readable properties file, got '" + file + "'");
        }
        return WalkbackConfig.of(overrides);
    }
}
