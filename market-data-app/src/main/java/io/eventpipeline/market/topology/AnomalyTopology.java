package io.eventpipeline.market.topology;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.Severity;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.core.streams.WriteBackCache;
import io.eventpipeline.market.MarketConfig;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Tick;
import io.eventpipeline.market.topology.AnomalyState.Quote;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;

/**
 * The anomaly monitor, tick by tick per symbol, in the order the sequencer accepted them:
 * <ul>
 *   <li>{@value MarketAlerts#PRICE_JUMP}: the tick's log return against the previous tick, as a z-score against
 *       the running (exponentially weighted over {@code anomaly.ticks}) mean and volatility of returns, beyond
 *       {@code anomaly.jump.z} (CRITICAL beyond twice that, else WARNING). The jump enters the running
 *       statistics clipped to the limit, so one jump does not hide the next.</li>
 *   <li>{@value MarketAlerts#VOLUME_SPIKE} (WARNING): a trade more than {@code anomaly.volume.factor} times the
 *       running mean size (which takes it in clipped the same way).</li>
 *   <li>{@value MarketAlerts#CROSSED_QUOTES} (WARNING): the best bid across exchanges above the best ask of
 *       another exchange, counting quotes no older (event time) than {@code anomaly.quote.stale.after}. One
 *       exchange's own bid above its ask is an invalid tick, refused before it gets here.</li>
 *   <li>{@value MarketAlerts#SEQUENCE_GAP} (WARNING): sequence numbers skipped, as found by the sequencer;
 *       {@value MarketAlerts#SEQUENCE_RESTART} (INFO): the feed started the symbol's numbering again.</li>
 * </ul>
 * Price and volume rules wait for {@code anomaly.warmup} ticks of the symbol. Each type fires at most once per
 * symbol in each {@code alert.window} of event time (tumbling), so a burst of jumps is one alert; a tick stamped
 * late into an earlier window than the type's last alert raises none.
 *
 * <p>In: accepted ticks with their gaps (key symbol). Out: {@code market.alerts} (key symbol, value
 * {@link Alert}). Store: {@value #STORE} (key symbol, value {@link AnomalyState}).
 */
public final class AnomalyTopology {

    public static final String STORE = "market-anomaly-state";

    private AnomalyTopology() {
    }

