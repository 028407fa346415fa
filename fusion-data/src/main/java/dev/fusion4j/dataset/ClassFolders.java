package dev.fusion4j.dataset;

import dev.fusion4j.data.Modality;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a folder-per-class layout, {@code root/<class>/<files>}, into {@link RawSample}s labelled
 * with their folder's name:
 *
 * <pre>{@code
 * RawDataset data = ClassFolders.of(Path.of("my-data")).read();
 * }</pre>
 *
 * <p>A file's extension decides its modality: {@code .txt} text (its UTF-8 content, at most
 * {@value #MAX_TEXT_BYTES} bytes), {@code .wav} audio, {@code .png .jpg .jpeg .bmp .gif} image (any
 * case). Files sharing a base name within a class folder form one sample, whose id is
 * {@code class/base-name}. Files directly under the root, nested folders and names starting with a
 * dot are not read. A file of another extension, two files of one modality with the same base name
 * ({@code a.png}, {@code a.jpg}), an unreadable text file or a sample whose only text is blank is a
 * bad row: {@link ManifestException} naming the file, or with {@link #skipBadRows()} listed in
 * {@link RawDataset#skipped()} (an unsupported file alone; its siblings still form their sample).
 */
public final class ClassFolders {
    /** The largest {@code .txt} file read. */
    public static final int MAX_TEXT_BYTES = 1 << 20;

    private static final Map<String, Modality> MODALITIES = Map.of(
            "txt", Modality.TEXT, "wav", Modality.AUDIO,
            "png", Modality.IMAGE, "jpg", Modality.IMAGE, "jpeg", Modality.IMAGE,
            "bmp", Modality.IMAGE, "gif", Modality.IMAGE);

    private final Path root;
    private boolean skipBadRows;

    private ClassFolders(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The layout under {@code root}. */
    public static ClassFolders of(Path root) {
        return new ClassFolders(root);
    }

    /** Leaves bad files out and lists them in {@link RawDataset#skipped()} instead of throwing. */
    public ClassFolders skipBadRows() {
        skipBadRows = true;
        return this;
    }

    /**
     * Reads every class folder, classes and base names in sorted order.
     *
     * @throws ManifestException if the root is not a folder or has no class folder, for a bad file
     *                           (unless skipped), or if a folder cannot be listed
     */
    public RawDataset read() {
        if (!Files.isDirectory(root)) {
            throw new ManifestException(root, 0, "is not a folder");
        }
        List<Path> classFolders = visible(root).stream().filter(Files::isDirectory).toList();
        if (classFolders.isEmpty()) {
            throw new ManifestException(root, 0, "has no class folder; put each class's files in root/<class>/");
        }
        RowCollector rows = new RowCollector(skipBadRows);
        for (Path folder : classFolders) {
            Map<String, List<Path>> byBaseName = new TreeMap<>();
            for (Path file : visible(folder).stream().filter(Files::isRegularFile).toList()) {
                if (modalityOf(file) == null) {
                    rows.reject(file, 0, "unsupported extension; use .txt (text), .wav (audio) or "
                            + ".png, .jpg, .jpeg, .bmp, .gif (image)");
                } else {
                    byBaseName.computeIfAbsent(baseName(file), name -> new ArrayList<>()).add(file);
                }
            }
            String label = folder.getFileName().toString();
            byBaseName.forEach((base, files) -> rows.add(files.get(0), 0, () -> sample(label, base, files)));
        }
        return rows.finish();
    }

    private static RawSample sample(String label, String base, List<Path> files) {
        Map<Modality, String> texts = new LinkedHashMap<>();
        Map<Modality, Path> paths = new LinkedHashMap<>();
        Map<Modality, Path> seen = new LinkedHashMap<>();
        for (Path file : files) {
            Modality modality = modalityOf(file);
            Path earlier = seen.put(modality, file);
            if (earlier != null) {
                throw new BadRow("two " + modality + " files share the base name '" + base + "': "
                        + earlier.getFileName() + ", " + file.getFileName());
            }
            if (modality.equals(Modality.TEXT)) {
                String text = readText(file);
                if (!text.isBlank()) {
                    texts.put(modality, text.strip());
                }
            } else {
                paths.put(modality, file.toAbsolutePath().normalize());
            }
        }
        if (texts.isEmpty() && paths.isEmpty()) {
            throw new BadRow("no modality: the only file is blank text");
        }
        return new RawSample(label + "/" + base, texts, paths, label);
    }

    private static String readText(Path file) {
        try {
            if (Files.size(file) > MAX_TEXT_BYTES) {
                throw new BadRow("text file of " + Files.size(file) + " bytes, over the limit of " + MAX_TEXT_BYTES);
            }
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new BadRow("text file is not UTF-8");
        } catch (IOException e) {
            throw new BadRow("cannot read: " + e.getMessage());
        }
    }

    /** The entries of a folder not starting with a dot, sorted by name. */
    private static List<Path> visible(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new ManifestException(folder, 0, "cannot list: " + e.getMessage(), e);
        }
    }

    private static Modality modalityOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : MODALITIES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }
}
