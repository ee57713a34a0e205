package io.eventpipeline.core.archive;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipeline.core.serde.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the NDJSON line of one archived record ({@link ArchiveLine}, without a newline). A value that is one
 * JSON value on one line, in valid UTF-8, goes into {@code value} byte for byte, checked by a streaming
 * parse: the record as received, and no tree built and written again for every record, which was a third
 * of the archiver's time. Other JSON (spread over lines) goes in as parsed, compacted onto one line; anything
 * else as text in {@code rawValue}.
 */
final class ArchiveLines {

    private ArchiveLines() {
    }

    static byte[] line(String topic, int partition, long offset, long timestamp, String key, byte[] value) {
        String json = value == null ? null : oneLineJson(value);
        if (json == null) {
            return parsed(topic, partition, offset, timestamp, key, value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 128);
        try (JsonGenerator line = Json.mapper().getFactory().createGenerator(out)) {
            line.writeStartObject();
            line.writeStringField("topic", topic);
            line.writeNumberField("partition", partition);
            line.writeNumberField("offset", offset);
            line.writeNumberField("timestamp", timestamp);
            if (key != null) {
                line.writeStringField("key", key);
            }
            line.writeFieldName("value");
            line.writeRawValue(json);
            line.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an archive line", e);
        }
        return out.toByteArray();
    }

    /** {@code value} as text, if it is exactly one JSON value, on one line, in valid UTF-8; else {@code null}. */
    static String oneLineJson(byte[] value) {
        for (byte b : value) {
            if (b == '\n' || b == '\r') {
                return null;
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        try (JsonParser parser = Json.mapper().getFactory().createParser(text)) {
            if (parser.nextToken() == null) {
                return null;
            }
            parser.skipChildren();
            return parser.nextToken() == null ? text : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] parsed(String topic, int partition, long offset, long timestamp, String key, byte[] value) {
        JsonNode json = null;
        String raw = null;
        if (value != null) {
            try {
                json = Json.mapper().readTree(value);
            } catch (IOException e) {
                json = null;
            }
            if (json == null || json.isMissingNode()) { // not JSON, or empty
                json = null;
                raw = new String(value, StandardCharsets.UTF_8);
            }
        }
        try {
            return Json.mapper().writeValueAsBytes(new ArchiveLine(topic, partition, offset, timestamp, key, json, raw));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an archive line", e);
        }
    }
}
