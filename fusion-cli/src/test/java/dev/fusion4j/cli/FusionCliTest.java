package dev.fusion4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fusion4j.data.RawInputs;
import dev.fusion4j.dataset.Manifest;
import dev.fusion4j.dataset.RawSample;
import dev.fusion4j.dataset.Split;
import dev.fusion4j.dataset.Splits;
import dev.fusion4j.examples.SampleFolder;
import dev.fusion4j.model.FusionPipeline;
import dev.fusion4j.model.Prediction;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end, in process, on the embedded demo data written as a user's folder
 * (WAVs, PNGs, a manifest whose captions hold quoted commas and where some rows lack their image).
 * Metrics and predictions are checked against the saved pipeline's own predictions through the API.
 */
class FusionCliTest {
    private static final int ROWS = 120;
    private static final long SEED = 7;
    private static final Pattern ACCURACY =
            Pattern.compile("accuracy (\\d\\.\\d{4}), macro-F1 \\d\\.\\d{4} on (\\d+) samples");

    private static Path dir;
    private static Path manifest;
    private static Path pipeline;
    private static Result trained;
    /** The saved pipeline's predictions for every row, through the API. */
    private static List<Prediction> expected;
    private static List<RawSample> rows;

    /** What a run of the command line returned and printed. */
    record Result(int code, String out, String err) {
    }

    static Result run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = FusionCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void trainOnTheDemoFolder(@TempDir Path temp) throws IOException {
        dir = temp;
        Path folder = SampleFolder.write(dir.resolve("data"), ROWS);
        manifest = withCommasAndGaps(folder.resolve("manifest.csv"));
        pipeline = dir.resolve("pipeline");
        trained = run("train", manifest, "-o", pipeline, "--image-size", 32, "--image-epochs", 2, "--epochs", 20,
                "--seed", SEED, "--no-progress");
        rows = Manifest.csv(manifest).id("id").label("label").text("text").audio("audio").image("image").read()
                .samples();
        try (FusionPipeline.Predictor predictor = FusionPipeline.load(pipeline).newPredictor()) {
            expected = predictor.predictAll(rows.stream().map(RawInputs::of).toList());
        }
    }

