package io.eventpipeline.localkafka;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a {@link LocalKafkaBroker} into test constructors, lifecycle methods and
 * test methods. One broker is started lazily per test run (per JVM) and shared by every test class that
 * uses the extension; it is stopped when the run ends. Tests isolate themselves by topic names and
 * application ids, not by brokers, which keeps a suite from paying the broker's start-up many times.
 *
 * <pre>{@code
 * @ExtendWith(LocalKafkaExtension.class)
 * class MyIT {
 *     @Test void shouldCount(LocalKafkaBroker broker) { ... broker.bootstrapServers() ... }
 * }
 * }</pre>
 */
public final class LocalKafkaExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalKafkaExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("broker", key -> new SharedBroker(LocalKafkaBroker.start()), SharedBroker.class)
                .broker();
    }

    /** Closes the shared broker when the root context closes, at the end of the run (JUnit closes AutoCloseable values in a store). */
    private record SharedBroker(LocalKafkaBroker broker) implements AutoCloseable {
        @Override
        public void close() {
            broker.close();
        }
    }
}
