package dev.fusion4j.dataset;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports how many samples are encoded, their rate and the time left: on a terminal a bar on
 * standard error, redrawn in place a few times a second; elsewhere an INFO log line every ten
 * seconds and one at the end. Thread-safe.
 */
final class Progress {
    /** Reports nothing. */
    static final Progress OFF = new Progress(0, (done, total, line, last) -> { }, () -> 0, Long.MAX_VALUE);
    private static final Logger LOG = LoggerFactory.getLogger(DatasetEncoder.class);
    private static final int BAR = 30;

    private final int total;
    private final Output output;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final long start;
    private long shown;
    private int done;

    Progress(int total, Output output, LongSupplier nanoTime, long intervalNanos) {
        this.total = total;
        this.output = output;
        this.nanoTime = nanoTime;
        this.intervalNanos = intervalNanos;
        this.start = nanoTime.getAsLong();
        this.shown = start;
    }

    /** The progress of {@code total} samples, on this process's terminal or its log. */
    static Progress of(int total) {
        return System.console() != null
                ? new Progress(total, bar(System.err), System::nanoTime, 200_000_000L)
                : new Progress(total, (done, all, line, last) -> LOG.info("encoded {}", line), System::nanoTime,
                        10_000_000_000L);
    }

    /** Counts {@code samples} more samples done, showing the progress if it is time to. */
    synchronized void advance(int samples) {
        done += samples;
        long now = nanoTime.getAsLong();
        if (now - shown >= intervalNanos && done < total) {
            shown = now;
            output.show(done, total, line(now), false);
        }
    }

    /** Shows the final count and rate. */
    synchronized void finish() {
        output.show(done, total, line(nanoTime.getAsLong()), true);
    }

    /** {@code "120/700 samples, 35.2 samples/s, ETA 0:16"}; the elapsed time instead of the ETA once done. */
    private String line(long now) {
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String time = done >= total ? "in " + clock(seconds)
                : "ETA " + (rate > 0 ? clock((total - done) / rate) : "?");
        return String.format(Locale.ROOT, "%d/%d samples, %.1f samples/s, %s", done, total, rate, time);
    }

    private static String clock(double seconds) {
        long whole = Math.round(seconds);
        return whole >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
                : String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
    }

    /** A bar of the samples done, redrawn in place on {@code terminal}, followed by {@code line}. */
    static Output bar(PrintStream terminal) {
        return (done, total, line, last) -> {
            int filled = total == 0 ? BAR : (int) ((long) BAR * done / total);
            terminal.print("\r[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + line + "   ");
            if (last) {
                terminal.println();
            }
            terminal.flush();
        };
    }

    /** Where progress goes. */
    interface Output {
        /** Shows {@code line}, the progress of {@code done} samples of {@code total}; {@code last} at the end. */
        void show(int done, int total, String line, boolean last);
    }
}