    /** The manifest rewritten: each caption gets ", as written" (so CSV quotes it); every 9th row loses its image. */
    private static Path withCommasAndGaps(Path original) throws IOException {
        Path rewritten = original.resolveSibling("manifest-quoted.csv");
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader in = Files.newBufferedReader(original); CSVParser parser = format.parse(in);
             CSVPrinter out = new CSVPrinter(Files.newBufferedWriter(rewritten), CSVFormat.DEFAULT)) {
            out.printRecord(parser.getHeaderNames());
            int line = 0;
            for (CSVRecord record : parser) {
                out.printRecord(record.get("id"), record.get("label"), record.get("text") + ", as written",
                        record.get("audio"), line++ % 9 == 4 ? "" : record.get("image"));
            }
        }
        return rewritten;
    }

    private static double accuracy(List<Prediction> predictions, List<RawSample> labelled) {
        long correct = IntStream.range(0, labelled.size())
                .filter(i -> predictions.get(i).label().equals(labelled.get(i).label())).count();
        return correct / (double) labelled.size();
    }

    /** The first "accuracy …, macro-F1 … on N samples" line of an output: accuracy and sample count. */
    private static String[] printedAccuracy(String out) {
        Matcher m = ACCURACY.matcher(out);
        assertTrue(m.find(), out);
        return new String[] {m.group(1), m.group(2)};
    }

    @Test
    void trainPrintsTheTestMetricsOfTheSavedPipelineAndEachModalityAlone() {
        assertEquals(ExitCode.OK, trained.code(), trained.err());
        assertTrue(Files.isRegularFile(pipeline.resolve("model.json")));
        Split<Integer> split = Splits.stratified(IntStream.range(0, rows.size()).boxed().toList(),
                i -> rows.get(i).label(), SEED).trainValidationTest(0.7, 0.15, 0.15);
        List<RawSample> test = split.test().stream().map(rows::get).toList();
        List<Prediction> onTest = split.test().stream().map(expected::get).toList();
        assertArrayEquals(new String[] {String.format(Locale.ROOT, "%.4f", accuracy(onTest, test)),
                Integer.toString(test.size())}, printedAccuracy(trained.out()));
        Matcher single = Pattern.compile(
                "\\| (\\w+) only \\| \\d+ \\| (\\d\\.\\d{4}) \\| \\d\\.\\d{4} \\| (\\d\\.\\d{4}) \\|")
                .matcher(trained.out());
        List<String> modalities = new ArrayList<>();
        List<String> notBeaten = new ArrayList<>();
        while (single.find()) {
            modalities.add(single.group(1));
            if (Double.parseDouble(single.group(3)) <= Double.parseDouble(single.group(2))) {
                notBeaten.add(single.group(1));
            }
        }
        assertEquals(List.of("text", "audio", "image"), modalities, trained.out());
        String verdict = notBeaten.isEmpty() ? "The fused model is more accurate than each modality alone."
                : "The fused model is not more accurate than " + notBeaten + " alone";
        assertTrue(trained.out().contains(verdict), trained.out());
    }

    @Test
    void evaluatePrintsTheMetricsTheModalityReportAndDrawsItsChart() throws IOException {
        Path chart = dir.resolve("charts/report.png");
        Result result = run("evaluate", "-p", pipeline, manifest, "--chart", chart, "--no-progress");
        assertEquals(ExitCode.OK, result.code(), result.err());
        assertArrayEquals(new String[] {String.format(Locale.ROOT, "%.4f", accuracy(expected, rows)),
                Integer.toString(rows.size())}, printedAccuracy(result.out()));
        assertTrue(result.out().contains("| actual \\ predicted |"), "the confusion matrix");
        assertTrue(result.out().contains("| macro avg |"), "the per-class report");
        assertTrue(result.out().contains("relative robustness"), "the modality report");
        BufferedImage png = ImageIO.read(chart.toFile());
        assertEquals(800, png.getWidth());
        assertEquals(500, png.getHeight());
    }

    @Test
    void predictWritesCsvThatParsesBackToThePipelinesOwnPredictions() throws IOException {
        Path csv = dir.resolve("predictions.csv");
        Result result = run("predict", "-p", pipeline, manifest, "-o", csv, "--no-progress");
        assertEquals(ExitCode.OK, result.code(), result.err());
        assertCsvHoldsThePipelinesPredictions(csv);
    }

    private static void assertCsvHoldsThePipelinesPredictions(Path csv) throws IOException {
        List<String> classes = FusionPipeline.load(pipeline).model().spec().head().names();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(Files.newBufferedReader(csv))) {
            List<String> header = new ArrayList<>(List.of("id", "label"));
            classes.forEach(c -> header.add("p_" + c));
            assertEquals(header, parser.getHeaderNames());
            List<CSVRecord> records = parser.getRecords();
            assertEquals(rows.size(), records.size());
            for (int i = 0; i < rows.size(); i++) {
                CSVRecord record = records.get(i);
                assertEquals(rows.get(i).id(), record.get("id"));
                assertEquals(expected.get(i).label(), record.get("label"));
                double[] p = classes.stream().mapToDouble(c -> Double.parseDouble(record.get("p_" + c))).toArray();
                assertArrayEquals(expected.get(i).probabilities(), p, 1e-6, "row " + i);
            }
        }
    }

    @Test
    void predictWritesJsonLinesThatParseBackToThePipelinesOwnPredictions() throws IOException {
        Path jsonl = dir.resolve("predictions.jsonl");
        Result result = run("predict", "-p", pipeline, manifest, "-o", jsonl, "--no-progress");
        assertEquals(ExitCode.OK, result.code(), result.err());
        List<String> classes = FusionPipeline.load(pipeline).model().spec().head().names();
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(rows.size(), lines.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonObject line = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            assertEquals(rows.get(i).id(), line.get("id").getAsString());
            assertEquals(expected.get(i).label(), line.get("label").getAsString());
            JsonObject probabilities = line.getAsJsonObject("probabilities");
            assertEquals(classes.size(), probabilities.size());
            double[] p = classes.stream().mapToDouble(c -> probabilities.get(c).getAsDouble()).toArray();
            assertArrayEquals(expected.get(i).probabilities(), p, 1e-6, "row " + i);
        }
    }

    /** A JSON Lines manifest of the first rows, paths relative to it, a missing image as null. */
    @Test
    void predictReadsAJsonLinesManifest() throws IOException {
        int count = 12;
        List<String> lines = new ArrayList<>();
        Path folder = manifest.getParent();
        for (RawSample row : rows.subList(0, count)) {
            JsonObject line = new JsonObject();
            line.addProperty("id", row.id());
            line.addProperty("text", row.texts().get(dev.fusion4j.data.Modality.TEXT));
            row.files().forEach((modality, file) -> line.addProperty(modality.name(),
                    folder.relativize(file).toString()));
            if (!line.has("image")) {
                line.add("image", com.google.gson.JsonNull.INSTANCE);
            }
            lines.add(line.toString());
        }
        Path jsonManifest = Files.write(folder.resolve("manifest.jsonl"), lines);
        Path csv = dir.resolve("from-json-lines.csv");
        Result result = run("predict", "-p", pipeline, jsonManifest, "-o", csv, "--no-progress");
        assertEquals(ExitCode.OK, result.code(), result.err());
        List<String> predicted = Files.readAllLines(csv);
        assertEquals(count + 1, predicted.size());
        for (int i = 0; i < count; i++) {
            assertTrue(predicted.get(i + 1).startsWith(rows.get(i).id() + "," + expected.get(i).label() + ","),
                    predicted.get(i + 1));
        }
    }

    /**
     * encode fills the cache with the pipeline's encoders: every present input of every row (120
     * captions, 120 clips, 107 images) is found or encoded (found when its content repeats an
     * earlier one: the demo's captions do); predict with the same cache then finds each and encodes none.
     */
    @Test
    void encodeFillsTheCacheThatPredictThenReads() throws IOException {
        Path cache = dir.resolve("cache");
        long inputs = rows.stream().mapToLong(r -> r.modalities().size()).sum();
        Result encoded = run("encode", manifest, "-p", pipeline, "--cache", cache, "--no-progress");
        assertEquals(ExitCode.OK, encoded.code(), encoded.err());
        Matcher stats = Pattern.compile("(\\d+) inputs found, (\\d+) encoded and stored").matcher(encoded.err());
        assertTrue(stats.find(), encoded.err());
        assertEquals(inputs, Long.parseLong(stats.group(1)) + Long.parseLong(stats.group(2)));
        assertTrue(Long.parseLong(stats.group(2)) > inputs / 2, "most inputs are distinct: " + encoded.err());
        Path csv = dir.resolve("cached-predictions.csv");
        Result predicted = run("predict", "-p", pipeline, manifest, "--cache", cache, "-o", csv, "--no-progress");
        assertEquals(ExitCode.OK, predicted.code(), predicted.err());
        assertTrue(predicted.err().contains(inputs + " inputs found, 0 encoded and stored"), predicted.err());
        assertCsvHoldsThePipelinesPredictions(csv);
        assertEquals(ExitCode.USAGE, run("encode", manifest).code(), "no --cache");
    }

    @Test
    void helpDescribesEachSubcommandAndTheExitCodes() {
        Result top = run("--help");
        assertEquals(ExitCode.OK, top.code());
        assertTrue(top.out().contains("Exit codes:"), top.out());
        assertTrue(top.out().contains("3   bad data"), top.out());
        for (String command : List.of("train", "evaluate", "predict", "encode")) {
            Result help = run(command, "--help");
            assertEquals(ExitCode.OK, help.code(), command);
            assertTrue(help.out().startsWith("Usage: fusion4j " + command), help.out());
        }
        assertTrue(run("train", "--help").out().contains("--fusion=STRATEGY"));
    }

    @Test
    void badArgumentsAreUsageErrors() {
        Result unknownFusion = run("train", manifest, "-o", dir.resolve("never"), "--fusion", "sideways");
        assertEquals(ExitCode.USAGE, unknownFusion.code());
        List<String> lines = unknownFusion.err().lines().toList();
        assertEquals(2, lines.size(), unknownFusion.err());
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains("'sideways' is not a fusion"),
                lines.get(0));
        assertEquals("see fusion4j train --help", lines.get(1));
        assertEquals(ExitCode.USAGE, run("train", manifest).code(), "no output directory");
        assertEquals(ExitCode.USAGE, run("transmogrify").code());
        assertEquals(ExitCode.USAGE, run("train", manifest, "-o", dir.resolve("never"), "--split", "0.5,0.5").code());
        assertFalse(Files.exists(dir.resolve("never")));
    }

    @Test
    void aMissingManifestIsBadDataInOneLine() {
        Result result = run("predict", "-p", pipeline, dir.resolve("nowhere.csv"));
        assertEquals(ExitCode.BAD_DATA, result.code());
        assertEquals("error: the manifest '" + dir.resolve("nowhere.csv") + "' does not exist", result.err().strip());
    }

    @Test
    void aBadRowIsBadDataWithStrictAndSkippedAndListedWithout() throws IOException {
        // a row naming a file that does not exist, and one whose image does not decode
        Path bad = manifest.resolveSibling("with-a-bad-row.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest).subList(0, 11));
        lines.add(3, "extra,3,\"a caption, quoted\",missing.wav,");
        Files.writeString(bad.resolveSibling("broken.png"), "not an image");
        lines.add("broken,3,a caption,,broken.png");
        Files.write(bad, lines);
        Result strict = run("predict", "-p", pipeline, bad, "--strict", "-o", dir.resolve("strict.csv"));
        assertEquals(ExitCode.BAD_DATA, strict.code());
        assertTrue(strict.err().startsWith("error: ") && strict.err().contains("line 4")
                && strict.err().contains("missing.wav"), strict.err());
        assertFalse(strict.err().contains("\tat "), "no stack trace");
        Result lenient = run("predict", "-p", pipeline, bad, "-o", dir.resolve("lenient.csv"), "--no-progress");
        assertEquals(ExitCode.OK, lenient.code(), lenient.err());
        assertTrue(lenient.err().contains("skipped 1 bad row(s)") && lenient.err().contains("missing.wav"),
                lenient.err());
        assertTrue(lenient.err().contains("skipped 1 row(s) with a file that does not decode:\n  row 'broken': "
                + "image file broken.png: "), lenient.err());
        assertEquals(11, Files.readAllLines(dir.resolve("lenient.csv")).size(), "the header and each good row");
        Path broken = Files.write(manifest.resolveSibling("broken.csv"),
                List.of(lines.get(0), lines.get(1), lines.get(12)));
        Result undecodable = run("predict", "-p", pipeline, broken, "--strict", "-o", dir.resolve("strict.csv"),
                "--no-progress");
        assertEquals(ExitCode.BAD_DATA, undecodable.code(), undecodable.err());
        assertEquals(1, undecodable.err().lines().count(), undecodable.err());
        Result verbose = run("predict", "-p", pipeline, bad, "--strict", "--verbose", "-o", dir.resolve("strict.csv"));
        assertEquals(ExitCode.BAD_DATA, verbose.code());
        assertTrue(verbose.err().contains("\tat "), "--verbose shows the stack trace");
    }

    @Test
    void aLabelThePipelineDoesNotKnowIsBadData() throws IOException {
        Path unknown = manifest.resolveSibling("unknown-label.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest).subList(0, 3));
        lines.set(2, lines.get(2).replaceFirst("^([^,]*),[^,]*,", "$1,eleven,"));
        Files.write(unknown, lines);
        Result result = run("evaluate", "-p", pipeline, unknown, "--chart", dir.resolve("unknown.png"));
        assertEquals(ExitCode.BAD_DATA, result.code());
        assertTrue(result.err().contains("'eleven', which is not one of the pipeline's classes"), result.err());
    }

    @Test
    void aMissingOrBrokenPipelineIsABadPipeline() throws IOException {
        Result missing = run("predict", "-p", dir.resolve("no-pipeline"), manifest);
        assertEquals(ExitCode.BAD_PIPELINE, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("model.json"), "{\"not\": \"a model\"}");
        Result result = run("evaluate", "-p", broken, manifest);
        assertEquals(ExitCode.BAD_PIPELINE, result.code(), result.err());
    }
}
