package io.eventpipeline.clickstream.generator;

import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.EventType;
import io.eventpipeline.core.generator.EventFactory;
import io.eventpipeline.core.generator.Zipf;
import io.eventpipeline.core.reactive.Outbound;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The shop's visitors, one event per call. Users are drawn by Zipf popularity; each is in a place (home,
 * category, product, search results, cart) and moves on by fixed transition probabilities, pausing 1 to 15 s
 * between actions; leaving ends the session and keeps the user away for the idle time. Deterministic for a
 * seed and clock readings.
 */
final class ShopTraffic implements EventFactory<String, byte[]> {

    /**
     * @param users how many human users
     * @param products how many products in the catalogue
     * @param botShare share of events from bots
     * @param bots how many bot users
     * @param outOfOrder share of events stamped up to 20 s in the past
     * @param duplicates share of events sent twice
     * @param malformed share of records that are not valid events
     * @param idle how long a user who left stays away
     */
    record Settings(int users, int products, double botShare, int bots, double outOfOrder, double duplicates,
                    double malformed, Duration idle) {
    }

    private enum Place { HOME, CATEGORY, PRODUCT, SEARCH, CART }

    private static final int CATEGORIES = 20;
    private static final String[] QUERIES = {"shoes", "red dress", "laptop", "headphones", "coffee", "garden hose",
            "desk lamp", "running socks", "phone case", "backpack"};
    private static final String[] AGENTS = {"Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/604.1", "Mozilla/5.0 (Windows NT 10.0) Firefox/140.0"};
    private static final String[] MALFORMED = {"{\"eventId\":\"broken", "not json at all",
            "{\"eventId\":\"x\",\"type\":\"PAGE_VIEW\",\"page\":\"/\",\"timestamp\":\"2026-01-01T00:00:00Z\"}",
            "{\"eventId\":\"x\",\"userId\":\"u\",\"type\":\"TELEPORT\",\"timestamp\":\"2026-01-01T00:00:00Z\"}"};

    private final Settings settings;
    private final Zipf userPopularity;
    private final Zipf productPopularity;
    private final Map<Integer, Visit> visits = new HashMap<>();
    private final long[] botCursor;
    private Outbound<String, byte[]> previous;
    private long sessions;

    ShopTraffic(Settings settings) {
        this.settings = settings;
        this.userPopularity = new Zipf(settings.users(), 1.0);
        this.productPopularity = new Zipf(settings.products(), 1.1);
        this.botCursor = new long[settings.bots()];
    }

    /** Where one user is in their current visit. */
    private static final class Visit {
        String sessionId;
        Place place = Place.HOME;
        String product;
        boolean cartFilled;
        Instant awayUntil = Instant.MIN;
    }

    /** Shortest and longest pause between two actions of one person. */
    private static final int MIN_THINK_MILLIS = 1_000;
    private static final int MAX_THINK_MILLIS = 15_000;

    @Override
    public Outbound<String, byte[]> next(long sequence, SplittableRandom random, Instant now) {
        if (previous != null && random.nextDouble() < settings.duplicates()) {
            Outbound<String, byte[]> again = previous;
            previous = null;
            return again;
        }
        if (random.nextDouble() < settings.malformed()) {
            return Outbound.of("garbage-" + sequence, MALFORMED[random.nextInt(MALFORMED.length)].getBytes(StandardCharsets.UTF_8));
        }
        Instant at = random.nextDouble() < settings.outOfOrder() ? now.minusMillis(1_000 + random.nextInt(19_000)) : now;
        ClickEvent event = random.nextDouble() < settings.botShare() ? botEvent(sequence, random, at) : humanEvent(sequence, random, at);
        previous = Outbound.of(event.userId(), ClickstreamTopics.EVENTS.valueSerde().serializer().serialize(ClickstreamTopics.EVENTS.name(), event));
        return previous;
    }

    private ClickEvent botEvent(long sequence, SplittableRandom random, Instant at) {
        int bot = random.nextInt(settings.bots());
        // Crawlers walk the catalogue in order, fast: many distinct pages in little time.
        String page = "/p/" + (botCursor[bot]++ % settings.products());
        return new ClickEvent("evt-" + sequence, "bot-" + bot, "bot-session-" + bot, EventType.PAGE_VIEW, page, null,
                null, null, null, "python-requests/2.32", at);
    }

