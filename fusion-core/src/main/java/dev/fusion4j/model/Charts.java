package dev.fusion4j.model;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** Small PNG charts drawn with Java2D (no display needed). */
public final class Charts {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    private static final int MARGIN = 70;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private Charts() {
    }

    /**
     * One line per series over evenly spaced x positions labelled {@code xTicks}, y from
     * {@code yMin} to {@code yMax}.
     */
    public static void lineChart(Path file, String title, String xLabel, String yLabel, List<String> xTicks,
                                 Map<String, double[]> series, double yMin, double yMax) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, title, xLabel, yLabel, yMin, yMax);
        double xMax = Math.max(1, xTicks.size() - 1);
        int index = 0;
        for (Map.Entry<String, double[]> entry : series.entrySet()) {
            g.setColor(PALETTE[index % PALETTE.length]);
            g.setStroke(new BasicStroke(2.5f));
            double[] y = entry.getValue();
            for (int i = 1; i < xTicks.size(); i++) {
                g.drawLine(px(i - 1, 0, xMax), py(y[i - 1], yMin, yMax), px(i, 0, xMax), py(y[i], yMin, yMax));
            }
            g.drawString(entry.getKey(), WIDTH - MARGIN - 180, MARGIN + 20 + 18 * index);
            index++;
        }
        for (int i = 0; i < xTicks.size(); i++) {
            g.setColor(Color.DARK_GRAY);
            g.drawString(xTicks.get(i), px(i, 0, xMax) - 10, HEIGHT - MARGIN + 18);
        }
        write(image, g, file);
    }

    /** A number as short as it can be written: 0.1, 2, 100. */
    static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * Bar chart of named values, y from 0 to {@code yMax}; names that do not fit under their bar
     * are wrapped at spaces and, if a word is still too wide, shortened with an ellipsis.
     */
    public static void barChart(Path file, String title, String yLabel, List<String> names, double[] values,
                                double yMax) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, title, "", yLabel, 0, yMax);
        int slot = (WIDTH - 2 * MARGIN) / Math.max(1, names.size());
        for (int i = 0; i < names.size(); i++) {
            int left = MARGIN + i * slot + slot / 6;
            int top = py(values[i], 0, yMax);
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(left, top, slot * 2 / 3, HEIGHT - MARGIN - top);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.3f", values[i]), left, top - 4);
            List<String> lines = labelLines(names.get(i), g.getFontMetrics(), slot - 4);
            for (int line = 0; line < lines.size(); line++) {
                g.drawString(lines.get(line), MARGIN + i * slot + 2, HEIGHT - MARGIN + 18 + line * 14);
            }
        }
        write(image, g, file);
    }

    /** {@code name} in at most three lines, each at most {@code width} pixels wide. */
    static List<String> labelLines(String name, java.awt.FontMetrics metrics, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : name.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (metrics.stringWidth(candidate) <= width || line.length() == 0) {
                line = new StringBuilder(candidate);
            } else {
                lines.add(line.toString());
                line = new StringBuilder(word);
            }
        }
        lines.add(line.toString());
        List<String> fitted = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(3, lines.size()); i++) {
            String text = i == 2 && lines.size() > 3 ? lines.get(i) + "…" : lines.get(i);
            while (metrics.stringWidth(text) > width && text.length() > 1) {
                text = text.substring(0, text.length() - (text.endsWith("…") ? 2 : 1)) + "…";
            }
            fitted.add(text);
        }
        return fitted;
    }

    private static Graphics2D canvas(BufferedImage image, String title, String xLabel, String yLabel, double yMin,
                                     double yMax) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, MARGIN, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(xLabel, WIDTH / 2 - 40, HEIGHT - 20);
        g.drawString(yLabel, 10, MARGIN - 15);
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 5; i++) {
            double y = yMin + (yMax - yMin) * i / 5;
            int pixel = py(y, yMin, yMax);
            g.drawLine(MARGIN, pixel, WIDTH - MARGIN, pixel);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.2f", y), 20, pixel + 4);
            g.setColor(new Color(0xdddddd));
        }
        g.setColor(Color.BLACK);
        g.drawLine(MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN);
        g.drawLine(MARGIN, MARGIN, MARGIN, HEIGHT - MARGIN);
        return g;
    }

    private static int px(double x, double min, double max) {
        return MARGIN + (int) Math.round((x - min) / (max - min == 0 ? 1 : max - min) * (WIDTH - 2 * MARGIN));
    }

    private static int py(double y, double min, double max) {
        double clamped = Math.max(min, Math.min(max, y));
        return HEIGHT - MARGIN - (int) Math.round((clamped - min) / (max - min == 0 ? 1 : max - min) * (HEIGHT - 2 * MARGIN));
    }

    private static void write(BufferedImage image, Graphics2D g, Path file) {
        g.dispose();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + file, e);
        }
    }
}
