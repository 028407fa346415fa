package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.nn.AttentionBudget;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FusionSpecTest {

    /** An encoder that only has a width. */
    record StubEncoder(int dim) implements Encoder<String> {
        @Override
        public Features encode(String input) {
            throw new UnsupportedOperationException("a stub");
        }
    }

    private static FusionSpec.Builder textAndAudio(FusionStrategy strategy) {
        return FusionSpec.builder().modality(Modality.TEXT, 4).modality(Modality.AUDIO, 3).fusion(strategy)
                .head(Head.classification("a", "b", "c"));
    }

    private static FusionSpec everySetting() {
        return FusionSpec.builder()
                .modality(Modality.TEXT, new StubEncoder(4))
                .modality(Modality.AUDIO, new LinearTrunk(3, 2))
                .fusion(Fusion.intermediate().width(8).dropout(0.25f).crossAttention(2, 1).selfAttentionLayers(0)
                        .attentionBudget(4096))
                .modalityDropout(0.2)
                .modalityDropout(Modality.AUDIO, 0.5)
                .head(Head.multiLabel("x", "y"))
                .seed(7)
                .build();
    }

    @Test
    void theJsonNamesEverySetting() {
        String expected = """
                {"modalities": [{"name": "text", "width": 4, "encoder": "StubEncoder(4)"},
                                {"name": "audio", "width": 2,
                                 "trunk": {"type": "test-linear", "settings": {"in": "3", "out": "2"}}}],
                 "fusion": {"type": "Attention", "settings": {"cross": true, "width": 8, "heads": 2, "layers": 1,
                            "dropout": 0.25, "missing": "LEARNED_NULL", "selfAttentionLayers": 0,
                            "residualBlock": true, "attentionBudget": 4096}},
                 "head": {"kind": "MULTI_LABEL", "names": ["x", "y"], "outputs": 2},
                 "modalityDropout": {"text": 0.2, "audio": 0.5},
                 "seed": 7}
                """;
        assertEquals(JsonParser.parseString(expected), JsonParser.parseString(everySetting().toJson()));
    }

    @Test
    void everyKindOfSpecReadsBackEqual() {
        List<FusionSpec> specs = List.of(
                everySetting(),
                textAndAudio(Fusion.early()).build(),
                textAndAudio(Fusion.early().standardised().missing(dev.fusion4j.model.MissingModality.LEARNED_NULL))
                        .seed(-3).build(),
                textAndAudio(Fusion.intermediate().width(6).lowRank(2, 5)).modalityDropout(0.1).build(),
                textAndAudio(Fusion.intermediate().width(4).dropout(0f).tensor()).build(),
                textAndAudio(Fusion.intermediate().width(8).concatMlp(8, 6)).build(),
                textAndAudio(Fusion.intermediate().sum()).head(Head.regression("v")).build(),
                textAndAudio(Fusion.intermediate().width(8).attention()).head(Head.embedding(3, "p", "q")).build(),
                textAndAudio(Fusion.intermediate().width(8).gated()).build(),
                textAndAudio(Fusion.intermediate().width(8).selfAttention(2, 1)).build(),
                textAndAudio(Fusion.late().weighted(1, 2)).build(),
                textAndAudio(Fusion.late().standardised().productOfExperts()).build(),
                textAndAudio(Fusion.late().stacker()).seed(Long.MIN_VALUE).build());
        for (FusionSpec spec : specs) {
            FusionSpec read = FusionSpec.fromJson(spec.toJson());
            assertEquals(spec, read, spec.toJson());
            assertEquals(spec.hashCode(), read.hashCode());
            assertEquals(spec.toJson(), read.toJson());
        }
    }

    @Test
    void specsAreEqualWhenTheyBuildTheSameModel() {
        assertEquals(everySetting(), everySetting(), "trunks compare by type and settings");
        assertNotEquals(everySetting(), textAndAudio(Fusion.early()).build());
        assertNotEquals(textAndAudio(Fusion.early()).seed(1).build(), textAndAudio(Fusion.early()).seed(2).build());
        assertNotEquals(textAndAudio(Fusion.early()).build(), textAndAudio(Fusion.early()).modalityDropout(0.1).build());
    }

    @Test
    void theBuilderRecordsTheEncoderAndTheInputWidths() {
        FusionSpec spec = everySetting();
        assertEquals(java.util.Map.of(Modality.TEXT, "StubEncoder(4)"), spec.encoders());
        assertEquals(2, spec.schema().width(Modality.AUDIO), "the fusion sees the trunk's output");
        assertEquals(3, spec.inputSchema().width(Modality.AUDIO), "samples carry the trunk's input");
        assertEquals(java.util.Map.of(Modality.TEXT, 0.2, Modality.AUDIO, 0.5), spec.modalityDropout());
    }

    private static String readError(Consumer<JsonObject> edit) {
        JsonObject json = JsonParser.parseString(everySetting().toJson()).getAsJsonObject();
        edit.accept(json);
        return assertThrows(ModelFormatException.class, () -> FusionSpec.fromJson(json.toString())).getMessage();
    }

    private static JsonObject settings(JsonObject spec) {
        return spec.getAsJsonObject("fusion").getAsJsonObject("settings");
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    @Test
    void invalidJsonIsRefusedNamingTheMemberItsValueAndTheLimit() {
        assertMentions(assertThrows(ModelFormatException.class, () -> FusionSpec.fromJson("{")).getMessage(),
                "not valid JSON");
        assertMentions(assertThrows(ModelFormatException.class,
                () -> FusionSpec.fromJson("{\"seed\": 1, \"seed\": 2}")).getMessage(), "names 'seed' twice");
        assertMentions(readError(json -> settings(json).addProperty("heads", 3)), "spec.fusion.settings",
                "divide the width 8, got 3");
        assertMentions(readError(json -> settings(json).addProperty("width", 1e30)),
                "spec.fusion.settings.width is 1.0E30; allowed from 1 to " + FusionSpec.MAX_PARAMETERS);
        assertMentions(readError(json -> settings(json).addProperty("layers", 2.5)), "layers is 2.5, not an integer");
        assertMentions(readError(json -> settings(json).addProperty("layers", Integer.MAX_VALUE)),
                "layers is 2147483647; allowed from 1 to " + ReadLimits.MAX_SPEC_PARTS / 2,
                "each layer has 2 blocks");
        assertMentions(readError(json -> settings(json).addProperty("selfAttentionLayers", 1 << 20)),
                "selfAttentionLayers is 1048576; allowed from 0 to " + ReadLimits.MAX_SPEC_PARTS / 2);
        assertMentions(readError(json -> settings(json).addProperty("missing", "GUESS")),
                "missing is 'GUESS'; one of [LEARNED_NULL, ZERO]");
        assertMentions(readError(json -> json.getAsJsonObject("fusion").addProperty("type", "Magic")),
                "'Magic'; one of Early, Intermediate, Attention, Late");
        assertMentions(readError(json -> json.remove("seed")), "spec.seed is null, not a number");
        assertMentions(readError(json -> json.getAsJsonObject("modalityDropout").addProperty("audio", 1)),
                "modalityDropout.audio is 1.0; allowed from 0 to below 1");
        assertMentions(readError(json -> json.getAsJsonObject("modalityDropout").addProperty("image", 0.1)),
                "'image', which is not a modality");
        assertMentions(readError(json -> json.getAsJsonArray("modalities").get(0).getAsJsonObject()
                .addProperty("name", "no spaces")), "modalities[0].name", "invalid modality name");
    }

    @Test
    void combinationsTheBuilderRefusesAreRefusedWhenRead() {
        JsonObject late = JsonParser.parseString(textAndAudio(Fusion.late().mean()).build().toJson()).getAsJsonObject();
        JsonObject head = late.getAsJsonObject("head");
        head.addProperty("kind", "REGRESSION");
        String message = assertThrows(ModelFormatException.class, () -> FusionSpec.fromJson(late.toString()))
                .getMessage();
        assertMentions(message, "late fusion combines class probabilities", "Head.classification");
    }

    /** A spec saved before MulT's self-attention layers, residual block and budget existed. */
    @Test
    void attentionWithoutTheLaterSettingsReadsAsTheOperatorItWasTrainedWith() {
        JsonObject json = JsonParser.parseString(textAndAudio(Fusion.intermediate().width(8).crossAttention(2, 1))
                .build().toJson()).getAsJsonObject();
        settings(json).remove("selfAttentionLayers");
        settings(json).remove("residualBlock");
        settings(json).remove("attentionBudget");
        FusionStrategy.Attention read = (FusionStrategy.Attention) FusionSpec.fromJson(json.toString()).strategy();
        assertEquals(List.of(0, false, AttentionBudget.DEFAULT_BYTES),
                List.of(read.selfAttentionLayers(), read.residualBlock(), read.attentionBudget()));
    }

    @Test
    void theSpecOfAModalitysEncoderIsWrittenWithoutItsWeightsAndReadBack() {
        FusionSpec spec;
        try (OffsetEncoder text = OffsetEncoder.trained(0.5, 1, 2)) {
            spec = FusionSpec.builder().modality(Modality.TEXT, text).modality(Modality.AUDIO, 3)
                    .fusion(Fusion.early()).head(Head.classification("a", "b")).build();
        }
        JsonObject text = JsonParser.parseString(spec.toJson()).getAsJsonObject().getAsJsonArray("modalities").get(0)
                .getAsJsonObject();
        String sha = spec.encoderSpecs().get(Modality.TEXT).setting(dev.fusion4j.data.EncoderSpec.WEIGHTS_SHA256);
        assertEquals(JsonParser.parseString("{\"type\": \"test-offset\", \"settings\": {\"scale\": \"0.5\", "
                + "\"weightsSha256\": \"" + sha + "\", \"width\": \"2\"}}"), text.get("encoderSpec"));
        FusionSpec read = FusionSpec.fromJson(spec.toJson());
        assertEquals(spec, read);
        assertEquals(spec.encoderSpecs(), read.encoderSpecs());
        assertTrue(read.encoderSpecs().get(Modality.TEXT).weights().isEmpty());
        assertEquals(java.util.Map.of(), textAndAudio(Fusion.early()).build().encoderSpecs(), "widths record none");
        assertNotEquals(spec, FusionSpec.builder().modality(Modality.TEXT, 2).modality(Modality.AUDIO, 3)
                .fusion(Fusion.early()).head(Head.classification("a", "b")).build(), "the encoder is part of the spec");
        JsonObject badType = JsonParser.parseString(spec.toJson()).getAsJsonObject();
        badType.getAsJsonArray("modalities").get(0).getAsJsonObject().getAsJsonObject("encoderSpec")
                .addProperty("type", "Not A Type");
        assertMentions(assertThrows(ModelFormatException.class, () -> FusionSpec.fromJson(badType.toString()))
                .getMessage(), "spec.modalities[0].encoderSpec", "invalid encoder type 'Not A Type'");
    }
}
