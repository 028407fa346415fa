package dev.fusion4j.examples;

import dev.fusion4j.align.CanonicalCorrelation;
import dev.fusion4j.align.ContrastiveAligner;
import dev.fusion4j.align.CrossModalIndex;
import dev.fusion4j.audio.MfccAudioEncoder;
import dev.fusion4j.audio.MfccConfig;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.List;
import java.util.Locale;

/**
 * Cross-modal retrieval on the demo digits: spoken digits (MFCC mean and deviation) query
 * handwritten ones (ResNet features), aligned by CCA and by contrastive training. Reports, for the
 * 200 test pairs, the share of queries whose top k results hold a digit of the same class
 * (precision@1 and @5) and the exact pair's recall@10.
 */
public final class CrossModalRetrieval {
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
        float[][] audio = new float[items.size()][];
        float[][] image = new float[items.size()][];
        int[] labels = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            audio[i] = pooled.encode(items.get(i).audio()).toArray();
            image[i] = mean(encoded.get(i).get(Modality.IMAGE).orElseThrow());
            labels[i] = items.get(i).label();
        }
        float[][] audioTrain = java.util.Arrays.copyOfRange(audio, 0, 600);
        float[][] imageTrain = java.util.Arrays.copyOfRange(image, 0, 600);
        float[][] audioTest = java.util.Arrays.copyOfRange(audio, 600, audio.length);
        float[][] imageTest = java.util.Arrays.copyOfRange(image, 600, image.length);
        int[] testLabels = java.util.Arrays.copyOfRange(labels, 600, labels.length);

        CanonicalCorrelation cca = CanonicalCorrelation.fit(toDouble(audioTrain), toDouble(imageTrain), 16, 1e-2);
        boolean[] present = new boolean[600];
        java.util.Arrays.fill(present, true);
        ContrastiveAligner contrastive = ContrastiveAligner.fit(audioTrain, imageTrain, present, 32, epochs, 64,
                3e-3f, 7);
        List<Result> results = List.of(
                evaluate("CCA (16 components)", cca.transformX(toDouble(audioTest)), cca.transformY(toDouble(imageTest)),
                        testLabels),
                evaluate("contrastive (InfoNCE, 32-d)", contrastive.projectA(audioTest), contrastive.projectB(imageTest),
                        testLabels));
        System.out.println("Spoken digit → handwritten digit, 200 test pairs (chance: precision 0.10, recall@10 0.05)");
        System.out.println();
        System.out.println("| method | precision@1 | precision@5 | pair recall@10 |");
        System.out.println("|---|---|---|---|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n", r.method(), r.precisionAt1(), r.precisionAt5(),
                    r.recallAt10());
        }
        return results;
    }

    private static Result evaluate(String method, double[][] queries, double[][] items, int[] labels) {
        CrossModalIndex index = CrossModalIndex.of(items);
        double at1 = 0;
        double at5 = 0;
        for (int q = 0; q < queries.length; q++) {
            int[] top = index.search(queries[q], 5);
            at1 += labels[top[0]] == labels[q] ? 1 : 0;
            for (int hit : top) {
                at5 += labels[hit] == labels[q] ? 0.2 : 0;
            }
        }
        return new Result(method, at1 / queries.length, at5 / queries.length, index.evaluate(queries).recallAt10());
    }

    private static float[] mean(Features tokens) {
        float[] out = new float[tokens.dim()];
        for (int t = 0; t < tokens.length(); t++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += tokens.get(t, j) / tokens.length();
            }
        }
        return out;
    }

    private static double[][] toDouble(float[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = x[i][j];
            }
        }
        return out;
    }
}
