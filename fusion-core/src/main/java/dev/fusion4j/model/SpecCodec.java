package dev.fusion4j.model;

import static dev.fusion4j.internal.io.StrictJson.array;
import static dev.fusion4j.internal.io.StrictJson.bool;
import static dev.fusion4j.internal.io.StrictJson.constant;
import static dev.fusion4j.internal.io.StrictJson.object;
import static dev.fusion4j.internal.io.StrictJson.string;
import static dev.fusion4j.internal.io.StrictJson.strings;
import dev.fusion4j.internal.io.JsonNumbers;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Modality;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * A {@link FusionSpec} as JSON, every setting written and read by its name:
 *
 * <pre>{@code
 * {"modalities": [{"name": "text", "width": 384, "encoder": "BertTextEncoder(384)",
 *                  "encoderSpec": {"type": "bert-text", "settings": {"pooling": "MEAN", ...}}},
 *                 {"name": "image", "width": 512, "trunk": {"type": "resnet", "settings": {...}}}],
 *  "fusion": {"type": "Attention", "settings": {"cross": true, "width": 32, "heads": 4, ...}},
 *  "head": {"kind": "CLASSIFICATION", "names": ["neg", "pos"], "outputs": 2},
 *  "modalityDropout": {"text": 0.3, "image": 0.3},
 *  "seed": 42}
 * }</pre>
 *
 * A modality's {@code width} is what the fusion operator sees (a trunk's output width). Reading
 * checks each number against {@link ReadLimits} before anything is made from it, then builds the
 * spec through {@link FusionSpec.Builder}, so a spec read is as valid as one built. Members other
 * than these are ignored (model files of format version 2 keep more in the same object); a
 * modality's {@code encoder} and {@code encoderSpec} are optional (specs written before encoder
 * specs existed have none).
 */
final class SpecCodec {
    /** The most modalities a spec read may have. */
    static final int MAX_MODALITIES = 256;

    private SpecCodec() {
    }

    static JsonObject write(FusionSpec spec) {
        JsonObject json = new JsonObject();
        JsonArray modalities = new JsonArray();
        for (Modality modality : spec.schema().modalities()) {
            JsonObject m = new JsonObject();
            m.addProperty("name", modality.name());
            m.addProperty("width", spec.schema().width(modality));
            String encoder = spec.encoders().get(modality);
            if (encoder != null) {
                m.addProperty("encoder", encoder);
            }
            EncoderSpec encoderSpec = spec.encoderSpecs().get(modality);
            if (encoderSpec != null) {
                m.add("encoderSpec", typed(encoderSpec.type(), encoderSpec.settings()));
            }
            Trunk trunk = spec.trunks().get(modality);
            if (trunk != null) {
                m.add("trunk", typed(trunk.type(), trunk.settings()));
            }
            modalities.add(m);
        }
        json.add("modalities", modalities);
        JsonObject fusion = new JsonObject();
        fusion.addProperty("type", spec.strategy().getClass().getSimpleName());
        fusion.add("settings", settings(spec.strategy()));
        json.add("fusion", fusion);
        JsonObject head = new JsonObject();
        head.addProperty("kind", spec.head().kind().name());
        JsonArray names = new JsonArray();
        spec.head().names().forEach(names::add);
        head.add("names", names);
        head.addProperty("outputs", spec.head().outputs());
        json.add("head", head);
        JsonObject dropout = new JsonObject();
        spec.modalityDropout().forEach((m, p) -> dropout.addProperty(m.name(), p));
        json.add("modalityDropout", dropout);
        json.addProperty("seed", spec.seed());
        return json;
    }

    /** {@code {"type": type, "settings": {name: value, ...}}}: a trunk or an encoder. */
    private static JsonObject typed(String type, Map<String, String> settings) {
        JsonObject json = new JsonObject();
        json.addProperty("type", type);
        JsonObject values = new JsonObject();
        settings.forEach(values::addProperty);
        json.add("settings", values);
        return json;
    }

