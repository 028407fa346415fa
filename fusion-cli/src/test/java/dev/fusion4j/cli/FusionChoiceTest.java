package dev.fusion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.Modality;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.FusionStrategy;
import dev.fusion4j.model.Head;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every {@code --fusion} and {@code --head} name reads back and builds a valid spec of three modalities. */
class FusionChoiceTest {
    @Test
    void everyFusionNameBuildsASpecOfThreeModalities() {
        FusionChoice.Converter converter = new FusionChoice.Converter();
        for (FusionChoice choice : FusionChoice.values()) {
            assertEquals(choice, converter.convert(choice.toString().toUpperCase(java.util.Locale.ROOT)));
            FusionSpec spec = FusionSpec.builder().modality(Modality.TEXT, 384).modality(Modality.AUDIO, 52)
                    .modality(Modality.IMAGE, 128).fusion(choice.strategy(16)).head(Head.classification("a", "b"))
                    .build();
            assertEquals(choice.strategy(16), spec.strategy(), choice.toString());
        }
        assertInstanceOf(FusionStrategy.Early.class, converter.convert("early").strategy(16));
        assertInstanceOf(FusionStrategy.Attention.class, converter.convert("cross-attention").strategy(16));
        assertTrue(converter.convert("late").strategy(16).isLate());
        CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                () -> converter.convert("middle"));
        assertTrue(e.getMessage().contains("choose one of [early, late, product-of-experts"), e.getMessage());
    }

    @Test
    void theHeadNamesGiveTheirKinds() {
        HeadChoice.Converter converter = new HeadChoice.Converter();
        assertEquals(Head.Kind.CLASSIFICATION, converter.convert("classification").head(8, "a", "b").kind());
        Head embedding = converter.convert("Embedding").head(8, "a", "b");
        assertEquals(Head.Kind.EMBEDDING, embedding.kind());
        assertEquals(8, embedding.outputs());
    }
}
