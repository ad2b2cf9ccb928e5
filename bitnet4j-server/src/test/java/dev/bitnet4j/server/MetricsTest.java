package dev.bitnet4j.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** GET /metrics in the Prometheus text format, parsed line by line. */
class MetricsTest {
    /** name, optional {labels}, value: the exposition format's sample line. */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");
    static BitNetServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = BitNetServer.start(TestModel.get(), new ServerConfig("127.0.0.1", 0, null, 2, 256));
        http = new Http(server, null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void countsRequestsTokensAndShowsTheBatch() throws Exception {
        Http.ok(http.post("/v1/completions", "{\"prompt\": \"Hello\", \"temperature\": 0, \"max_tokens\": 5}"));
        Http.error(http.get("/nowhere"), 404);
        HttpResponse<String> r = http.get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = parse(r.body());
        assertEquals(1.0, samples.get("bitnet4j_requests_total{endpoint=\"/v1/completions\",status=\"200\"}"));
        assertEquals(1.0, samples.get("bitnet4j_requests_total{endpoint=\"other\",status=\"404\"}"));
        assertTrue(samples.get("bitnet4j_prompt_tokens_total") >= 2, r.body());
        assertTrue(samples.get("bitnet4j_completion_tokens_total") >= 1, r.body());
        assertTrue(samples.get("bitnet4j_tokens_per_second") > 0, r.body());
        assertEquals(0.0, samples.get("bitnet4j_active_sequences"));
        assertEquals(0.0, samples.get("bitnet4j_queue_depth"));
        assertEquals(2.0, samples.get("bitnet4j_max_parallel_sequences"));
    }

    /** Every line a HELP, a TYPE (declared once, before its samples) or a sample; samples by name and labels. */
    static Map<String, Double> parse(String body) {
        assertTrue(body.endsWith("\n"));
        Map<String, Double> samples = new HashMap<>();
        Set<String> typed = new HashSet<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("# HELP ")) continue;
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                assertEquals(4, p.length, line);
                assertTrue(Set.of("counter", "gauge").contains(p[3]), line);
                assertTrue(typed.add(p[2]), "declared twice: " + line);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            assertTrue(typed.contains(m.group(1)), "sample before its TYPE: " + line);
            assertNull(samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3))), line);
        }
        return samples;
    }
}
