package dev.fusion4j.cli;

import dev.fusion4j.data.Modality;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/** Reads text, audio or image as a {@link Modality}. */
final class ModalityConverter implements CommandLine.ITypeConverter<Modality> {
    private static final List<Modality> KNOWN = List.of(Modality.TEXT, Modality.AUDIO, Modality.IMAGE);

    @Override
    public Modality convert(String value) {
        return KNOWN.stream().filter(m -> m.name().equals(value.strip().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new CommandLine.TypeConversionException("'" + value
                        + "' is not a modality; choose text, audio or image"));
    }
}
