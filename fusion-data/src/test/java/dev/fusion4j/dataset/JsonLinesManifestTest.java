package dev.fusion4j.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.Modality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonLinesManifestTest {
    private static final String GOOD = "{\"caption\": \"Hello, star\", \"wav\": \"a.wav\", \"label\": \"star\"}\n";

    @TempDir
    Path data;

    @BeforeEach
    void files() throws IOException {
        Files.write(data.resolve("a.wav"), new byte[] {1});
        Files.write(data.resolve("b.png"), new byte[] {2});
    }

    private Manifest mapped(String lines) throws IOException {
        Path file = Files.writeString(data.resolve("manifest.jsonl"), lines);
        return Manifest.jsonLines(file).text("caption").audio("wav").image("png").label("label");
    }

    @Test
    void keysMapToModalitiesAndNullAbsentOrBlankValuesAreMissing() throws IOException {
        RawDataset read = mapped(GOOD
                + "{\"caption\": null, \"png\": \"b.png\", \"wav\": \"  \", \"label\": 3}\n"
                + "\n"
                + "{\"caption\": \"only text\", \"label\": \"moon\", \"extra\": {\"unmapped\": [1, 2]}}\n").read();

        assertEquals(List.of("3", "moon", "star"), read.classes());
        RawSample first = read.samples().get(0);
        assertEquals("manifest.jsonl:1", first.id());
        assertEquals(Map.of(Modality.TEXT, "Hello, star"), first.texts());
        assertEquals(Map.of(Modality.AUDIO, data.resolve("a.wav").toAbsolutePath()), first.files());
        RawSample second = read.samples().get(1);
        assertEquals(Map.of(), second.texts());
        assertEquals(Map.of(Modality.IMAGE, data.resolve("b.png").toAbsolutePath()), second.files());
        assertEquals("3", second.label());
        RawSample third = read.samples().get(2);
        assertEquals("manifest.jsonl:4", third.id(), "blank lines count");
        assertEquals(Map.of(Modality.TEXT, "only text"), third.texts());
    }

    /** A bad second line between two good ones, and what the error says about it. */
    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("truncated", "{\"caption\": \"x\",\n", "malformed JSON"),
                Arguments.of("unquoted key", "{caption: \"x\", \"label\": \"a\"}\n", "malformed JSON"),
                Arguments.of("text after the object", "{\"caption\": \"x\", \"label\": \"a\"} {}\n",
                        "malformed JSON: text after the object"),
                Arguments.of("not an object", "[\"x\", \"a\"]\n", "not a JSON object"),
                Arguments.of("key twice", "{\"caption\": \"x\", \"caption\": \"y\", \"label\": \"a\"}\n",
                        "key 'caption' appears twice"),
                Arguments.of("array value", "{\"caption\": [\"x\"], \"label\": \"a\"}\n",
                        "column 'caption' holds an array"),
                Arguments.of("missing label", "{\"caption\": \"x\"}\n", "no label: column 'label' is empty"),
                Arguments.of("missing file", "{\"wav\": \"gone.wav\", \"label\": \"a\"}\n",
                        "column 'wav': file 'gone.wav' does not exist"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void aBadLineThrowsNamingFileAndLine(String kind, String badLine, String reason) throws IOException {
        Manifest manifest = mapped(GOOD + badLine + GOOD + "{\"png\": \"b.png\", \"label\": \"moon\"}\n");

        ManifestException e = assertThrows(ManifestException.class, manifest::read);

        assertTrue(e.getMessage().startsWith(data.resolve("manifest.jsonl") + " line 2: " + reason), e.getMessage());
        assertEquals(2, e.line());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void aBadLineIsSkippedAndListedWhenAsked(String kind, String badLine, String reason) throws IOException {
        RawDataset read = mapped(GOOD + badLine + GOOD + "{\"png\": \"b.png\", \"label\": \"moon\"}\n")
                .skipBadRows().read();

        assertEquals(List.of("manifest.jsonl:1", "manifest.jsonl:3", "manifest.jsonl:4"),
                read.samples().stream().map(RawSample::id).toList());
        assertEquals(1, read.skipped().size());
        assertEquals(2, read.skipped().get(0).line());
        assertTrue(read.skipped().get(0).reason().startsWith(reason), read.skipped().get(0).reason());
    }

    @Test
    void aMappedKeyThatNoLineHasThrowsEvenWhenSkipping() throws IOException {
        Manifest manifest = mapped(GOOD + "{\"png\": \"b.png\", \"label\": \"moon\"}\n").image("image").skipBadRows();

        ManifestException e = assertThrows(ManifestException.class, manifest::read);

        assertEquals(data.resolve("manifest.jsonl") + ": no line has the key [image]; the keys found are "
                + "[caption, label, png, wav]", e.getMessage());
        assertEquals(0, e.line());
    }
}
