package io.eventpipeline.core.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.eventpipeline.core.event.InvalidEventException;
import io.eventpipeline.core.event.Validating;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;

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
public final class JsonSerde<T> extends MappedSerde<T> {

    private final ObjectReader reader;

    private JsonSerde(Class<T> type) {
        this(type, Json.mapperFor(type));
    }

    private JsonSerde(Class<T> type, ObjectMapper mapper) {
        super(type, mapper.writerFor(type), "JSON");
        this.reader = mapper.readerFor(type);
    }

    /** A serde for {@code type}. */
    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    @Override
    T read(String topic, byte[] data) {
        T value;
        try {
            value = reader.readValue(data);
        } catch (IOException e) {
            throw new SerializationException("malformed " + type().getSimpleName() + " JSON on " + topic + ": "
                    + firstLine(e.getMessage()), e);
        } catch (InvalidEventException e) {
            throw new SerializationException("invalid " + type().getSimpleName() + " on " + topic + ": " + e.getMessage(), e);
        }
        if (value == null) {
            // The JSON literal "null": treat it like an absent value would be treated elsewhere, as bad input.
            throw new SerializationException("invalid " + type().getSimpleName() + " on " + topic + ": JSON null",
                    new InvalidEventException("JSON null"));
        }
        if (value instanceof Validating validating) {
            try {
                validating.validate();
            } catch (InvalidEventException e) {
                throw new SerializationException("invalid " + type().getSimpleName() + " on " + topic + ": "
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

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
