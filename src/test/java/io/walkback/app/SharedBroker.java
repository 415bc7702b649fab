package io.walkback.app;

import io.walkback.app.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One embedded broker for the integration tests of this JVM that ask for it (an {@link EmbeddedKafkaBroker}
 * parameter, with {@code @ExtendWith(SharedBroker.class)}): started on first use, closed when the test run ends
 * (JUnit closes what the root context's store holds). Sharing is safe because every scenario has its own topics,
 * application id and state directory ({@link WalkbackOnBroker#config}); a test that stops or restarts its broker
 * starts one of its own instead.
 */
final class SharedBroker implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBroker.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(EmbeddedKafkaBroker.class, type -> EmbeddedKafkaBroker.startNew(), EmbeddedKafkaBroker.class);
    }
}