    private static JsonObject settings(FusionStrategy strategy) {
        JsonObject json = new JsonObject();
        if (strategy instanceof FusionStrategy.Early s) {
            json.addProperty("standardise", s.standardise());
            json.addProperty("missing", s.missing().name());
        } else if (strategy instanceof FusionStrategy.Intermediate s) {
            json.addProperty("combine", s.combine().name());
            json.addProperty("width", s.width());
            json.addProperty("dropout", s.dropout());
            json.addProperty("missing", s.missing().name());
            json.addProperty("rank", s.rank());
            json.addProperty("outputWidth", s.outputWidth());
            JsonArray hidden = new JsonArray();
            s.hidden().forEach(hidden::add);
            json.add("hidden", hidden);
        } else if (strategy instanceof FusionStrategy.Attention s) {
            json.addProperty("cross", s.cross());
            json.addProperty("width", s.width());
            json.addProperty("heads", s.heads());
            json.addProperty("layers", s.layers());
            json.addProperty("dropout", s.dropout());
            json.addProperty("missing", s.missing().name());
            json.addProperty("selfAttentionLayers", s.selfAttentionLayers());
            json.addProperty("residualBlock", s.residualBlock());
            json.addProperty("attentionBudget", s.attentionBudget());
        } else {
            FusionStrategy.Late s = (FusionStrategy.Late) strategy;
            json.addProperty("rule", s.rule().name());
            JsonArray weights = new JsonArray();
            s.weights().forEach(weights::add);
            json.add("weights", weights);
            json.addProperty("standardise", s.standardise());
        }
        return json;
    }

    /**
     * @param where the file and member for messages
     * @throws ModelFormatException naming the member, its value and its bounds, or the setting
     *     that makes the spec invalid
     */
    static FusionSpec read(JsonObject json, String where, ReadLimits limits) {
        FusionSpec.Builder builder = FusionSpec.builder();
        JsonArray modalities = array(json, "modalities", where);
        JsonNumbers.within(modalities.size(), where + ": number of modalities", 1, MAX_MODALITIES, "");
        for (int i = 0; i < modalities.size(); i++) {
            String at = where + ".modalities[" + i + "]";
            JsonObject m = object(modalities.get(i), at);
            Modality modality = valid(() -> Modality.of(string(m, "name", at)), at + ".name");
            int width = limits.size(m.get("width"), at + ".width", 1);
            if (m.has("trunk")) {
                Trunk trunk = trunk(object(m, "trunk", at), at + ".trunk");
                if (trunk.outputWidth() != width) {
                    throw new ModelFormatException(at + ": the " + trunk.type() + " trunk of '" + modality
                            + "' outputs " + trunk.outputWidth() + " values, but the spec declares width " + width);
                }
                valid(() -> builder.modality(modality, trunk), at);
            } else {
                valid(() -> builder.modality(modality, width), at);
            }
            if (m.has("encoder")) {
                builder.encoder(modality, string(m, "encoder", at));
            }
            if (m.has("encoderSpec")) {
                builder.encoderSpec(modality, encoderSpec(m, at));
            }
        }
        String fusion = where + ".fusion";
        builder.fusion(strategy(object(json, "fusion", where), fusion, modalities.size(), limits));
        builder.head(head(object(json, "head", where), where + ".head", limits));
        for (Map.Entry<String, JsonElement> e : object(json, "modalityDropout", where).entrySet()) {
            String at = where + ".modalityDropout." + e.getKey();
            double probability = JsonNumbers.fraction(JsonNumbers.finite(e.getValue(), at), at);
            valid(() -> builder.modalityDropout(Modality.of(e.getKey()), probability), at);
        }
        builder.seed(JsonNumbers.integer(json.get("seed"), where + ".seed", Long.MIN_VALUE, Long.MAX_VALUE, ""));
        return valid(builder::build, where);
    }

    private static FusionStrategy strategy(JsonObject json, String where, int modalities, ReadLimits limits) {
        String type = string(json, "type", where);
        String at = where + ".settings";
        JsonObject s = object(json, "settings", where);
        return switch (type) {
            case "Early" -> valid(() -> new FusionStrategy.Early(bool(s, "standardise", at),
                    constant(MissingModality.class, s, "missing", at)), at);
            case "Intermediate" -> intermediate(s, at, limits);
            case "Attention" -> attention(s, at, modalities, limits);
            case "Late" -> late(s, at, modalities);
            default -> throw new ModelFormatException(where + ".type is '" + type
                    + "'; one of Early, Intermediate, Attention, Late");
        };
    }

    private static FusionStrategy intermediate(JsonObject s, String at, ReadLimits limits) {
        FusionStrategy.Combine combine = constant(FusionStrategy.Combine.class, s, "combine", at);
        int width = limits.size(s.get("width"), at + ".width", 1);
        float dropout = dropout(s, at);
        MissingModality missing = constant(MissingModality.class, s, "missing", at);
        int rank = limits.size(s.get("rank"), at + ".rank", 0);
        int outputWidth = limits.size(s.get("outputWidth"), at + ".outputWidth", 0);
        JsonArray hiddenJson = array(s, "hidden", at);
        limits.partCount(hiddenJson.size(), at + ".hidden count");
        List<Integer> hidden = new ArrayList<>();
        for (int i = 0; i < hiddenJson.size(); i++) {
            hidden.add(limits.size(hiddenJson.get(i), at + ".hidden[" + i + "]", 1));
        }
        return valid(() -> new FusionStrategy.Intermediate(combine, width, dropout, missing, rank, outputWidth, hidden),
                at);
    }

