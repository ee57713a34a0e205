package io.eventpipeline.core.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What {@link JsonSerde} and {@link StateSerde} share: one type, written through one Jackson writer, with
 * {@code null} passed through both ways and a failure to write wrapped in a {@link SerializationException}. Each
 * reads in its own way.
 *
 * @param <T> the value type
 */
abstract class MappedSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    private final ObjectWriter writer;
    private final String form;

    MappedSerde(Class<T> type, ObjectWriter writer, String form) {
        this.type = type;
        this.writer = writer;
        this.form = form;
    }

    /** The type this serde reads and writes. */
    public Class<T> type() {
        return type;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + " as " + form + " for topic " + topic, e);
        }
    }

    @Override
    public final T deserialize(String topic, byte[] data) {
        return data == null ? null : read(topic, data);
    }

    /** Reads a value that is not {@code null}, failing with a {@link SerializationException}. */
    abstract T read(String topic, byte[] data);

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void close() {
        // Nothing to release; overridden because Serde, Serializer and Deserializer each declare close().
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Nothing to configure; overridden for the same reason as close().
    }
}
