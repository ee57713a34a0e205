package io.eventpipeline.clickstream.generator;

import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.core.generator.AppGenerator;
import io.eventpipeline.core.generator.EventFactory;
import io.eventpipeline.core.generator.GeneratorOptions;
import io.eventpipeline.core.topic.Topic;
import java.time.Duration;
import java.util.Map;

/**
 * Sample web-shop traffic for {@code clickstream.events}: users with Zipf-distributed activity browsing
 * as a Markov chain over a catalogue, with searches, a purchase funnel, a share of bots, out-of-order and
 * duplicate events and a share of malformed records.
 *
 * <p>Options (all optional): {@code --users} (10000), {@code --products} (1000), {@code --bot-share}
 * (0.05 of events, from {@code --bots} 3 bot users), {@code --out-of-order} (0.01, up to 20 s late),
 * {@code --duplicates} (0.001), {@code --malformed} (0.001), {@code --idle-seconds} (how long a user who
 * left stays away, 2400: longer than the app's default 30-minute session gap).
 */
public final class ClickstreamGenerator implements AppGenerator<String, byte[]> {

    @Override
    public String app() {
        return ClickstreamTopics.APP;
    }

    @Override
    public Topic<String, byte[]> topic() {
        return Topic.raw(ClickstreamTopics.EVENTS.name());
    }

    @Override
    public EventFactory<String, byte[]> factory(Map<String, String> options) {
        GeneratorOptions o = new GeneratorOptions(app(), options);
        ShopTraffic.Settings settings = new ShopTraffic.Settings(
                o.getInt("users", 10_000, 1, 10_000_000),
                o.getInt("products", 1_000, 1, 1_000_000),
                o.getShare("bot-share", 0.05),
                o.getInt("bots", 3, 1, 1_000),
                o.getShare("out-of-order", 0.01),
                o.getShare("duplicates", 0.001),
                o.getShare("malformed", 0.001),
                Duration.ofSeconds(o.getLong("idle-seconds", 2_400, 1, 86_400 * 30L)));
        o.checkAllUsed();
        return new ShopTraffic(settings);
    }
}