    /**
     * Attention settings; a file saved before {@code selfAttentionLayers}, {@code residualBlock}
     * and {@code attentionBudget} existed lacks them: 0, false and the default budget.
     */
    private static FusionStrategy attention(JsonObject s, String at, int modalities, ReadLimits limits) {
        boolean cross = bool(s, "cross", at);
        int width = limits.size(s.get("width"), at + ".width", 1);
        int heads = (int) JsonNumbers.integer(s.get("heads"), at + ".heads", 1, width, "the width");
        long blocksPerLayer = cross ? (long) modalities * (modalities - 1) : 1;
        int layers = limits.layers(s.get("layers"), at + ".layers", 1, Math.max(1, blocksPerLayer));
        float dropout = dropout(s, at);
        MissingModality missing = constant(MissingModality.class, s, "missing", at);
        int selfAttentionLayers = s.has("selfAttentionLayers")
                ? limits.layers(s.get("selfAttentionLayers"), at + ".selfAttentionLayers", 0, Math.max(1, modalities))
                : 0;
        boolean residualBlock = s.has("residualBlock") && bool(s, "residualBlock", at);
        long budget = s.has("attentionBudget")
                ? JsonNumbers.integer(s.get("attentionBudget"), at + ".attentionBudget", 0, Long.MAX_VALUE, "")
                : 0;
        return valid(() -> new FusionStrategy.Attention(cross, width, heads, layers, dropout, missing,
                selfAttentionLayers, residualBlock, budget), at);
    }

    /** Late settings; a file saved before {@code standardise} existed lacks it: raw features. */
    private static FusionStrategy late(JsonObject s, String at, int modalities) {
        FusionStrategy.Rule rule = constant(FusionStrategy.Rule.class, s, "rule", at);
        JsonArray weightsJson = array(s, "weights", at);
        JsonNumbers.within(weightsJson.size(), at + ".weights count", 0, modalities, "one per modality");
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < weightsJson.size(); i++) {
            weights.add(JsonNumbers.finite(weightsJson.get(i), at + ".weights[" + i + "]"));
        }
        boolean standardise = s.has("standardise") && bool(s, "standardise", at);
        return valid(() -> new FusionStrategy.Late(rule, weights, standardise), at);
    }

    private static float dropout(JsonObject s, String at) {
        return (float) JsonNumbers.fraction(JsonNumbers.finite(s.get("dropout"), at + ".dropout"), at + ".dropout");
    }

    private static Head head(JsonObject json, String where, ReadLimits limits) {
        Head.Kind kind = constant(Head.Kind.class, json, "kind", where);
        JsonArray namesJson = array(json, "names", where);
        limits.sizeCount(namesJson.size(), where + ".names count");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < namesJson.size(); i++) {
            names.add(string(namesJson.get(i), where + ".names[" + i + "]"));
        }
        int outputs = limits.size(json.get("outputs"), where + ".outputs", 0);
        return valid(() -> Head.of(kind, names, outputs), where);
    }

    /**
     * The {@code encoderSpec} member of a modality.
     *
     * @throws ModelFormatException if it is not a valid encoder spec
     */
    static EncoderSpec encoderSpec(JsonObject modality, String where) {
        String at = where + ".encoderSpec";
        JsonObject json = object(modality, "encoderSpec", where);
        return valid(() -> EncoderSpec.of(string(json, "type", at), strings(json, "settings", at)), at);
    }

    /** Recreates a trunk with the {@link TrunkFactory} of its type found on the class path. */
    private static Trunk trunk(JsonObject json, String where) {
        String type = string(json, "type", where);
        Map<String, String> settings = strings(json, "settings", where);
        for (TrunkFactory factory : ServiceLoader.load(TrunkFactory.class)) {
            if (factory.type().equals(type)) {
                return valid(() -> factory.create(settings), where + ".settings");
            }
        }
        throw new ModelFormatException(where + ": no TrunkFactory for the '" + type + "' trunk is on the class path "
                + "(the 'resnet' trunk comes with fusion-image)");
    }

    /** The value {@code make} makes, its {@link IllegalArgumentException} a format error at {@code where}. */
    private static <T> T valid(Supplier<T> make, String where) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(where + ": " + e.getMessage(), e);
        }
    }
}
