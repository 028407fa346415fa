package dev.fusion4j.dataset;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns, once per process, when two or more native encoders will run at once without
 * {@code OMP_WAIT_POLICY=PASSIVE}: each engine's OpenMP threads then spin between parallel regions
 * on the cores the others need (file-to-prediction p90 went from 30 ms to 352 ms). An encoder is
 * counted as native when it is {@link AutoCloseable}, as the {@link dev.fusion4j.data.Encoder}
 * contract asks of those that hold native resources.
 */
final class OpenMpCheck {
    static final String VARIABLE = "OMP_WAIT_POLICY";
    private static final Logger LOG = LoggerFactory.getLogger(DatasetEncoder.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private OpenMpCheck() {
    }

    /** Logs {@link #warning}'s warning for this process's environment, if there is one and it is the first. */
    static void warnOnce(int nativeEncoders) {
        warning(nativeEncoders, System.getenv(VARIABLE)).ifPresent(warning -> {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn(warning);
            }
        });
    }

    /**
     * The warning for {@code nativeEncoders} running at once with {@value #VARIABLE} set to
     * {@code policy} (null when unset); empty for fewer than two or with {@code PASSIVE}.
     */
    static Optional<String> warning(int nativeEncoders, String policy) {
        if (nativeEncoders < 2 || policy != null && policy.trim().toUpperCase(Locale.ROOT).equals("PASSIVE")) {
            return Optional.empty();
        }
        return Optional.of(nativeEncoders + " native encoders will run at once, but " + VARIABLE + " is "
                + (policy == null ? "unset" : "'" + policy + "'") + ": their OpenMP threads spin on each other's "
                + "cores and encoding and prediction can be ten times slower; set " + VARIABLE
                + "=PASSIVE in the environment before starting Java");
    }
}
