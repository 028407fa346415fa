package dev.fusion4j.align;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import java.util.List;

/**
 * A shared space that two modalities' vectors are projected into, learned from paired samples by
 * {@link CanonicalCorrelation} or {@link ContrastiveAligner}. Projections of the two modalities
 * can be compared directly, for example by a {@link CrossModalIndex}:
 *
 * <pre>{@code
 * JointSpace space = CanonicalCorrelation.fit(train, Modality.AUDIO, Modality.IMAGE, 16, 1e-2);
 * CrossModalIndex index = CrossModalIndex.of(space.projectAll(Modality.IMAGE, images));
 * int[] best5 = index.search(space.project(Modality.AUDIO, clip), 5);
 * }</pre>
 */
public interface JointSpace {
    /** The first of the two modalities. */
    Modality first();

    /** The second of the two modalities. */
    Modality second();

    /** The shared space's width: the width of every projection. */
    int width();

    /**
     * The width of the vectors {@code modality} takes.
     *
     * @throws IllegalArgumentException if {@code modality} is neither {@link #first()} nor {@link #second()}
     */
    int inputWidth(Modality modality);

    /**
     * One vector of {@code modality} in the shared space.
     *
     * @throws IllegalArgumentException if {@code modality} is not one of the two, or {@code vector}
     *     is a sequence or has another width than {@link #inputWidth(Modality)}
     */
    Features project(Modality modality, Features vector);

    /**
     * Vectors of {@code modality} in the shared space, in order.
     *
     * @throws IllegalArgumentException as {@link #project} does, naming the vector's index
     */
    List<Features> projectAll(Modality modality, List<Features> vectors);
}
