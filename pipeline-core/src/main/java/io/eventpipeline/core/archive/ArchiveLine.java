package io.eventpipeline.core.archive;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One archived record, one line of NDJSON: where it was read and what it held. A value that is JSON is
 * kept as JSON in {@code value}; anything else is kept as text in {@code rawValue}, so the archive holds
 * every record exactly as received.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset: with topic and partition, the record's identity
 * @param timestamp the record's timestamp, epoch milliseconds
 * @param key the record key as text, or {@code null}
 * @param value the value, if it is JSON
 * @param rawValue the value as text, if it is not JSON
 */
public record ArchiveLine(String topic, int partition, long offset, long timestamp, String key, JsonNode value,
                          String rawValue) {
}
