package dev.fusion4j.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.Modality;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

class ManifestTest {
    private static final String HEADER = "id,caption,wav,png,label\n";

    @TempDir
    Path temp;
    private Path data;

    @BeforeEach
    void files() throws IOException {
        data = Files.createDirectories(temp.resolve("data"));
        for (String name : List.of("audio/a1.wav", "audio/a3.wav", "img/a1.png", "img/a2.png")) {
            Files.createDirectories(data.resolve(name).getParent());
            Files.write(data.resolve(name), new byte[] {1, 2, 3});
        }
    }

    private Path manifest(String text) throws IOException {
        return Files.writeString(data.resolve("manifest.csv"), text, StandardCharsets.UTF_8);
    }

    private static Manifest mapped(Path file) {
        return Manifest.csv(file).text("caption").audio("wav").image("png").label("label");
    }

    @Test
    void quotedCommasHeaderNamedColumnsRelativePathsAndEmptyCells() throws IOException {
        Path file = manifest("label,png,wav,caption\n"
                + "star,img/a1.png,audio/a1.wav,\"Hello, shiny star\"\n"
                + "moon,img/a2.png,,plain words\n"
                + "moon,,audio/a3.wav,\n");

        RawDataset read = mapped(file).read();

        assertEquals(List.of("moon", "star"), read.classes());
        assertEquals(List.of(), read.skipped());
        RawSample first = read.samples().get(0);
        assertEquals("manifest.csv:2", first.id());
        assertEquals(Map.of(Modality.TEXT, "Hello, shiny star"), first.texts());
        assertEquals(Map.of(Modality.AUDIO, data.resolve("audio/a1.wav").toAbsolutePath(),
                Modality.IMAGE, data.resolve("img/a1.png").toAbsolutePath()), first.files());
        assertEquals("star", first.label());
        RawSample second = read.samples().get(1);
        assertEquals(Map.of(Modality.TEXT, "plain words"), second.texts());
        assertEquals(Map.of(Modality.IMAGE, data.resolve("img/a2.png").toAbsolutePath()), second.files());
        RawSample third = read.samples().get(2);
        assertEquals(Map.of(), third.texts());
        assertEquals(java.util.Set.of(Modality.AUDIO), third.modalities());
        assertEquals(1, read.classIndex("star"));
    }

    @Test
    void pathsResolveAgainstTheManifestFolderNotTheWorkingDirectory() throws IOException {
        Path elsewhere = Files.write(temp.resolve("elsewhere.wav"), new byte[] {9});
        Path file = manifest("caption,wav,label\nup,../elsewhere.wav,a\nabsolute," + elsewhere.toAbsolutePath() + ",a\n");

        List<RawSample> samples = Manifest.csv(file).text("caption").audio("wav").label("label").read().samples();

        assertEquals(elsewhere.toAbsolutePath(), samples.get(0).file(Modality.AUDIO).orElseThrow());
        assertEquals(elsewhere.toAbsolutePath(), samples.get(1).file(Modality.AUDIO).orElseThrow());
    }

    @Test
    void idColumnByteOrderMarkMultiLineCaptionsAndCustomModalities() throws IOException {
        Path file = manifest("\uFEFFname,notes,caption,wav\n"
                + "first,\"two\nlines\",x,audio/a1.wav\n"
                + ",third line,y,\n");

        RawDataset read = Manifest.csv(file).text(Modality.of("notes"), "notes").text("caption")
                .file(Modality.of("sound"), "wav").id("name").read();

        assertEquals("first", read.samples().get(0).id());
        assertEquals("two\nlines", read.samples().get(0).text(Modality.of("notes")).orElseThrow());
        assertEquals(data.resolve("audio/a1.wav").toAbsolutePath(),
                read.samples().get(0).file(Modality.of("sound")).orElseThrow());
        assertEquals("manifest.csv:4", read.samples().get(1).id(), "an empty id cell: file and line");
        assertEquals(null, read.samples().get(1).label(), "no label column: unlabelled");
        assertEquals(List.of(), read.classes());
    }

    @Test
    void emptyHeaderNamesFromTrailingCommasAreAllowed() throws IOException {
        Path file = manifest("caption,wav,label,,\nok,audio/a1.wav,star,,\n");

        RawDataset read = Manifest.csv(file).text("caption").audio("wav").label("label").read();

        assertEquals(List.of("star"), read.classes());
        assertEquals(1, read.samples().size());
    }

    @Test
    void aLaterMappingOfAModalityReplacesTheEarlierOne() throws IOException {
        Path file = manifest(HEADER + "a1,audio/a1.wav,audio/a1.wav,,x\n");

        RawSample sample = Manifest.csv(file).audio("wav").text(Modality.AUDIO, "caption").read().samples().get(0);

        assertEquals(Map.of(Modality.AUDIO, "audio/a1.wav"), sample.texts());
        assertEquals(Map.of(), sample.files());
    }

