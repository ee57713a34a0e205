package io.eventpipeline.core.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.eventpipeline.core.event.InvalidEventException;
import io.eventpipeline.core.event.Validating;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one serde for every event type: JSON through {@link Json#mapperFor} the type, for records and other
 * Jackson-mappable classes.
 *
 * <p>{@code null} passes through both ways (tombstones stay tombstones). A value that cannot be parsed,
 * or that parses but fails {@link Validating#validate()}, fails with a {@link SerializationException}
 * whose cause is the parse error or the {@link InvalidEventException}; Kafka Streams hands it to the
 * dead-letter handler. Instances are immutable and thread-safe.
 *
 * @param <T> the event type
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private JsonSerde(Class<T> type) {
        this.type = type;
        ObjectMapper mapper = Json.mapperFor(type);
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
    }

    /** A serde for {@code type}. */
    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
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
            throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON for topic " + topic, e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        T value;
        try {
            value = reader.readValue(data);
        } catch (IOException e) {
            throw new SerializationException("malformed " + type.getSimpleName() + " JSON on " + topic + ": "
                    + firstLine(e.getMessage()), e);
        } catch (InvalidEventException e) {
            throw new SerializationException("invalid " + type.getSimpleName() + " on " + topic + ": " + e.getMessage(), e);
        }
        if (value == null) {
            // The JSON literal "null": treat it like an absent value would be treated elsewhere, as bad input.
            throw new SerializationException("invalid " + type.getSimpleName() + " on " + topic + ": JSON null",
                    new InvalidEventException("JSON null"));
        }
        if (value instanceof Validating validating) {
            try {
                validating.validate();
            } catch (InvalidEventException e) {
                throw new SerializationException("invalid " + type.getSimpleName() + " on " + topic + ": "
                        + e.getMessage(), e);
            }
        }
        return value;
    }

    /** Writes {@code value} as a JSON string; for logs, HTTP answers and tests. */
    public String toJson(T value) {
        byte[] bytes = serialize("", value);
        return bytes == null ? "null" : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

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
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // Nothing to configure; overridden for the same reason as close().
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
