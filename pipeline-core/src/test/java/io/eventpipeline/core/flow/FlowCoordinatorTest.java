package io.eventpipeline.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.serde.JsonSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class FlowCoordinatorTest {

    private static final Map<String, Object> ORDER = Map.of("account", "acc-1", "amount", 5);

    /** Starts f1 and takes it through reserve and place to waiting for its fill. */
    private static void toFill(FlowDriver flows) {
        flows.start("f1", ORDER);
        flows.succeed(flows.command("reserve"), Map.of("reservation", "r-1"));
        flows.succeed(flows.command("place"), Map.of("orderId", "o-1"));
    }

    @Test
    void shouldRunEveryStepInOrderAndEndCompleted() {
        try (FlowDriver flows = new FlowDriver()) {
            flows.start("f1", ORDER);
            FlowCommand reserve = flows.command("reserve");
            assertEquals(new FlowCommand("f1", "order", "reserve", FlowStep.Kind.ACTION, 1, "f1:reserve:ACTION:1", "test.replies",
                    Map.of("amount", 5), FlowDriver.WALL), reserve);
            assertTrue(flows.noCommands(), "one command at a time");

            flows.succeed(reserve, Map.of("reservation", "r-1"));
            FlowCommand place = flows.command("place");
            assertEquals(Map.of("amount", 5, "reservation", "r-1"), place.payload(), "made from the data with the reply merged in");

            flows.succeed(place, Map.of("orderId", "o-1"));
            assertTrue(flows.noCommands(), "the fill step sends nothing");
            flows.event("f1", "fill", Map.of("filled", 5));
            FlowCommand notify = flows.command("notify");
            assertEquals(Map.of("orderId", "o-1", "filled", 5), notify.payload());
            assertTrue(flows.outcomes.isEmpty());

            flows.succeed(notify, Map.of());
            FlowOutcome outcome = flows.outcomes.readValue();
            assertEquals(FlowStatus.COMPLETED, outcome.status());
            assertEquals(Map.of("account", "acc-1", "amount", 5, "reservation", "r-1", "orderId", "o-1", "filled", 5), outcome.data());
            assertNull(outcome.failedStep());
            assertTrue(flows.outcomes.isEmpty() && flows.noCommands());
            assertEquals(List.of("STARTED", "SENT reserve:ACTION:1", "SUCCEEDED reserve:ACTION:1", "SENT place:ACTION:1",
                    "SUCCEEDED place:ACTION:1", "WAITING fill:ACTION:1", "SUCCEEDED fill:ACTION:1", "SENT notify:ACTION:1",
                    "SUCCEEDED notify:ACTION:1", "COMPLETED"), flows.history("f1"));
        }
    }

    @Test
    void shouldRetryATimedOutStepAfterItsBackoffAndIgnoreTheLateReply() {
        try (FlowDriver flows = new FlowDriver()) {
            flows.start("f1", ORDER);
            FlowCommand first = flows.command("reserve");
            flows.advance(Duration.ofMillis(4_900));
            assertTrue(flows.noCommands(), "not yet timed out");
            flows.advance(Duration.ofMillis(100));
            assertTrue(flows.noCommands(), "timed out; waiting 1 s before the retry");
            assertEquals(false, flows.state("f1").waiting());
            flows.advance(Duration.ofSeconds(1));
            FlowCommand second = flows.command("reserve");
            assertEquals(2, second.attempt());
            assertEquals("f1:reserve:ACTION:2", second.idempotencyKey());

            flows.succeed(first, Map.of("reservation", "stale"));
            assertTrue(flows.noCommands(), "the first attempt's reply comes after its timeout: ignored");
            flows.succeed(second, Map.of("reservation", "r-2"));
            assertEquals("r-2", flows.command("place").payload().get("reservation"));
            assertEquals(List.of("STARTED", "SENT reserve:ACTION:1", "TIMED_OUT reserve:ACTION:1", "SENT reserve:ACTION:2",
                    "IGNORED reserve:ACTION:1", "SUCCEEDED reserve:ACTION:2", "SENT place:ACTION:1"), flows.history("f1"));
        }
    }

    @Test
    void shouldBackOffLongerEachTimeAndCompensateTheStepThatRanOutOfAttempts() {
        try (FlowDriver flows = new FlowDriver()) {
            flows.start("f1", ORDER);
            flows.command("reserve");
            flows.advance(Duration.ofSeconds(5)); // attempt 1 times out; retry after 1 s
            flows.advance(Duration.ofSeconds(1));
            assertEquals(2, flows.command("reserve").attempt());
            flows.advance(Duration.ofSeconds(5)); // attempt 2 times out; retry after 2 s
            flows.advance(Duration.ofSeconds(1));
            assertTrue(flows.noCommands(), "the second wait is 2 s");
            flows.advance(Duration.ofSeconds(1));
            assertEquals(3, flows.command("reserve").attempt());
            flows.advance(Duration.ofSeconds(5)); // out of attempts: it may have reserved, so it is released
            FlowCommand release = flows.command("release");
            assertEquals(FlowStep.Kind.COMPENSATION, release.kind());
            assertEquals("f1:reserve:COMPENSATION:1", release.idempotencyKey());
            flows.succeed(release, Map.of());
            FlowOutcome outcome = flows.outcomes.readValue();
            assertEquals(FlowStatus.COMPENSATED, outcome.status());
            assertEquals("reserve", outcome.failedStep());
            assertEquals("step reserve timed out after 3 attempts", outcome.reason());
        }
    }

    @Test
    void shouldCompensateCompletedStepsInReverseOrderWhenALaterStepTimesOut() {
        try (FlowDriver flows = new FlowDriver()) {
            toFill(flows);
            flows.advance(Duration.ofSeconds(10)); // no fill
            FlowCommand cancel = flows.command("cancel");
            assertEquals(Map.of("reservation", "r-1"), cancel.payload());
            assertTrue(flows.noCommands(), "release waits for cancel's reply");
            assertEquals(FlowStatus.COMPENSATING, flows.state("f1").status());

            flows.succeed(cancel, Map.of());
            FlowCommand release = flows.command("release");
            flows.succeed(release, Map.of());
            FlowOutcome outcome = flows.outcomes.readValue();
            assertEquals(FlowStatus.COMPENSATED, outcome.status());
            assertEquals("fill", outcome.failedStep());
            assertEquals(List.of("STARTED", "SENT reserve:ACTION:1", "SUCCEEDED reserve:ACTION:1", "SENT place:ACTION:1",
                    "SUCCEEDED place:ACTION:1", "WAITING fill:ACTION:1", "TIMED_OUT fill:ACTION:1", "SENT place:COMPENSATION:1",
                    "SUCCEEDED place:COMPENSATION:1", "SENT reserve:COMPENSATION:1", "SUCCEEDED reserve:COMPENSATION:1",
                    "COMPENSATED"), flows.history("f1"));
            assertTrue(flows.noCommands() && flows.outcomes.isEmpty());
        }
    }

    @Test
    void shouldNotUndoAStepThatRepliedFailure() {
        try (FlowDriver flows = new FlowDriver()) {
            flows.start("f1", ORDER);
            flows.succeed(flows.command("reserve"), Map.of("reservation", "r-1"));
            flows.fail(flows.command("place"), "symbol halted");
            flows.succeed(flows.command("release"), Map.of());
            assertTrue(flows.noCommands(), "no cancel: the order was never placed");
            FlowOutcome outcome = flows.outcomes.readValue();
            assertEquals(FlowStatus.COMPENSATED, outcome.status());
            assertEquals("step place failed: symbol halted", outcome.reason());
        }
    }

    @Test
    void shouldFailWithNothingToUndoWhenTheFirstStepFails() {
        try (FlowDriver flows = new FlowDriver()) {
            flows.start("f1", ORDER);
            flows.fail(flows.command("reserve"), "over the limit");
            FlowOutcome outcome = flows.outcomes.readValue();
            assertEquals(FlowStatus.FAILED, outcome.status());
            assertEquals("reserve", outcome.failedStep());
            assertTrue(flows.noCommands());
        }
    }

    @Test
    void shouldRetryACompensationAndFailWhenItRunsOutOfAttempts() {
        try (FlowDriver flows = new FlowDriver()) {
            flows.start("f1", ORDER);
            flows.succeed(flows.command("reserve"), Map.of("reservation", "r-1"));
            flows.fail(flows.command("place"), "rejected");
            flows.fail(flows.command("release"), "ledger down");
            flows.advance(Duration.ofSeconds(1));
            flows.fail(flows.command("release"), "ledger down");
            flows.advance(Duration.ofSeconds(2));
            FlowCommand third = flows.command("release");
            assertEquals(3, third.attempt());
            flows.advance(Duration.ofSeconds(5));
            FlowOutcome outcome = flows.outcomes.readValue();
            assertEquals(FlowStatus.FAILED, outcome.status());
            assertTrue(outcome.reason().startsWith("undoing step reserve: timed out after 3 attempts"), outcome.reason());
        }
    }

    @Test
    void shouldIgnoreADuplicateReplyAndADuplicateStart() {
        try (FlowDriver flows = new FlowDriver()) {
            flows.start("f1", ORDER);
            FlowCommand reserve = flows.command("reserve");
            flows.succeed(reserve, Map.of("reservation", "r-1"));
            flows.command("place");
            flows.succeed(reserve, Map.of("reservation", "r-1"));
            flows.start("f1", Map.of("account", "acc-2", "amount", 9));
            assertTrue(flows.noCommands(), "nothing sent again");
            assertEquals("acc-1", flows.state("f1").data().get("account"));
            assertEquals(List.of("STARTED", "SENT reserve:ACTION:1", "SUCCEEDED reserve:ACTION:1", "SENT place:ACTION:1",
                    "IGNORED reserve:ACTION:1"), flows.history("f1"));
            flows.replies.pipeInput("nobody", FlowReply.event("nobody", "fill", true, null, Map.of(), FlowDriver.WALL));
            assertTrue(flows.noCommands() && flows.outcomes.isEmpty(), "a reply for no flow is dropped");
        }
    }

    @Test
    void shouldRunFlowsIndependently() {
        try (FlowDriver flows = new FlowDriver()) {
            flows.start("f1", ORDER);
            flows.start("f2", Map.of("account", "acc-2", "amount", 7));
            List<FlowCommand> reserves = flows.commands.get("test.reserve").readValuesToList();
            assertEquals(List.of("f1", "f2"), reserves.stream().map(FlowCommand::flowId).toList());
            flows.fail(reserves.get(1), "no");
            assertEquals(FlowStatus.FAILED, flows.outcomes.readValue().status());
            flows.succeed(reserves.get(0), Map.of("reservation", "r-1"));
            assertEquals("f1", flows.command("place").flowId());
        }
    }

    @Test
    void shouldFindEveryDeadlineSetAfterACheckHadNothingDue() {
        try (FlowDriver flows = new FlowDriver()) {
            flows.advance(Duration.ofSeconds(1)); // a check with no flow at all
            flows.start("f1", ORDER); // times out at 6 s
            flows.advance(Duration.ofSeconds(2)); // a check with nothing due
            flows.start("f2", Map.of("account", "acc-2", "amount", 7)); // times out at 8 s
            assertEquals(List.of("f1", "f2"), flows.commands.get("test.reserve").readValuesToList().stream()
                    .map(FlowCommand::flowId).toList());

            flows.advance(Duration.ofSeconds(3));
            assertEquals(false, flows.state("f1").waiting(), "f1 timed out; retried at 7 s");
            assertEquals(true, flows.state("f2").waiting());
            flows.advance(Duration.ofSeconds(1));
            FlowCommand retried = flows.command("reserve");
            assertEquals("f1", retried.flowId());
            assertEquals(2, retried.attempt(), "a deadline set by a check, earlier than every one the check saw");
            assertTrue(flows.noCommands());
            flows.advance(Duration.ofSeconds(1));
            assertEquals(List.of("STARTED", "SENT reserve:ACTION:1", "TIMED_OUT reserve:ACTION:1"), flows.history("f2"));
        }
    }

    @Test
    void shouldResumeAfterARestartWithoutSendingACompletedStepAgain() {
        Map<String, byte[]> state;
        FlowCommand place;
        try (FlowDriver before = new FlowDriver()) {
            before.start("f1", ORDER);
            before.succeed(before.command("reserve"), Map.of("reservation", "r-1"));
            place = before.command("place");
            state = before.changelog(FlowDriver.ORDER.stateStore());
        }
        try (FlowDriver after = new FlowDriver()) {
            after.restore(FlowDriver.ORDER.stateStore(), state, JsonSerde.of(FlowState.class).deserializer());
            assertEquals("place", after.state("f1").step());

            // The deadline index has no changelog: rebuilt from the restored states, it times place out and
            // retries it, not reserve.
            after.advance(Duration.ofSeconds(5));
            FlowCommand retried = after.command("place");
            assertEquals(2, retried.attempt());
            assertTrue(after.noCommands(), "reserve is not sent again");
            after.succeed(place, Map.of("orderId", "late"));
            after.succeed(retried, Map.of("orderId", "o-2"));
            after.event("f1", "fill", Map.of("filled", 5));
            after.succeed(after.command("notify"), Map.of());
            FlowOutcome outcome = after.outcomes.readValue();
            assertEquals(FlowStatus.COMPLETED, outcome.status());
            assertEquals("o-2", outcome.data().get("orderId"));
        }
    }

    @Test
    void shouldForgetAFinishedFlowAfterItsRetention() {
        try (FlowDriver flows = new FlowDriver()) {
            flows.start("f1", ORDER);
            flows.fail(flows.command("reserve"), "no");
            flows.outcomes.readValue();
            flows.advance(Duration.ofHours(23));
            assertEquals(FlowStatus.FAILED, flows.state("f1").status());
            flows.advance(Duration.ofHours(1));
            assertNull(flows.state("f1"));
        }
    }

    @Test
    void shouldNameEveryOperatorAfterTheFlow() {
        org.apache.kafka.streams.StreamsBuilder builder = new org.apache.kafka.streams.StreamsBuilder();
        FlowCoordinator.build(builder, FlowDriver.ORDER, builder.stream("test.starts",
                org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), JsonSerde.of(FlowStart.class)).withName("test-source-starts")), 1);
        String description = builder.build().describe().toString();
        assertTrue(!description.matches("(?s).*(KSTREAM|KTABLE)-[A-Z]+-\\d+.*"), description);
        assertTrue(description.contains("flow-order-starts-repartition"), description);
        assertTrue(description.contains("stores: [flow-order-state, flow-order-deadlines]"), description);
    }
}