    /** A bad third line between two good ones, and what the error says about it. */
    static Stream<Arguments> badRows() {
        return Stream.of(
                Arguments.of("wrong cell count", "a2,words,audio/a3.wav\n", "has 3 cells, the header has 5"),
                Arguments.of("too many cells", "a2,words,,,moon,extra\n", "has 6 cells, the header has 5"),
                Arguments.of("missing label", "a2,words,audio/a3.wav,img/a2.png,\n",
                        "no label: column 'label' is empty"),
                Arguments.of("missing file", "a2,words,audio/nope.wav,,moon\n",
                        "column 'wav': file 'audio/nope.wav' does not exist"),
                Arguments.of("a folder for a file", "a2,words,audio,,moon\n",
                        "column 'wav': file 'audio' is not a regular file"),
                Arguments.of("no modality", "a2,,,,moon\n",
                        "no modality: column(s) 'caption', 'wav', 'png' empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRows")
    void aBadRowThrowsNamingFileAndLine(String kind, String badRow, String reason) throws IOException {
        Path file = manifest(HEADER + "a1,ok,audio/a1.wav,,star\n" + badRow + "a3,fine,,,moon\n");

        ManifestException e = assertThrows(ManifestException.class, () -> mapped(file).id("id").read());

        assertTrue(e.getMessage().startsWith(file + " line 3: " + reason), e.getMessage());
        assertEquals(file, e.file());
        assertEquals(3, e.line());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRows")
    void aBadRowIsSkippedAndListedWhenAsked(String kind, String badRow, String reason) throws IOException {
        Path file = manifest(HEADER + "a1,ok,audio/a1.wav,,star\n" + badRow + "a3,fine,,,moon\n");

        RawDataset read = mapped(file).id("id").skipBadRows().read();

        assertEquals(List.of("a1", "a3"), read.samples().stream().map(RawSample::id).toList());
        assertEquals(1, read.skipped().size());
        SkippedRow skipped = read.skipped().get(0);
        assertEquals(file, skipped.file());
        assertEquals(3, skipped.line());
        assertTrue(skipped.reason().startsWith(reason), skipped.reason());
        assertTrue(skipped.toString().startsWith(file + " line 3: "), skipped.toString());
    }

    @Test
    void aBadRowAfterAMultiLineCaptionIsNamedByItsOwnLine() throws IOException {
        Path file = manifest(HEADER + "a1,\"one\ntwo\nthree\",,,star\n\na2,,,,moon\n");

        ManifestException e = assertThrows(ManifestException.class, () -> mapped(file).read());

        assertEquals(6, e.line(), e.getMessage());
    }

    @Test
    void aMappedColumnTheHeaderLacksThrowsEvenWhenSkipping() throws IOException {
        Path file = manifest(HEADER + "a1,ok,audio/a1.wav,,star\n");

        ManifestException e = assertThrows(ManifestException.class,
                () -> Manifest.csv(file).text("caption").audio("wavs").label("labels").skipBadRows().read());

        assertEquals(file + " line 1: no column [wavs, labels]; the header has [id, caption, wav, png, label]",
                e.getMessage());
    }

    @Test
    void unterminatedQuotingThrowsNamingTheLineItStarts() throws IOException {
        Path file = manifest(HEADER + "a1,ok,,,star\na2,\"never closed,,,moon\na3,x,,,moon\n");

        ManifestException e = assertThrows(ManifestException.class, () -> mapped(file).skipBadRows().read());

        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("malformed CSV"), e.getMessage());
    }

    @Test
    void duplicateHeaderNamesAnEmptyFileAndAMissingFileThrow() throws IOException {
        ManifestException duplicate = assertThrows(ManifestException.class,
                () -> mapped(manifest("caption,caption,wav,png,label\n")).read());
        assertEquals(1, duplicate.line());
        assertTrue(duplicate.getMessage().contains("bad header"), duplicate.getMessage());

        ManifestException empty = assertThrows(ManifestException.class, () -> mapped(manifest("")).read());
        assertTrue(empty.getMessage().endsWith("line 1: no header line; the first line names the columns"),
                empty.getMessage());

        Path missing = data.resolve("absent.csv");
        ManifestException absent = assertThrows(ManifestException.class, () -> mapped(missing).read());
        assertEquals(0, absent.line());
        assertTrue(absent.getMessage().startsWith(missing + ": cannot read"), absent.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8ThrowsInBothFormats() throws IOException {
        byte[] latin1 = "caption,label\ncaf\u00e9,x\n".getBytes(StandardCharsets.ISO_8859_1);
        Path csv = Files.write(data.resolve("latin1.csv"), latin1);
        Path jsonl = Files.write(data.resolve("latin1.jsonl"), latin1);

        for (Manifest manifest : List.of(Manifest.csv(csv), Manifest.jsonLines(jsonl))) {
            ManifestException e = assertThrows(ManifestException.class,
                    () -> manifest.text("caption").label("label").skipBadRows().read());
            assertTrue(e.getMessage().endsWith(": not UTF-8 text; save the manifest as UTF-8"), e.getMessage());
        }
    }

    @Test
    void aMappingWithoutModalityOrWithABlankColumnIsRefused() {
        Path file = data.resolve("manifest.csv");
        assertThrows(IllegalArgumentException.class, () -> Manifest.csv(file).label("label").read());
        assertThrows(IllegalArgumentException.class, () -> Manifest.csv(file).text(" "));
    }
}
