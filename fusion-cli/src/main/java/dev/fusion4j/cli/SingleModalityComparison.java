package dev.fusion4j.cli;

import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.Evaluation;
import dev.fusion4j.model.FusionModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The fused model's test metrics next to those of a model trained on each modality alone, on the
 * same split: a single-modality model is tested on the test rows that have its modality, and the
 * fused model on those same rows too.
 */
final class SingleModalityComparison {
    private final FusionModel fused;
    private final List<MultimodalSample> test;

    SingleModalityComparison(FusionModel fused, List<MultimodalSample> test) {
        this.fused = fused;
        this.test = test;
    }

    /** Trains a model per modality with {@code train} and prints the table. */
    void print(Collection<Modality> modalities, Function<Modality, FusionModel> train, PrintWriter out) {
        Evaluation all = fused.evaluate(test);
        out.printf("%nFused vs each modality alone, same split, test rows:%n%n");
        out.println("| model | test rows | accuracy | macro-F1 | fused on these rows |");
        out.println("|---|---|---|---|---|");
        out.printf(Locale.ROOT, "| fused | %d | %.4f | %.4f | |%n", all.samples(), all.accuracy(), all.macroF1());
        List<Modality> notBeaten = new ArrayList<>();
        for (Modality modality : modalities) {
            List<MultimodalSample> rows = test.stream().filter(s -> s.has(modality)).toList();
            if (rows.isEmpty()) {
                out.printf("| %s only | 0 | | | |%n", modality);
                continue;
            }
            Evaluation alone = train.apply(modality).evaluate(only(rows, modality));
            double fusedOnRows = fused.evaluate(rows).accuracy();
            out.printf(Locale.ROOT, "| %s only | %d | %.4f | %.4f | %.4f |%n", modality, alone.samples(),
                    alone.accuracy(), alone.macroF1(), fusedOnRows);
            if (fusedOnRows <= alone.accuracy()) {
                notBeaten.add(modality);
            }
        }
        out.println();
        out.println(notBeaten.isEmpty() ? "The fused model is more accurate than each modality alone."
                : "The fused model is not more accurate than " + notBeaten + " alone on the same rows.");
    }

    /** The samples that have {@code modality}, with it alone. */
    static List<MultimodalSample> only(List<MultimodalSample> samples, Modality modality) {
        return samples.stream().filter(s -> s.has(modality)).map(s -> {
            MultimodalSample.Builder b = MultimodalSample.builder().put(modality, s.get(modality).orElseThrow());
            s.id().ifPresent(b::id);
            s.label().ifPresent(b::label);
            return b.build();
        }).toList();
    }
}
