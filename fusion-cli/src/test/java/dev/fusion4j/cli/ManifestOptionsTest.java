package dev.fusion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.Modality;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Which modalities a manifest gives: renamed columns, a column the header lacks, a column with no value. */
class ManifestOptionsTest {
    private static final List<Modality> ALL = List.of(Modality.TEXT, Modality.AUDIO, Modality.IMAGE);

    private final StringWriter notes = new StringWriter();

    private ManifestOptions.Rows read(Path manifest, String... options) {
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs(concat(manifest, options));
        return train.manifest.read(ALL, true, new PrintWriter(notes, true));
    }

    private static String[] concat(Path manifest, String... options) {
        String[] args = new String[options.length + 3];
        args[0] = manifest.toString();
        args[1] = "-o";
        args[2] = "unused";
        System.arraycopy(options, 0, args, 3, options.length);
        return args;
    }

    @Test
    void aColumnTheHeaderLacksAndAColumnWithNoValueAreLeftOutWithANote(@TempDir Path dir) throws IOException {
        Path manifest = Files.writeString(dir.resolve("m.csv"),
                "id,label,caption,image\na,x,\"red, round\",\nb,y,blue square,\n");
        ManifestOptions.Rows rows = read(manifest, "--text-column", "caption");
        assertEquals(List.of(Modality.TEXT), rows.modalities());
        assertEquals(List.of("a", "b"), rows.data().samples().stream().map(r -> r.id()).toList());
        assertEquals("red, round", rows.data().samples().get(0).text(Modality.TEXT).orElseThrow());
        assertTrue(notes.toString().contains("has no column 'audio', so no audio"), notes.toString());
        assertTrue(notes.toString().contains("no row of " + manifest + " has a value in column 'image', so no image"),
                notes.toString());
    }

    @Test
    void withoutAnIdColumnTheIdIsFileAndLine(@TempDir Path dir) throws IOException {
        Path manifest = Files.writeString(dir.resolve("m.csv"), "label,text\nx,one\ny,two\n");
        assertEquals(List.of("m.csv:2", "m.csv:3"),
                read(manifest).data().samples().stream().map(r -> r.id()).toList());
    }
}
