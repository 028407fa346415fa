package dev.fusion4j.cli;

import dev.fusion4j.dataset.DatasetEncoder;
import dev.fusion4j.model.FusionPipeline;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loading a saved pipeline and opening its encoders. */
final class Pipelines {
    private Pipelines() {
    }

    /**
     * The pipeline saved in {@code directory}, which must predict classes.
     *
     * @throws BadPipelineException if the directory does not exist or its head predicts no class
     * @throws dev.fusion4j.model.ModelFormatException if it holds no valid pipeline
     */
    static FusionPipeline load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new BadPipelineException("the pipeline directory '" + directory + "' "
                    + (Files.exists(directory) ? "is not a directory" : "does not exist"));
        }
        FusionPipeline pipeline = FusionPipeline.load(directory);
        if (!pipeline.model().spec().head().predictsClass()) {
            throw new BadPipelineException("the pipeline in " + directory + " has a "
                    + pipeline.model().spec().head().kind() + " head; this command needs one that predicts classes");
        }
        return pipeline;
    }

    /** The pipeline's encoders, rebuilt from their specs, with {@code settings}; close it. */
    static DatasetEncoder encoder(FusionPipeline pipeline, DatasetEncoder.Builder settings) {
        DatasetEncoder.Builder builder = settings;
        pipeline.encoders().forEach(builder::encoder);
        return builder.build();
    }
}
