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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassFoldersTest {
    @TempDir
    Path root;

    @BeforeEach
    void layout() throws IOException {
        write("cat/001.txt", "  a cat on a mat\n");
        write("cat/001.PNG", "png");
        write("cat/002.wav", "wav");
        write("cat/.DS_Store", "ignored");
        write("dog/only.jpeg", "jpeg");
        write("README.md", "files at the root are not read");
        write(".hidden/x.png", "hidden folders are not read");
        write("cat/nested/003.png", "nested folders are not read");
    }

    private void write(String name, String content) throws IOException {
        Files.createDirectories(root.resolve(name).getParent());
        Files.writeString(root.resolve(name), content);
    }

    private List<String> ids(RawDataset read) {
        return read.samples().stream().map(RawSample::id).toList();
    }

    @Test
    void filesSharingABaseNameFormOneSampleLabelledByTheirFolder() {
        RawDataset read = ClassFolders.of(root).read();

        assertEquals(List.of("cat", "dog"), read.classes());
        assertEquals(List.of("cat/001", "cat/002", "dog/only"), ids(read));
        RawSample first = read.samples().get(0);
        assertEquals(Map.of(Modality.TEXT, "a cat on a mat"), first.texts());
        assertEquals(Map.of(Modality.IMAGE, root.resolve("cat/001.PNG").toAbsolutePath()), first.files());
        assertEquals("cat", first.label());
        assertEquals(Map.of(Modality.AUDIO, root.resolve("cat/002.wav").toAbsolutePath()),
                read.samples().get(1).files());
        RawSample single = read.samples().get(2);
        assertEquals("dog", single.label(), "a class of one file");
        assertEquals(Map.of(Modality.IMAGE, root.resolve("dog/only.jpeg").toAbsolutePath()), single.files());
    }

    @Test
    void anUnsupportedFileThrowsOrIsSkippedAloneItsSiblingsKept() throws IOException {
        write("cat/001.json", "{}");
        Path bad = root.resolve("cat/001.json");

        ManifestException e = assertThrows(ManifestException.class, () -> ClassFolders.of(root).read());
        assertTrue(e.getMessage().startsWith(bad + ": unsupported extension"), e.getMessage());
        assertEquals(bad, e.file());

        RawDataset read = ClassFolders.of(root).skipBadRows().read();
        assertEquals(List.of("cat/001", "cat/002", "dog/only"), ids(read));
        assertEquals(1, read.skipped().size());
        assertEquals(bad, read.skipped().get(0).file());
        assertEquals(0, read.skipped().get(0).line());
    }

    @Test
    void twoFilesOfOneModalityWithOneBaseNameAreABadSample() throws IOException {
        write("dog/only.png", "png");

        ManifestException e = assertThrows(ManifestException.class, () -> ClassFolders.of(root).read());
        assertTrue(e.getMessage().endsWith(": two image files share the base name 'only': only.jpeg, only.png"),
                e.getMessage());

        RawDataset read = ClassFolders.of(root).skipBadRows().read();
        assertEquals(List.of("cat/001", "cat/002"), ids(read));
        assertEquals(List.of("cat"), read.classes(), "a class whose only sample was skipped is no class");
    }

    @Test
    void aSampleOfBlankTextOnlyOfTextThatIsNotUtf8OrOverTheLimitIsBad() throws IOException {
        write("dog/blank.txt", " \n ");
        Files.write(root.resolve("dog/latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        write("dog/long.txt", "x".repeat(ClassFolders.MAX_TEXT_BYTES + 1));

        RawDataset read = ClassFolders.of(root).skipBadRows().read();

        assertEquals(List.of("cat/001", "cat/002", "dog/only"), ids(read));
        assertEquals(List.of("no modality: the only file is blank text", "text file is not UTF-8",
                        "text file of 1048577 bytes, over the limit of 1048576"),
                read.skipped().stream().map(SkippedRow::reason).toList());
    }

    @Test
    void aRootThatIsNoFolderOrHoldsNoClassFolderThrows() throws IOException {
        Path file = root.resolve("README.md");
        assertEquals(file + ": is not a folder",
                assertThrows(ManifestException.class, () -> ClassFolders.of(file).read()).getMessage());
        Path flat = Files.createDirectories(root.resolve("cat/nested"));
        assertTrue(assertThrows(ManifestException.class, () -> ClassFolders.of(flat).read()).getMessage()
                .endsWith("has no class folder; put each class's files in root/<class>/"));
    }
}
