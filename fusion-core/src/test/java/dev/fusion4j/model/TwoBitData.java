package dev.fusion4j.model;

import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.testing.SyntheticDatasets;
import java.util.ArrayList;
import java.util.List;

/** The two-bit task of {@link SyntheticDatasets}, complete samples, and subsets of it. */
final class TwoBitData {
    static final int TEXT_WIDTH = SyntheticDatasets.TEXT_WIDTH;
    static final int AUDIO_WIDTH = SyntheticDatasets.AUDIO_WIDTH;
    static final String[] LABELS = SyntheticDatasets.TWO_BIT_LABELS.toArray(new String[0]);

    private TwoBitData() {
    }

    static List<MultimodalSample> generate(int count, long seed) {
        return SyntheticDatasets.twoBits(count, seed, 0);
    }

    /** The samples with only {@code keep} (as a single-modality data set). */
    static List<MultimodalSample> only(List<MultimodalSample> samples, Modality keep) {
        List<MultimodalSample> out = new ArrayList<>();
        for (MultimodalSample s : samples) {
            MultimodalSample.Builder builder = MultimodalSample.builder().label(s.label().orElseThrow());
            builder.put(keep, s.get(keep).orElseThrow());
            out.add(builder.build());
        }
        return out;
    }

    /** The samples with {@code removed} taken out. */
    static List<MultimodalSample> without(List<MultimodalSample> samples, Modality removed) {
        return samples.stream().map(s -> s.without(removed)).toList();
    }
}
