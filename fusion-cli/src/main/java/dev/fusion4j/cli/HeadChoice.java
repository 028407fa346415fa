package dev.fusion4j.cli;

import dev.fusion4j.model.Head;
import java.util.Locale;

/** The heads {@code train --head} offers. */
enum HeadChoice {
    CLASSIFICATION,
    EMBEDDING;

    /** The head over {@code classes}; {@code embeddingWidth} is the embedding head's width. */
    Head head(int embeddingWidth, String... classes) {
        return this == CLASSIFICATION ? Head.classification(classes) : Head.embedding(embeddingWidth, classes);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a name as {@code --head} takes it, ignoring case. */
    static final class Converter extends ChoiceConverter<HeadChoice> {
        Converter() {
            super(HeadChoice.class, "a head");
        }
    }
}
