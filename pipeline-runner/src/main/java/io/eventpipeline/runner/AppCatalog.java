package io.eventpipeline.runner;

import io.eventpipeline.clickstream.ClickstreamApp;
import io.eventpipeline.clickstream.generator.ClickstreamGenerator;
import io.eventpipeline.iot.IotApp;
import io.eventpipeline.iot.generator.IotGenerator;
import io.eventpipeline.market.MarketApp;
import io.eventpipeline.market.generator.MarketGenerator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The apps this runner can start, listed explicitly (no scanning): each app module adds its entry here
 * when it joins the build.
 */
public final class AppCatalog {

    private final List<CatalogEntry> entries;

    public AppCatalog(List<CatalogEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Every app module in this build. */
    public static AppCatalog standard() {
        return new AppCatalog(List.of(
                new CatalogEntry(new ClickstreamApp(), new ClickstreamGenerator(),
                        Map.of("clickstream.session.gap", "60s"),
                        Map.of("idle-seconds", "90"),
                        Map.of("users", "20000", "bots", "50")),
                // 2,000 devices at the demo's rate each report every few seconds; dropouts outlast the
                // shortened offline limit, so offline and back-online alerts show within minutes. An HVAC
                // acknowledgement is two exactly-once hops, each up to the demo's 1 s commit interval.
                new CatalogEntry(new IotApp(), new IotGenerator(),
                        Map.of("iot.offline.after", "60s", "iot.hvac.ack.timeout", "10s"),
                        Map.of("devices", "2000", "dropout-seconds", "90"),
                        Map.of("devices", "100000")),
                // A thousand symbols, as in the benchmark goal; the most active trade many times a second.
                // Flow steps wait for two exactly-once hops, each up to the demo's 1 s commit interval.
                new CatalogEntry(new MarketApp(), new MarketGenerator(),
                        Map.of("market.trade.step.timeout", "10s", "market.trade.fill.timeout", "30s"),
                        Map.of("symbols", "1000"),
                        Map.of("symbols", "1000"))));
    }

    public List<CatalogEntry> entries() {
        return entries;
    }

    public Optional<CatalogEntry> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The names, for messages: {@code clickstream, iot, market}, or {@code (none)}. */
    public String names() {
        return entries.isEmpty() ? "(none)" : entries.stream().map(CatalogEntry::name).collect(Collectors.joining(", "));
    }
}
