package io.eventpipeline.market.generator;

import io.eventpipeline.core.generator.AppGenerator;
import io.eventpipeline.core.generator.EventFactory;
import io.eventpipeline.core.generator.GeneratorOptions;
import io.eventpipeline.core.topic.Topic;
import io.eventpipeline.market.MarketTopics;
import java.util.Map;

/**
 * Sample market-data traffic for {@code market.ticks} ({@link TradingDay}).
 *
 * <p>Options (all optional): {@code --symbols} (1000), {@code --volatility} (per square-root second, 0.0005),
 * and the shares of ticks that are: {@code --jumps} (0.0005), {@code --bursts} (starting a volume burst,
 * 0.0005), {@code --gaps} (after skipped sequence numbers, 0.0005), {@code --duplicates} (0.001),
 * {@code --late} (stamped up to 3 s in the past, 0.005), {@code --crossed} (quoted above other exchanges'
 * asks, 0.0002), {@code --malformed} (0.001).
 */
public final class MarketGenerator implements AppGenerator<String, byte[]> {

    @Override
    public String app() {
        return MarketTopics.APP;
    }

    @Override
    public Topic<String, byte[]> topic() {
        return Topic.raw(MarketTopics.TICKS.name());
    }

    @Override
    public EventFactory<String, byte[]> factory(Map<String, String> options) {
        return new TradingDay(settings(options));
    }

    static TradingDay.Settings settings(Map<String, String> options) {
        GeneratorOptions o = new GeneratorOptions(MarketTopics.APP, options);
        TradingDay.Settings settings = new TradingDay.Settings(
                o.getInt("symbols", 1_000, 1, 1_000_000),
                o.getShare("volatility", 0.0005),
                o.getShare("jumps", 0.0005),
                o.getShare("bursts", 0.0005),
                o.getShare("gaps", 0.0005),
                o.getShare("duplicates", 0.001),
                o.getShare("late", 0.005),
                o.getShare("crossed", 0.0002),
                o.getShare("malformed", 0.001));
        o.checkAllUsed();
        return settings;
    }
}
