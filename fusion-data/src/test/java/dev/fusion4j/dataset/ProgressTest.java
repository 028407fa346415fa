package dev.fusion4j.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void showsCountRateAndTimeLeftEveryIntervalThenTheTotal() {
        AtomicLong clock = new AtomicLong(5 * SECOND);
        List<String> lines = new ArrayList<>();
        Progress progress = new Progress(700, (done, total, line, last) -> lines.add(done + " " + last + " " + line),
                clock::get, 10 * SECOND);

        clock.addAndGet(4 * SECOND);
        progress.advance(100);   // before the first interval: nothing
        clock.addAndGet(6 * SECOND);
        progress.advance(100);   // 200 in 10 s: 20/s, 500 left take 25 s
        clock.addAndGet(SECOND);
        progress.advance(50);    // within the interval: nothing
        clock.addAndGet(65 * SECOND);
        progress.advance(450);
        progress.finish();

        assertEquals(List.of("200 false 200/700 samples, 20.0 samples/s, ETA 0:25",
                "700 true 700/700 samples, 9.2 samples/s, in 1:16"), lines);
    }

    @Test
    void onATerminalABarIsRedrawnInPlaceAndEndsTheLineWhenDone() {
        AtomicLong clock = new AtomicLong();
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        Progress progress = new Progress(40, Progress.bar(new PrintStream(terminal, true, StandardCharsets.UTF_8)),
                clock::get, SECOND);

        clock.addAndGet(2 * SECOND);
        progress.advance(10);
        clock.addAndGet(2 * SECOND);
        progress.advance(30);
        progress.finish();

        assertEquals("\r[#######-----------------------] 10/40 samples, 5.0 samples/s, ETA 0:06   "
                + "\r[##############################] 40/40 samples, 10.0 samples/s, in 0:04   " + System.lineSeparator(),
                terminal.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anHourOrMoreShowsHoursAndNoRateYetShowsAnUnknownEta() {
        AtomicLong clock = new AtomicLong();
        List<String> lines = new ArrayList<>();
        Progress progress = new Progress(10_000, (done, total, line, last) -> lines.add(line), clock::get, SECOND);

        clock.addAndGet(2 * SECOND);
        progress.advance(0);
        clock.addAndGet(1998 * SECOND);
        progress.advance(1000);

        assertEquals(List.of("0/10000 samples, 0.0 samples/s, ETA ?",
                "1000/10000 samples, 0.5 samples/s, ETA 5:00:00"), lines);
    }
}