    static void build(StreamsBuilder builder, KStream<String, SequencedTick> ticks, MarketConfig config) {
        String[] stores = WriteBackCache.addStores(builder, Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), StateSerde.of(AnomalyState.class)));
        ticks.processValues(() -> new Monitor(config), Named.as("market-detect-anomalies"), stores)
                .to(MarketTopics.ALERTS.name(), MarketTopics.ALERTS.producedAs("market-sink-anomaly-alerts"));
    }

    private static final class Monitor implements FixedKeyProcessor<String, SequencedTick, Alert> {

        private final MarketConfig config;
        private final double alpha;
        private final long windowMillis;
        private final long staleMillis;
        private FixedKeyProcessorContext<String, Alert> context;
        private WriteBackCache<String, AnomalyState> states;
        /**
         * The symbol's alert windows while a tick is processed: its state's own map until an alert or an ended
         * window changes it, then a copy (a state once put is not changed): it changes a few times a minute, and
         * was copied for every tick.
         */
        private Map<String, Long> alerted;
        private boolean alertedCopied;

        Monitor(MarketConfig config) {
            this.config = config;
            this.alpha = 2.0 / (config.anomalyTicks() + 1);
            this.windowMillis = config.alertWindow().toMillis();
            this.staleMillis = config.quoteStaleAfter().toMillis();
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Alert> context) {
            this.context = context;
            this.states = WriteBackCache.open(context, STORE, MarketTopology.SYMBOLS_HELD);
        }

        @Override
        public void process(FixedKeyRecord<String, SequencedTick> record) {
            Tick tick = record.value().tick();
            AnomalyState state = states.get(record.key());
            if (state == null) {
                state = AnomalyState.empty();
            }
            long at = tick.timestamp().toEpochMilli();
            long window = at - Math.floorMod(at, windowMillis);
            alerted = state.alerted();
            alertedCopied = false;
            // Forget windows that are over, so the map holds at most one entry per type.
            for (long start : alerted.values()) {
                if (start < window - windowMillis) {
                    copyAlerted().values().removeIf(s -> s < window - windowMillis);
                    break;
                }
            }

            if (record.value().restart()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("afterSequence", record.value().previousSequence());
                details.put("sequence", tick.sequence());
                raise(record, window, MarketAlerts.SEQUENCE_RESTART, Severity.INFO,
                        "feed restarted " + tick.symbol() + "'s sequence at " + tick.sequence() + " after "
                                + record.value().previousSequence(), details);
            }
            if (record.value().missing() > 0) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("missing", record.value().missing());
                details.put("afterSequence", record.value().previousSequence());
                details.put("sequence", tick.sequence());
                raise(record, window, MarketAlerts.SEQUENCE_GAP, Severity.WARNING,
                        record.value().missing() + " ticks missing before sequence " + tick.sequence(), details);
            }

            // Price jump: z-score of this tick's return against the running statistics of earlier returns.
            long returns = state.returns();
            double mean = state.returnMean();
            double variance = state.returnVariance();
            if (state.lastPrice() != null) {
                double r = Math.log(tick.price() / state.lastPrice());
                double sd = Math.sqrt(variance);
                double limit = config.jumpZ();
                double z = sd > 0 ? (r - mean) / sd : 0;
                if (returns >= config.anomalyWarmup() && Math.abs(z) > limit) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("price", tick.price());
                    details.put("previousPrice", state.lastPrice());
                    details.put("return", r);
                    details.put("zScore", z);
                    raise(record, window, MarketAlerts.PRICE_JUMP,
                            Math.abs(z) > 2 * limit ? Severity.CRITICAL : Severity.WARNING,
                            String.format(Locale.ROOT, "%s moved %+.2f%% to %s (z %.1f)", tick.symbol(), r * 100,
                                    tick.price(), z), details);
                    r = mean + Math.signum(z) * limit * sd;
                }
                double diff = r - mean;
                double increment = alpha * diff;
                mean += increment;
                variance = (1 - alpha) * (variance + diff * increment);
                returns++;
            }

            // Volume spike: this trade against the running mean size.
            double size = tick.size();
            double sizeMean = state.sizeMean();
            if (state.sizes() >= config.anomalyWarmup() && size > config.volumeSpikeFactor() * sizeMean) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("size", tick.size());
                details.put("meanSize", sizeMean);
                raise(record, window, MarketAlerts.VOLUME_SPIKE, Severity.WARNING,
                        String.format(Locale.ROOT, "%s traded %d, %.0f times its mean size", tick.symbol(), tick.size(),
                                size / sizeMean), details);
                size = config.volumeSpikeFactor() * sizeMean;
            }
            sizeMean = state.sizes() == 0 ? size : sizeMean + alpha * (size - sizeMean);

            Map<String, Quote> quotes = quotes(state.quotes(), tick, at);
            checkCrossed(record, window, quotes);

            states.put(record.key(), new AnomalyState(tick.price(), returns, mean, variance, state.sizes() + 1, sizeMean,
                    quotes, alerted));
            alerted = null;
        }

        /** The symbol's alert windows, copied first if they are still its state's. */
        private Map<String, Long> copyAlerted() {
            if (!alertedCopied) {
                alerted = new HashMap<>(alerted);
                alertedCopied = true;
            }
            return alerted;
        }

        /** The exchanges' quotes after {@code tick}: its own updated, stale ones dropped; {@code before} when that changes none. */
        private Map<String, Quote> quotes(Map<String, Quote> before, Tick tick, long at) {
            long staleBefore = at - staleMillis;
            Map<String, Quote> quotes = new HashMap<>(Math.max(4, before.size() * 2));
            for (Map.Entry<String, Quote> q : before.entrySet()) {
                if (q.getValue().at() >= staleBefore) {
                    quotes.put(q.getKey(), q.getValue());
                }
            }
            if (tick.hasQuote()) {
                quotes.put(tick.exchange(), new Quote(tick.bid(), tick.ask(), at));
            } else if (quotes.size() == before.size()) {
                return before;
            }
            return quotes;
        }

        private void checkCrossed(FixedKeyRecord<String, SequencedTick> record, long window, Map<String, Quote> quotes) {
            String bidExchange = null;
            String askExchange = null;
            for (Map.Entry<String, Quote> q : quotes.entrySet()) {
                if (bidExchange == null || q.getValue().bid() > quotes.get(bidExchange).bid()) {
                    bidExchange = q.getKey();
                }
                if (askExchange == null || q.getValue().ask() < quotes.get(askExchange).ask()) {
                    askExchange = q.getKey();
                }
            }
            if (bidExchange == null || bidExchange.equals(askExchange)) {
                return;
            }
            double bid = quotes.get(bidExchange).bid();
            double ask = quotes.get(askExchange).ask();
            if (bid > ask) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("bid", bid);
                details.put("bidExchange", bidExchange);
                details.put("ask", ask);
                details.put("askExchange", askExchange);
                raise(record, window, MarketAlerts.CROSSED_QUOTES, Severity.WARNING,
                        String.format(Locale.ROOT, "%s bid %s on %s above ask %s on %s", record.key(), bid, bidExchange,
                                ask, askExchange), details);
            }
        }

        /**
         * Sends the alert unless its type already fired in this window or a later one: a tick stamped late into
         * the window before raises nothing once the symbol alerted in the newer one (and does not make it alert
         * there twice).
         */
        private void raise(FixedKeyRecord<String, SequencedTick> record, long window, String type, Severity severity,
                           String message, Map<String, Object> details) {
            Long last = alerted.get(type);
            if (last != null && last >= window) {
                return;
            }
            copyAlerted().put(type, window);
            Tick tick = record.value().tick();
            details.put("sequence", tick.sequence());
            context.forward(record.withValue(MarketAlerts.alert(type, severity, tick.symbol(), window, tick.timestamp(),
                    message, details)));
        }
    }
}
