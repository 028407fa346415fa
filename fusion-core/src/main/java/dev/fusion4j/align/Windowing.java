package dev.fusion4j.align;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cuts long timestamped recordings into fixed-length, optionally overlapping windows, one
 * {@link MultimodalSample} per window holding each modality's steps whose time falls in
 * {@code [start, start + length)} (timestamps kept). A modality with no step in a window is absent
 * from that sample; a window with no step at all is skipped. Sample ids are
 * {@code "<start>-<end>"} in seconds.
 */
public final class Windowing {
    private Windowing() {
    }

    public static List<MultimodalSample> cut(Map<Modality, Features> recording, double length, double hop) {
        if (!(length > 0) || !(hop > 0)) {
            throw new IllegalArgumentException("window length and hop must be > 0, got " + length + ", " + hop);
        }
        double start = Double.POSITIVE_INFINITY;
        double end = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Modality, Features> e : recording.entrySet()) {
            if (!e.getValue().hasTimestamps()) {
                throw new IllegalArgumentException("modality '" + e.getKey() + "' has no timestamps to cut by");
            }
            double[] t = e.getValue().timestamps();
            start = Math.min(start, t[0]);
            end = Math.max(end, t[t.length - 1]);
        }
        List<MultimodalSample> windows = new ArrayList<>();
        for (double from = start; from <= end; from += hop) {
            double to = from + length;
            MultimodalSample.Builder builder = MultimodalSample.builder()
                    .id(String.format(Locale.ROOT, "%.3f-%.3f", from, to));
            boolean any = false;
            for (Map.Entry<Modality, Features> e : recording.entrySet()) {
                Features slice = slice(e.getValue(), from, to);
                if (slice != null) {
                    builder.put(e.getKey(), slice);
                    any = true;
                }
            }
            if (any) {
                windows.add(builder.build());
            }
        }
        return windows;
    }

    private static Features slice(Features f, double from, double to) {
        double[] times = f.timestamps();
        List<float[]> rows = new ArrayList<>();
        List<Double> kept = new ArrayList<>();
        for (int t = 0; t < times.length; t++) {
            if (times[t] >= from && times[t] < to) {
                rows.add(f.row(t));
                kept.add(times[t]);
            }
        }
        if (rows.isEmpty()) {
            return null;
        }
        return Features.sequence(rows.toArray(new float[0][])).withTimestamps(kept.stream().mapToDouble(Double::doubleValue)
                .toArray());
    }
}
