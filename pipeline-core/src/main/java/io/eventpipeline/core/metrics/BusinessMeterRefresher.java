package io.eventpipeline.core.metrics;

import io.eventpipeline.core.query.LocalStores;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs an app's {@link BusinessMeters#refresh} every {@link #INTERVAL} on a bounded-elastic thread (store
 * scans block), one refresh at a time: a slow scan delays the next instead of piling up. A refresh that
 * fails (a store is not queryable while the app rebalances) is skipped.
 */
public final class BusinessMeterRefresher implements AutoCloseable {

    /** How often business gauges are recomputed: well below any scrape interval worth using. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(BusinessMeterRefresher.class);

    private final Disposable schedule;

    private BusinessMeterRefresher(Disposable schedule) {
        this.schedule = schedule;
    }

    public static BusinessMeterRefresher start(String app, BusinessMeters meters, LocalStores stores) {
        Disposable schedule = Flux.interval(Duration.ZERO, INTERVAL, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> Mono.fromRunnable(() -> refresh(app, meters, stores)), 1)
                .subscribe();
        return new BusinessMeterRefresher(schedule);
    }

    private static void refresh(String app, BusinessMeters meters, LocalStores stores) {
        try {
            meters.refresh(stores);
        } catch (RuntimeException e) {
            LOG.debug("{}: business gauges not refreshed: {}", app, e.toString());
        }
    }

    @Override
    public void close() {
        schedule.dispose();
    }
}
