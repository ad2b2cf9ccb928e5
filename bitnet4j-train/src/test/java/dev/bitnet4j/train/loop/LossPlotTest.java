package dev.bitnet4j.train.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossPlotTest {
    @TempDir
    Path dir;

    @Test
    void plotsTheTrainAndValidationCurvesOfLossesCsv() throws IOException {
        try (LossLog log = LossLog.open(dir, 0, java.util.List.of("loss"))) {
            for (int s = 0; s < 50; s++) {
                double train = 6 - 3.0 * s / 49;
                log.append(new StepResult(s, 1e-3, 0.1, new double[]{train}, 1, s % 10 == 9 ? new double[]{train + 0.2} : null), 1000);
            }
        }
        LossPlot.write(dir);
        BufferedImage png = ImageIO.read(dir.resolve(LossPlot.FILE).toFile());
        assertEquals(LossPlot.WIDTH, png.getWidth());
        assertEquals(LossPlot.HEIGHT, png.getHeight());
        // The train line starts at the top left of the plot area (loss 6 is the maximum, the first step is near x = 0)
        // and ends at the bottom right; validation dots are red.
        var axes = new LossPlot.Axes(50, 3, 6);
        assertTrue(near(png, (int) axes.x(1), (int) axes.y(6), LossPlot.TRAIN), "train line at its first point");
        assertTrue(near(png, (int) axes.x(50), (int) axes.y(3), LossPlot.TRAIN), "train line at its last point");
        assertTrue(near(png, (int) axes.x(10), (int) axes.y(6 - 27.0 / 49 + 0.2), LossPlot.VALIDATION), "validation dot of step 9");
        assertFalse(near(png, (int) axes.x(25), (int) axes.y(6), LossPlot.TRAIN), "no train line far from the curve");
    }

    /** Whether a pixel within 2 of (x, y) is close to {@code color} (anti-aliasing blends the edges). */
    private static boolean near(BufferedImage png, int x, int y, java.awt.Color color) {
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                int rgb = png.getRGB(x + dx, y + dy);
                int r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
                if (Math.abs(r - color.getRed()) + Math.abs(g - color.getGreen()) + Math.abs(b - color.getBlue()) < 60) return true;
            }
        }
        return false;
    }
}
