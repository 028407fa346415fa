package dev.fusion4j.examples;

import dev.fusion4j.tensor.Initializer;
import dev.fusion4j.tensor.ModuleContext;
import dev.fusion4j.tensor.ParameterSpec;
import dev.fusion4j.tensor.Tensor;
import dev.fusion4j.tensor.TensorModule;
import java.util.ArrayList;
import java.util.List;

/**
 * The simplest fusion model, written once against the tensor interface: per modality a masked
 * mean over time (padding and missing samples give zeros) plus the presence flag, concatenated,
 * then a linear classifier. Inputs: for each modality {@code values [B, T, d]} then
 * {@code paddingMask [B, T]}; output: logits {@code [B, classes]}.
 */
final class PooledConcatClassifier implements TensorModule {
    private final int[] widths;
    private final int classes;

    PooledConcatClassifier(int classes, int... widths) {
        this.widths = widths.clone();
        this.classes = classes;
    }

    @Override
    public List<ParameterSpec> parameters() {
        int fused = 0;
        for (int width : widths) {
            fused += width + 1;
        }
        return List.of(
                ParameterSpec.of("weight", Initializer.xavierUniform(), fused, classes),
                ParameterSpec.of("bias", Initializer.zeros(), classes));
    }

    @Override
    public Tensor forward(ModuleContext context, List<Tensor> inputs) {
        List<Tensor> pooled = new ArrayList<>();
        for (int m = 0; m < widths.length; m++) {
            Tensor values = inputs.get(2 * m);
            Tensor mask = inputs.get(2 * m + 1);
            long batch = mask.size(0);
            Tensor steps = mask.sum(1, true);                                  // [B, 1]
            Tensor sum = values.mul(mask.reshape(batch, -1, 1)).sum(1, false); // [B, d]
            Tensor present = steps.sub(steps.add(-1f).relu());                 // min(steps, 1)
            pooled.add(sum.div(steps.add(1e-6f)));
            pooled.add(present);
        }
        Tensor fused = context.backend().concat(pooled, -1);
        return fused.matmul(context.parameter("weight")).add(context.parameter("bias"));
    }
}
