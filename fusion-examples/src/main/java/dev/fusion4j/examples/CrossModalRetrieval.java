package dev.fusion4j.examples;

import dev.fusion4j.align.CanonicalCorrelation;
import dev.fusion4j.align.ContrastiveAligner;
import dev.fusion4j.align.CrossModalIndex;
import dev.fusion4j.align.JointSpace;
import dev.fusion4j.audio.MfccAudioEncoder;
import dev.fusion4j.audio.MfccConfig;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cross-modal retrieval on the demo digits: spoken digits (MFCC mean and deviation) query
 * handwritten ones (ResNet features, mean over the image's tokens), in a joint space learned on
 * the 600 training pairs by CCA and by contrastive training. Reports, for the 200 test pairs, the
 * share of queries whose top k results hold a digit of the same class (precision@1 and @5) and the
 * exact pair's recall@10.
 */
public final class CrossModalRetrieval {
    private static final int TRAINING_PAIRS = 600;

    private CrossModalRetrieval() {
    }

    /** Retrieval quality of one method. */
    record Result(String method, double precisionAt1, double precisionAt5, double recallAt10) {
    }

    public static void main(String[] args) {
        run(60, 6);
    }

    static List<Result> run(int epochs, int imageEpochs) {
        List<DemoDataset.Item> items = DemoDataset.load();
        List<MultimodalSample> encoded = DemoFeatures.encode(items, imageEpochs, 7);
        MfccAudioEncoder pooled = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).pooled(true).build();
        List<MultimodalSample> pairs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            // retrieval compares vectors: the spoken digit pooled by the encoder, the image's tokens averaged
            pairs.add(encoded.get(i).toBuilder()
                    .put(Modality.AUDIO, pooled.encode(items.get(i).audio()))
                    .put(Modality.IMAGE, mean(encoded.get(i).get(Modality.IMAGE).orElseThrow()))
                    .build());
        }
        List<MultimodalSample> train = pairs.subList(0, TRAINING_PAIRS);
        List<MultimodalSample> test = pairs.subList(TRAINING_PAIRS, pairs.size());

        CanonicalCorrelation cca = CanonicalCorrelation.fit(train, Modality.AUDIO, Modality.IMAGE, 16, 1e-2);
        ContrastiveAligner contrastive = ContrastiveAligner.fit(train, Modality.AUDIO, Modality.IMAGE,
                new ContrastiveAligner.Options(32, epochs, 64, 3e-3f, 7));
        List<Result> results = List.of(
                evaluate("CCA (16 components)", cca, test),
                evaluate("contrastive (InfoNCE, 32-d)", contrastive, test));
        System.out.println("Spoken digit → handwritten digit, " + test.size()
                + " test pairs (chance: precision 0.10, recall@10 " + String.format(Locale.ROOT, "%.2f", 10.0 / test.size())
                + ")");
        System.out.println();
        System.out.println("| method | precision@1 | precision@5 | pair recall@10 |");
        System.out.println("|---|---|---|---|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n", r.method(), r.precisionAt1(), r.precisionAt5(),
                    r.recallAt10());
        }
        return results;
    }

    /** Spoken test digits query the handwritten test digits in {@code space}. */
    private static Result evaluate(String method, JointSpace space, List<MultimodalSample> test) {
        List<Features> queries = space.projectAll(Modality.AUDIO, column(test, Modality.AUDIO));
        CrossModalIndex index = CrossModalIndex.of(space.projectAll(Modality.IMAGE, column(test, Modality.IMAGE)));
        double at1 = 0;
        double at5 = 0;
        for (int q = 0; q < queries.size(); q++) {
            int[] top = index.search(queries.get(q), 5);
            at1 += sameDigit(test, top[0], q) ? 1 : 0;
            for (int hit : top) {
                at5 += sameDigit(test, hit, q) ? 0.2 : 0;
            }
        }
        return new Result(method, at1 / queries.size(), at5 / queries.size(), index.evaluate(queries).recallAt10());
    }

    private static boolean sameDigit(List<MultimodalSample> samples, int i, int j) {
        return samples.get(i).label().orElseThrow().equals(samples.get(j).label().orElseThrow());
    }

    private static List<Features> column(List<MultimodalSample> samples, Modality modality) {
        return samples.stream().map(s -> s.get(modality).orElseThrow()).toList();
    }

    private static Features mean(Features tokens) {
        float[] out = new float[tokens.dim()];
        for (int t = 0; t < tokens.length(); t++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += tokens.get(t, j) / tokens.length();
            }
        }
        return Features.vector(out);
    }
}
