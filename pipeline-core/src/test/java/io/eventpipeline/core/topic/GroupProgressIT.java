package io.eventpipeline.core.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventpipeline.core.KafkaProbe;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.localkafka.LocalKafkaExtension;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A group's lag from its committed offsets, on the real broker. */
@ExtendWith(LocalKafkaExtension.class)
class GroupProgressIT {

    @Test
    void shouldCountTheLagOfOneTopicAndOfEveryTopicTheGroupCommittedOn(LocalKafkaBroker broker) throws Exception {
        String run = "progress-" + Long.toHexString(System.nanoTime());
        String input = run + ".input";
        String internal = run + "-repartition";
        String other = run + ".other";
        Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
        TopicAdmin.ensure(client, List.of(TopicSpec.of(input, 2), TopicSpec.of(internal, 1), TopicSpec.of(other, 1)));
        // One key, so each topic's records land on one partition: 4 on the input (the other partition stays
        // empty), 5 on the internal topic, 7 on the other.
        KafkaProbe.produceStrings(broker.bootstrapServers(), input, records(4));
        KafkaProbe.produceStrings(broker.bootstrapServers(), internal, records(5));
        KafkaProbe.produceStrings(broker.bootstrapServers(), other, records(7));
        String group = run + "-app";
        try (Admin admin = Admin.create(client)) {
            int withRecords = partitionWithRecords(admin, input);
            admin.alterConsumerGroupOffsets(group, Map.of(
                    new TopicPartition(input, withRecords), new OffsetAndMetadata(1),
                    new TopicPartition(internal, 0), new OffsetAndMetadata(2))).all().get();

            assertEquals(3, GroupProgress.lag(admin, group, input));
            // The group never committed on the other topic, so it is not the group's: 3 + 3.
            assertEquals(6, GroupProgress.totalLag(admin, group));
            assertEquals(0, GroupProgress.totalLag(admin, run + "-no-such-group"));
        }
    }

    private static List<String[]> records(int count) {
        return IntStream.range(0, count).mapToObj(i -> new String[] {"same-key", "v" + i}).toList();
    }

    private static int partitionWithRecords(Admin admin, String topic) throws Exception {
        var ends = admin.listOffsets(Map.of(
                new TopicPartition(topic, 0), OffsetSpec.latest(),
                new TopicPartition(topic, 1), OffsetSpec.latest())).all().get();
        return ends.get(new TopicPartition(topic, 0)).offset() > 0 ? 0 : 1;
    }
}
