package io.eventpipeline.core.flow.internal;

import io.eventpipeline.core.serde.Json;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * What the coordinator sends: a command or an outcome, with the topic it goes to. Its serde writes only the
 * value, as JSON; the topic is chosen per record by the sink.
 */
public record FlowOutput(String topic, Object value) {

    /** Sends each output to its own topic. A named class, so the topology description is the same on every run. */
    public static final TopicNameExtractor<String, FlowOutput> TOPIC = new TopicNameExtractor<>() {
        @Override
        public String extract(String key, FlowOutput output, RecordContext context) {
            return output.topic();
        }

        @Override
        public String toString() {
            return "FlowOutput.topic()";
        }
    };

    /** Writes {@link #value()} as JSON; reading is not supported (the records are read with their own types). */
    public static Serde<FlowOutput> serde() {
        Serializer<FlowOutput> serializer = (topic, output) -> {
            if (output == null) {
                return null;
            }
            try {
                return Json.mapper().writeValueAsBytes(output.value());
            } catch (java.io.IOException e) {
                throw new SerializationException("cannot write " + output.value().getClass().getSimpleName() + " to " + topic, e);
            }
        };
        Deserializer<FlowOutput> deserializer = (topic, bytes) -> {
            throw new UnsupportedOperationException("flow outputs are read with their own types");
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
