package dev.bitnet4j;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.format.Json;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The conformance fixtures copied from shared/fixtures into src/test/resources. */
public final class Fixtures {
    private Fixtures() {}

    public static final List<String> MODELS = List.of("tiny-packed", "tiny-bf16", "mini-packed", "mini-bf16");

    public static Path model(String name) {
        return resource("fixtures/models/" + name);
    }

    public static JsonNode reference(String name) {
        return Json.read(model(name).resolve("reference.json"));
    }

    public static Path resource(String name) {
        try {
            var url = Fixtures.class.getClassLoader().getResource(name);
            if (url == null) throw new IllegalStateException("test resource missing: " + name);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asDouble();
        return out;
    }

    /** Normalised mean squared error Σ(ours − ref)² / Σ ref² (spec §4). */
    public static double nmse(float[] ours, int off, double[] ref) {
        double num = 0, den = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = ours[off + i] - ref[i];
            num += d * d;
            den += ref[i] * ref[i];
        }
        return num / den;
    }

    public static int argmax(float[] v, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (v[off + i] > v[off + best]) best = i;
        return best;
    }
}
