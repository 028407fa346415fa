package dev.fusion4j.dataset;

import java.util.List;

/**
 * A train/validation/test split made by {@link Splits#trainValidationTest}. Each part keeps the
 * items' input order. Immutable.
 */
public record Split<T>(List<T> train, List<T> validation, List<T> test) {
    public Split {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }
}
