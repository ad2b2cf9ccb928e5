package dev.bitnet4j.train.loop;

import dev.bitnet4j.BitNetException;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * losses.png: the train loss (a line) and validation loss (dots joined) of losses.csv against the step, drawn
 * with Java2D (no plotting library needed; works headless). Read from the CSV so a resumed run plots its whole
 * history.
 */
public final class LossPlot {
    public static final String FILE = "losses.png";
    static final int WIDTH = 800, HEIGHT = 480, LEFT = 70, RIGHT = 20, TOP = 30, BOTTOM = 50;
    static final Color TRAIN = new Color(31, 119, 180), VALIDATION = new Color(214, 39, 40);

    private LossPlot() {}

    /** The rows of a losses.csv: step, train loss, validation loss (NaN where none). */
    record Point(long step, double train, double val) {}

    /** Writes {@code dir}/losses.png from {@code dir}/losses.csv (nothing when it has no rows). */
    public static void write(Path dir) {
        List<Point> points = read(dir.resolve(LossLog.FILE));
        if (points.isEmpty()) return;
        BufferedImage image = draw(points);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new BitNetException(dir.resolve(FILE) + ": cannot encode the plot (" + e.getMessage() + ")", e);
        }
        dev.bitnet4j.format.AtomicFile.write(dir.resolve(FILE), png.toByteArray());
    }

    static List<Point> read(Path csv) {
        List<Point> points = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
                if (line.isEmpty() || line.startsWith(LossLog.HEADER_START)) continue;
                String[] f = line.split(",", -1);
                points.add(new Point(Long.parseLong(f[0]), Double.parseDouble(f[2]), f[3].isEmpty() ? Double.NaN : Double.parseDouble(f[3])));
            }
        } catch (IOException | RuntimeException e) {
            throw new BitNetException(csv + ": cannot read the loss log (" + e.getMessage() + ")", e);
        }
        return points;
    }

    static BufferedImage draw(List<Point> points) {
        long maxStep = Math.max(1, points.getLast().step() + 1);
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (Point p : points) {
            for (double v : new double[]{p.train(), p.val()}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi > lo)) {
            lo -= 0.5;
            hi += 0.5;
        }
        Axes axes = new Axes(maxStep, lo, hi);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        axes.draw(g);
        g.setStroke(new BasicStroke(1.5f));
        g.setColor(TRAIN);
        g.draw(line(points, axes, false));
        g.setColor(VALIDATION);
        g.draw(line(points, axes, true));
        for (Point p : points) {
            if (!Double.isNaN(p.val())) g.fillOval((int) axes.x(p.step() + 1) - 3, (int) axes.y(p.val()) - 3, 7, 7);
        }
        legend(g);
        g.dispose();
        return image;
    }

    private static Path2D line(List<Point> points, Axes axes, boolean validation) {
        Path2D path = new Path2D.Double();
        boolean started = false;
        for (Point p : points) {
            double v = validation ? p.val() : p.train();
            if (!Double.isFinite(v)) continue;
            double x = axes.x(p.step() + 1), y = axes.y(v);
            if (started) path.lineTo(x, y);
            else path.moveTo(x, y);
            started = true;
        }
        return path;
    }

    private static void legend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = WIDTH - RIGHT - 150, y = TOP + 10;
        g.setColor(TRAIN);
        g.fillRect(x, y, 20, 3);
        g.setColor(VALIDATION);
        g.fillRect(x, y + 18, 20, 3);
        g.setColor(Color.BLACK);
        g.drawString("train loss", x + 28, y + 6);
        g.drawString("validation loss", x + 28, y + 24);
    }

    /** The plot area's coordinates: steps 0..maxStep across, loss lo..hi up. */
    record Axes(long maxStep, double lo, double hi) {
        double x(double step) {
            return LEFT + (WIDTH - LEFT - RIGHT) * step / maxStep;
        }

        double y(double loss) {
            return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (loss - lo) / (hi - lo);
        }

        void draw(Graphics2D g) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int i = 0; i <= 5; i++) {
                double loss = lo + (hi - lo) * i / 5;
                long step = Math.round((double) maxStep * i / 5);
                int y = (int) y(loss), x = (int) x(step);
                g.setColor(new Color(230, 230, 230));
                g.drawLine(LEFT, y, WIDTH - RIGHT, y);
                g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.2f", loss), 10, y + 4);
                g.drawString(Long.toString(step), x - 10, HEIGHT - BOTTOM + 18);
            }
            g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
            g.drawString("step", WIDTH / 2 - 12, HEIGHT - 12);
            g.drawString("loss (nats/token)", LEFT, TOP - 10);
        }
    }
}
