package io.eventpipeline.iot.hvac;

import io.eventpipeline.core.config.ConfigSource;
import java.time.Duration;

/**
 * Settings of HVAC command confirmation and of its simulated devices.
 *
 * @param enabled whether each HVAC command is confirmed by a flow ({@code hvac.confirm}, default true)
 * @param ackTimeout how long a delivery waits for the device's acknowledgement ({@code hvac.ack.timeout}, default 2s)
 * @param retries deliveries sent again when no acknowledgement comes, before escalating ({@code hvac.ack.retries},
 *                default 3)
 * @param verifyWithin how long the room has to move the right way ({@code hvac.verify.within}, default 10m)
 * @param verifyDelta how far (°C) the room's temperature must move from where it was when the device
 *                    acknowledged ({@code hvac.verify.delta}, default 0.2)
 * @param verifyCheck how often pending verifications look at their rooms ({@code hvac.verify.check}, default 1s)
 * @param lostAckShare share of deliveries whose acknowledgement the simulated device loses
 *                     ({@code device.lost.ack.share}, default 0.05)
 * @param unreachableShare share of rooms whose HVAC never acknowledges ({@code device.unreachable.share}, default 0.01)
 */
public record HvacConfig(boolean enabled, Duration ackTimeout, int retries, Duration verifyWithin, double verifyDelta,
                         Duration verifyCheck, double lostAckShare, double unreachableShare) {

    public static HvacConfig from(ConfigSource source) {
        return new HvacConfig(
                source.getBoolean("hvac.confirm", true),
                source.getDuration("hvac.ack.timeout", Duration.ofSeconds(2), Duration.ofMillis(10)),
                source.getInt("hvac.ack.retries", 3, 0, 100),
                source.getDuration("hvac.verify.within", Duration.ofMinutes(10), Duration.ofMillis(10)),
                source.getDouble("hvac.verify.delta", 0.2, 0, 100),
                source.getDuration("hvac.verify.check", Duration.ofSeconds(1), Duration.ofMillis(10)),
                source.getDouble("device.lost.ack.share", 0.05, 0, 1),
                source.getDouble("device.unreachable.share", 0.01, 0, 1));
    }

    /** This config with another share of lost acknowledgements. */
    public HvacConfig withLostAckShare(double share) {
        return new HvacConfig(enabled, ackTimeout, retries, verifyWithin, verifyDelta, verifyCheck, share, unreachableShare);
    }

    /**
     * Whether the simulated device's decision named {@code what} applies to {@code key}, at {@code share}: a
     * pure function of both, so a command processed again after a crash gets the same decision.
     */
    static boolean decides(String what, String key, double share) {
        long h = (what + "|" + key).hashCode() * 0x9E3779B97F4A7C15L;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53 < share;
    }
}
