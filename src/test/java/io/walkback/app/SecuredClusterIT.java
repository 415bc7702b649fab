package io.walkback.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.walkback.app.broker.EmbeddedKafkaBroker;
import io.walkback.app.config.WalkbackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@DisplayName("On a SASL-secured broker, with the password in a secrets file, Walkback works and never logs it")
class SecuredClusterIT {

    private static final String PASSWORD = "Walkback-S3cret-7f2a9c";

    @Test
    @DisplayName("topics, replay and processing authenticate with SASL/PLAIN; the password is absent from every log line")
    void securedEndToEnd(@TempDir Path dir) throws Exception {
        Path secrets = Files.writeString(dir.resolve("secrets.properties"), "kafka.password=" + PASSWORD + "\n");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger kafka = (Logger) LoggerFactory.getLogger("org.apache.kafka");
        Level kafkaLevel = kafka.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        // Let Kafka print its client configs (it does at INFO), so the test sees what an operator would;
        // they go to the captured list only, not to the console.
        kafka.setLevel(Level.INFO);
        kafka.setAdditive(false);
        kafka.addAppender(logs);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startWithSaslPlain(Map.of("walkback", PASSWORD));
             WalkbackOnBroker walkback = new WalkbackOnBroker(broker)) {
            Map<String, String> secured = new HashMap<>(sasl(secrets));
            secured.put("bootstrap.servers", broker.saslBootstrapServers());
            WalkbackConfig config = walkback.config("secured", secured);

            TopicSetup.ensureTopics(config);
            walkback.replay(config, WalkbackCli.bundledSample());
            walkback.processUntilCaughtUp(config);
            assertThat(walkback.contestedClaims(config)).hasSize(16);

            // The listener really checks credentials: a wrong password is refused.
            Path wrong = Files.writeString(dir.resolve("wrong.properties"), "kafka.password=not-it\n");
            Map<String, String> wrongSecret = new HashMap<>(secured);
            wrongSecret.putAll(sasl(wrong));
            WalkbackConfig refused = walkback.config("refused", wrongSecret);
            assertThatThrownBy(() -> TopicSetup.ensureTopics(refused)).hasMessageContaining("Authentication failed");
        } finally {
            kafka.setLevel(kafkaLevel);
            kafka.detachAppender(logs);
            kafka.setAdditive(true);
            root.detachAppender(logs);
        }
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("sasl.jaas.config = [hidden]"))
                .noneSatisfy(line -> assertThat(line).contains(PASSWORD));
        assertThat(logs.list).filteredOn(e -> e.getThrowableProxy() != null)
                .noneSatisfy(e -> assertThat(e.getThrowableProxy().getMessage()).contains(PASSWORD));
    }

    private static Map<String, String> sasl(Path secrets) {
        return Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"walkback\" password=\"${file:" + secrets + ":kafka.password}\";");
    }
}
