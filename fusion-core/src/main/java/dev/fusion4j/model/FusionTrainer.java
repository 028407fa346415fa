package dev.fusion4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fusion4j.FusionException;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.tensor.djl.DjlBackend;
import dev.fusion4j.internal.tensor.djl.DjlTensor;
import dev.fusion4j.internal.tensor.djl.DjlTrainingSession;
import dev.fusion4j.train.EpochMetrics;
import dev.fusion4j.train.SampleSource;
import dev.fusion4j.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The training loop behind {@link FusionModel#fit}: DJL trainer, mini-batches, early stopping. */
final class FusionTrainer {
    private final FusionSpec spec;
    private final ModelModule module;
    private final TrainingOptions options;
    private final Objective objective;
    private final Device device;

    FusionTrainer(FusionSpec spec, ModelModule module, TrainingOptions options, Objective objective, Device device) {
        this.spec = spec;
        this.module = module;
        this.options = options;
        this.objective = objective;
        this.device = device;
    }

    /** The trained parameters (the best epoch's with early stopping) and the history. */
    record Result(Map<String, float[]> parameters, List<EpochMetrics> history) {
    }

    /**
     * @param count the number of samples each pass of {@code train} yields
     * @throws IllegalStateException if an epoch yields another number of samples
     */
    Result train(Map<String, float[]> initial, SampleSource train, int count, List<MultimodalSample> validation) {
        int steps = options.epochs() * batches(count);
        ModelBlock block = new ModelBlock(spec, module, initial);
        try (DjlTrainingSession session = new DjlTrainingSession(block, optimizer(steps), device,
                block.inputShapes())) {
            return loop(session, block, train, count, validation);
        }
    }

    private Result loop(DjlTrainingSession session, ModelBlock block, SampleSource train, int count,
                        List<MultimodalSample> validation) {
        int batches = batches(count);
        Progress progress = new Progress(options.progress(), options.epochs());
        List<EpochMetrics> history = new ArrayList<>();
        Map<String, float[]> best = block.parameterValues();
        double bestMetric = Double.NaN;
        int sinceBest = 0;
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            long start = System.nanoTime();
            double lossSum = 0;
            int seen = 0;
            try (SampleSource.Pass pass = train.open(epoch, spec.seed())) {
                int b = 0;
                for (List<MultimodalSample> batch = pass.next(options.batchSize()); !batch.isEmpty();
                     batch = pass.next(options.batchSize())) {
                    double loss = step(session, block, batch);
                    if (!Double.isFinite(loss)) {
                        throw new FusionException("training diverged at epoch " + epoch + ", batch " + (b + 1)
                                + ": the loss is " + loss + "; lower the learning rate (now " + options.learningRate()
                                + ") or clip gradients with TrainingOptions.builder().gradientClip(1)");
                    }
                    lossSum += loss;
                    seen += batch.size();
                    progress.batch(epoch, ++b, batches);
                }
            }
            if (seen != count) {
                throw new IllegalStateException("epoch " + epoch + " of the training source yielded " + seen
                        + " samples, its survey pass " + count + "; every pass must yield the same samples");
            }
            double validationLoss = Double.NaN;
            double metric = Double.NaN;
            boolean higherIsBetter = true;
            if (!validation.isEmpty()) {
                Evaluated evaluated = evaluate(session, block, validation);
                validationLoss = evaluated.loss();
                metric = evaluated.evaluation().primaryMetric();
                higherIsBetter = evaluated.evaluation().higherIsBetter();
            }
            EpochMetrics metrics = new EpochMetrics(epoch, lossSum / batches, validationLoss, metric,
                    (System.nanoTime() - start) / 1e9);
            history.add(metrics);
            progress.epoch(metrics);
            options.listeners().forEach(listener -> listener.onEpoch(metrics));
            if (options.patience() > 0 && !validation.isEmpty()) {
                boolean improved = Double.isNaN(bestMetric) || (higherIsBetter ? metric > bestMetric : metric < bestMetric);
                if (improved) {
                    bestMetric = metric;
                    best = block.parameterValues();
                    sinceBest = 0;
                } else if (++sinceBest >= options.patience()) {
                    break;
                }
            }
        }
        Map<String, float[]> parameters = options.patience() > 0 && !validation.isEmpty() ? best : block.parameterValues();
        return new Result(parameters, List.copyOf(history));
    }

    private int batches(int count) {
        return (count + options.batchSize() - 1) / options.batchSize();
    }

    private double step(DjlTrainingSession session, ModelBlock block, List<MultimodalSample> samples) {
        MultimodalBatch batch = MultimodalBatch.collate(samples, spec.inputSchema().widths());
        try (NDManager pass = session.newPass()) {
            DjlBackend backend = DjlBackend.wrap(pass);
            return session.step(block.inputs(batch, backend), outputs -> ((DjlTensor) objective.loss(
                    backend.wrap(outputs.singletonOrThrow()), batch.labels(), backend)).ndArray());
        }
    }

    private record Evaluated(double loss, Evaluation evaluation) {
    }

    private Evaluated evaluate(DjlTrainingSession session, ModelBlock block, List<MultimodalSample> samples) {
        List<Prediction> predictions = new ArrayList<>();
        double lossSum = 0;
        int chunk = Math.max(options.batchSize(), 256);
        for (int start = 0; start < samples.size(); start += chunk) {
            List<MultimodalSample> part = samples.subList(start, Math.min(samples.size(), start + chunk));
            MultimodalBatch batch = MultimodalBatch.collate(part, spec.inputSchema().widths());
            try (NDManager pass = session.newPass()) {
                DjlBackend backend = DjlBackend.wrap(pass);
                NDArray output = session.evaluate(block.inputs(batch, backend)).singletonOrThrow();
                lossSum += objective.loss(backend.wrap(output), batch.labels(), backend).toFloatArray()[0] * part.size();
                float[] values = output.toFloatArray();
                for (int i = 0; i < part.size(); i++) {
                    predictions.add(objective.prediction(values, i));
                }
            }
        }
        return new Evaluated(lossSum / samples.size(), Evaluation.of(spec.head(), predictions, samples));
    }

    private Optimizer optimizer(int steps) {
        Tracker rate = options.schedule() == TrainingOptions.Schedule.COSINE
                ? Tracker.cosine().setBaseValue(options.learningRate())
                        .optFinalValue(options.learningRate() / 100).setMaxUpdates(Math.max(1, steps)).build()
                : Tracker.fixed(options.learningRate());
        return switch (options.optimizer()) {
            case ADAM -> common(Optimizer.adam().optLearningRateTracker(rate)).build();
            case ADAMW -> common(Optimizer.adamW().optLearningRateTracker(rate)).build();
            case SGD -> common(Optimizer.sgd().setLearningRateTracker(rate).optMomentum(0.9f)).build();
        };
    }

    private <B extends Optimizer.OptimizerBuilder<B>> B common(B builder) {
        builder.optWeightDecays(options.weightDecay());
        if (options.gradientClip() > 0) {
            builder.optClipGrad(options.gradientClip());
        }
        return builder;
    }
}
