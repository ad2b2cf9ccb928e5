package dev.bitnet4j.cli;

import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.train.data.TokenFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** train-tokenizer then prepare-data, end to end, and their errors. */
class TrainDataCommandsTest {
    @TempDir
    Path dir;

    private Path corpus() throws IOException {
        Path in = Files.createDirectories(dir.resolve("corpus"));
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            Files.writeString(in.resolve("doc" + i + ".txt"), "Chapter " + i + ". Call me Ishmael; some years ago, never mind how long"
                    + " precisely, having little or no money in my purse. Café 😀 " + i);
            jsonl.append("{\"text\": \"Fellow-citizens of the Senate and House, address number ").append(i).append(".\"}\n");
        }
        Files.writeString(in.resolve("sotu.jsonl"), jsonl);
        return in;
    }

    private static String[] inputs(Path in) throws IOException {
        try (var files = Files.list(in)) {
            return files.sorted().map(Path::toString).toArray(String[]::new);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void trainsATokenizerAndPreparesDataWithIt() throws IOException {
        String[] in = inputs(corpus());
        Path tok = dir.resolve("tok"), data = dir.resolve("data.bin");
        Cli t = Cli.run(concat(new String[]{"train-tokenizer", "--vocab", "380", "--out", tok.toString(), "--input"}, in));
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.err().contains("wrote a 380-token tokenizer"), t.err());
        assertEquals(380, Tokenizer.load(tok.resolve("tokenizer.json")).size());
        assertFalse(ChatTemplate.find(tok).isFallback());

        Cli p = Cli.run(concat(new String[]{"prepare-data", "--tokenizer", tok.toString(), "--out", data.toString(),
                "--seed", "3", "--val-fraction", "0.1", "--input"}, in));
        assertEquals(0, p.exit(), p.err());
        assertTrue(p.err().contains("54 documents, validation"), p.err());
        try (TokenFile tf = TokenFile.open(data)) {
            assertEquals(54, tf.header().trainDocuments());
            assertEquals(6, tf.header().valDocuments());
            assertEquals(3, tf.header().seed());
            tf.requireTokenizer(tok);
        }
        Cli tokenize = Cli.run("tokenize", "--model", tok.toString(), "--text", "Call me Ishmael", "--json");
        assertEquals(0, tokenize.exit(), tokenize.err());
    }

    @Test
    void badInputsGiveOneClearError() throws IOException {
        Path in = corpus();
        Path tok = dir.resolve("tok");
        Cli.run("train-tokenizer", "--vocab", "100", "--out", tok.toString(), "--input", in.resolve("doc1.txt").toString())
                .failsWith("--vocab 100 is too small");
        Cli.run("train-tokenizer", "--vocab", "300", "--out", tok.toString(), "--input", in.resolve("missing.txt").toString())
                .failsWith("missing.txt: file not found");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        Cli.run("train-tokenizer", "--vocab", "300", "--out", tok.toString(), "--input", empty.toString())
                .failsWith("the corpus is empty");
        Cli.run("train-tokenizer", "--vocab", "5000", "--out", tok.toString(), "--input", in.resolve("doc1.txt").toString())
                .failsWith("use a smaller --vocab");
        Cli.run("train-tokenizer", "--vocab", "300", "--out", tok.toString()).failsWith("--input");

        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"text\": \"a\"}\n{\"txt\": \"b\"}\n");
        Cli.run("prepare-data", "--tokenizer", dir.resolve("none").toString(), "--out", dir.resolve("d.bin").toString(),
                "--input", bad.toString()).failsWith("no tokenizer.json");
        Cli.run("train-tokenizer", "--vocab", "300", "--out", tok.toString(), "--input", in.resolve("doc1.txt").toString(),
                in.resolve("doc2.txt").toString(), "--min-frequency", "1");
        Cli.run("prepare-data", "--tokenizer", tok.toString(), "--out", dir.resolve("d.bin").toString(), "--input", bad.toString())
                .failsWith(bad + ": line 2: no field \"text\"");
        Cli.run("prepare-data", "--tokenizer", tok.toString(), "--out", dir.resolve("d.bin").toString(), "--input", bad.toString(),
                "--format", "csv").failsWith("--format must be auto, text or jsonl");
        assertFalse(Files.exists(dir.resolve("d.bin")));
    }
}
