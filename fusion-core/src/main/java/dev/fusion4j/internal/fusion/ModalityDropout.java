package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Modality dropout, in training passes only: each present modality of each sample is dropped with
 * its own probability and then looks exactly like an absent one (values, padding and presence
 * zeroed), so the operator's missing-modality handling (a learned null embedding, zeros, or a
 * following {@link MeanImputation}) takes over. A sample never loses all its modalities: when
 * every present one is drawn for dropping, one of them, chosen uniformly, is kept. Draws come from
 * the pass's seeded random source, so training repeats exactly. Inference passes are untouched.
 */
public final class ModalityDropout implements InputTransform {
    private final Map<Modality, Double> rates;

    private ModalityDropout(Map<Modality, Double> rates) {
        this.rates = rates;
    }

    /**
     * Per-modality drop probabilities; modalities not named are never dropped.
     *
     * @throws IllegalArgumentException for a probability outside {@code [0, 1)}
     */
    public static ModalityDropout of(Map<Modality, Double> rates) {
        Map<Modality, Double> copy = new LinkedHashMap<>();
        rates.forEach((modality, rate) -> {
            if (rate == null || !(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("drop probability of '" + modality + "' must be in [0, 1), got " + rate);
            }
            copy.put(modality, rate);
        });
        return new ModalityDropout(Map.copyOf(copy));
    }

    /** The same probability for every modality of {@code schema}. */
    public static ModalityDropout uniform(ModalitySchema schema, double rate) {
        Map<Modality, Double> rates = new LinkedHashMap<>();
        schema.modalities().forEach(m -> rates.put(m, rate));
        return of(rates);
    }

    /** The drop probability of {@code modality} (0 if not named). */
    public double rate(Modality modality) {
        return rates.getOrDefault(modality, 0.0);
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }

    @Override
    public FusionInputs apply(ModuleContext context, FusionInputs inputs) {
        if (!context.isTraining() || rates.isEmpty()) {
            return inputs;
        }
        List<Modality> modalities = inputs.schema().modalities();
        int batch = (int) inputs.batchSize();
        List<float[]> presence = new ArrayList<>();
        for (Modality modality : modalities) {
            presence.add(inputs.get(modality).presence().toFloatArray());
        }
        SplittableRandom random = context.random();
        for (int i = 0; i < batch; i++) {
            dropForSample(i, modalities, presence, random);
        }
        FusionInputs out = inputs;
        for (int m = 0; m < modalities.size(); m++) {
            ModalityTensors t = inputs.get(modalities.get(m));
            Tensor kept = context.backend().fromArray(presence.get(m), batch);
            Tensor column = kept.reshape(batch, 1);
            out = out.with(modalities.get(m), new ModalityTensors(
                    t.values().mul(kept.reshape(batch, 1, 1)), t.paddingMask().mul(column), kept));
        }
        return out;
    }

    private void dropForSample(int sample, List<Modality> modalities, List<float[]> presence, SplittableRandom random) {
        List<Integer> present = new ArrayList<>();
        List<Integer> dropped = new ArrayList<>();
        for (int m = 0; m < modalities.size(); m++) {
            if (presence.get(m)[sample] != 0f) {
                present.add(m);
                if (random.nextDouble() < rate(modalities.get(m))) {
                    dropped.add(m);
                }
            }
        }
        if (!present.isEmpty() && dropped.size() == present.size()) {
            dropped.remove(random.nextInt(dropped.size()));
        }
        for (int m : dropped) {
            presence.get(m)[sample] = 0f;
        }
    }
}