    private ClickEvent humanEvent(long sequence, SplittableRandom random, Instant at) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int user = userPopularity.next(random);
            Visit visit = visits.computeIfAbsent(user, u -> new Visit());
            if (visit.awayUntil.isAfter(at)) {
                continue;
            }
            ClickEvent event = step("u-" + user, visit, sequence, random, at);
            if (event != null) {
                // People pause between actions: a popular user is busy more often, not faster than a human.
                visit.awayUntil = at.plusMillis(MIN_THINK_MILLIS + random.nextInt(MAX_THINK_MILLIS - MIN_THINK_MILLIS));
                return event;
            }
        }
        // Everyone drawn was away or busy: a newcomer arrives (and starts a session, so never leaves at once).
        int newcomer = settings.users() + (int) (sequence % 1_000_000);
        Visit visit = visits.computeIfAbsent(newcomer, u -> new Visit());
        visit.sessionId = null;
        return step("u-" + newcomer, visit, sequence, random, at);
    }

    /** The user's next event, or {@code null} if they leave (the session ends; they stay away a while). */
    private ClickEvent step(String user, Visit visit, long sequence, SplittableRandom random, Instant at) {
        String agent = AGENTS[Math.floorMod(user.hashCode(), AGENTS.length)];
        if (visit.sessionId == null) {
            visit.sessionId = "s-" + (++sessions);
            double r = random.nextDouble();
            visit.place = r < 0.5 ? Place.HOME : r < 0.8 ? Place.PRODUCT : Place.CATEGORY;
            visit.product = product(random);
            return view(sequence, user, visit, agent, at, r < 0.8 && r >= 0.5 ? "https://search.example/" : null);
        }
        double r = random.nextDouble();
        switch (visit.place) {
            case HOME -> {
                return r < 0.40 ? move(visit, Place.CATEGORY, random, sequence, user, agent, at)
                        : r < 0.65 ? search(visit, random, sequence, user, agent, at)
                        : r < 0.85 ? move(visit, Place.PRODUCT, random, sequence, user, agent, at)
                        : leave(visit, random, at);
            }
            case CATEGORY -> {
                return r < 0.55 ? move(visit, Place.PRODUCT, random, sequence, user, agent, at)
                        : r < 0.70 ? move(visit, Place.CATEGORY, random, sequence, user, agent, at)
                        : r < 0.80 ? search(visit, random, sequence, user, agent, at)
                        : leave(visit, random, at);
            }
            case SEARCH -> {
                return r < 0.60 ? move(visit, Place.PRODUCT, random, sequence, user, agent, at)
                        : r < 0.75 ? search(visit, random, sequence, user, agent, at)
                        : leave(visit, random, at);
            }
            case PRODUCT -> {
                if (r < 0.12) {
                    visit.place = Place.CART;
                    visit.cartFilled = true;
                    return event(sequence, user, visit, EventType.ADD_TO_CART, "/cart", null, visit.product, null, agent, at);
                }
                return r < 0.47 ? move(visit, Place.PRODUCT, random, sequence, user, agent, at)
                        : r < 0.62 ? move(visit, Place.CATEGORY, random, sequence, user, agent, at)
                        : r < 0.72 ? event(sequence, user, visit, EventType.CLICK, "/p/" + visit.product, null, null, null, agent, at)
                        : leave(visit, random, at);
            }
            case CART -> {
                if (r < 0.45 && visit.cartFilled) {
                    visit.cartFilled = false;
                    ClickEvent purchase = event(sequence, user, visit, EventType.PURCHASE, "/checkout", null, visit.product,
                            price(visit.product), agent, at);
                    visit.place = Place.HOME;
                    return purchase;
                }
                return r < 0.65 ? move(visit, Place.PRODUCT, random, sequence, user, agent, at) : leave(visit, random, at);
            }
            default -> throw new IllegalStateException("unknown place " + visit.place);
        }
    }

    private ClickEvent move(Visit visit, Place place, SplittableRandom random, long sequence, String user, String agent,
                            Instant at) {
        visit.place = place;
        if (place == Place.PRODUCT) {
            visit.product = product(random);
        }
        return view(sequence, user, visit, agent, at, null);
    }

    private ClickEvent search(Visit visit, SplittableRandom random, long sequence, String user, String agent, Instant at) {
        visit.place = Place.SEARCH;
        return event(sequence, user, visit, EventType.SEARCH, "/search", QUERIES[random.nextInt(QUERIES.length)], null,
                null, agent, at);
    }

    private ClickEvent leave(Visit visit, SplittableRandom random, Instant at) {
        visit.sessionId = null;
        visit.cartFilled = false;
        visit.awayUntil = at.plus(settings.idle()).plusMillis(random.nextInt(60_000));
        return null;
    }

    private ClickEvent view(long sequence, String user, Visit visit, String agent, Instant at, String referrer) {
        String page = switch (visit.place) {
            case HOME -> "/";
            case CATEGORY -> "/c/" + Math.floorMod(visit.product.hashCode(), CATEGORIES);
            case PRODUCT -> "/p/" + visit.product;
            case SEARCH -> "/search";
            case CART -> "/cart";
        };
        return new ClickEvent("evt-" + sequence, user, visit.sessionId, EventType.PAGE_VIEW, page, referrer, null, null,
                null, agent, at);
    }

    private ClickEvent event(long sequence, String user, Visit visit, EventType type, String page, String query,
                             String productId, Double amount, String agent, Instant at) {
        return new ClickEvent("evt-" + sequence, user, visit.sessionId, type, page, null, query, productId, amount, agent, at);
    }

    private String product(SplittableRandom random) {
        return Integer.toString(productPopularity.next(random));
    }

    private static double price(String product) {
        return 5 + Math.floorMod(product.hashCode() * 31, 200) + 0.99;
    }
}
