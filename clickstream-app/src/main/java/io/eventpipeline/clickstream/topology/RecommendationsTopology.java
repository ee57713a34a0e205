package io.eventpipeline.clickstream.topology;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.event.SessionSummary;
import io.eventpipeline.core.serde.StateSerde;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Recommendations: pages viewed together in a session. Each closed session adds one to every ordered
 * pair of distinct pages it viewed (the first {@value #PAGES_PER_SESSION} pages, to bound the work of a
 * long session), and each page keeps its most co-viewed pages.
 *
 * <p>In: closed sessions from {@link SessionsTopology} (key userId). Out: the queryable store
 * {@value #RELATED_STORE} (key page, value {@link RelatedPages}), served by {@code GET /pages/{page}/related}.
 */
public final class RecommendationsTopology {

    public static final String RELATED_STORE = "clickstream-related-pages";
    static final int PAGES_PER_SESSION = 20;
    /** Candidates kept per page, relative to how many are shown. */
    static final int CANDIDATES_PER_SHOWN = 4;

    private RecommendationsTopology() {
    }

    public static void build(KStream<String, SessionSummary> sessions, ClickstreamConfig config) {
        int capacity = config.relatedPages() * CANDIDATES_PER_SHOWN;
        sessions
                // One record per ordered pair (page, other page) of the session, keyed by the first page.
                .flatMap((user, session) -> pairs(session.pages()), Named.as("clickstream-co-viewed-pairs"))
                .groupByKey(Grouped.with("clickstream-group-co-viewed-by-page", Serdes.String(), Serdes.String()))
                .aggregate(() -> RelatedPages.empty(capacity), (page, other, related) -> related.with(other),
                        Named.as("clickstream-aggregate-related-pages"),
                        Materialized.<String, RelatedPages, KeyValueStore<Bytes, byte[]>>as(RELATED_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(StateSerde.of(RelatedPages.class)));
    }

    static List<KeyValue<String, String>> pairs(List<String> pages) {
        List<String> considered = pages.subList(0, Math.min(PAGES_PER_SESSION, pages.size()));
        List<KeyValue<String, String>> pairs = new ArrayList<>(considered.size() * Math.max(0, considered.size() - 1));
        for (String page : considered) {
            for (String other : considered) {
                if (!page.equals(other)) {
                    pairs.add(KeyValue.pair(page, other));
                }
            }
        }
        return pairs;
    }
}
