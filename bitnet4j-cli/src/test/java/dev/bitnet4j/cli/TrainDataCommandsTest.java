package dev.bitnet4j.cli;

import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.train.data.TokenFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** train-tokenizer then prepare-data, end to end, and their errors. */
class TrainDataCommandsTest {
    @TempDir
    Path dir;

    /** 30 text documents (with non-ASCII characters) and a JSONL file of 30 more: train-tokenizer and prepare-data read both. */
    private List<Path> corpus() throws IOException {
        Path in = dir.resolve("corpus");
        List<Path> files = new ArrayList<>(TrainingFixtures.documents(in, 30, i -> "Chapter " + i + ". Call me Ishmael; some years ago, "
                + "never mind how long precisely, having little or no money in my purse. Café 😀 " + i));
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            jsonl.append("{\"text\": \"Fellow-citizens of the Senate and House, address number ").append(i).append(".\"}\n");
        }
        files.add(Files.writeString(in.resolve("sotu.jsonl"), jsonl));
        return files;
    }

    @Test
    void trainsATokenizerAndPreparesDataWithIt() throws IOException {
        List<Path> in = corpus();
        Path tok = dir.resolve("tok"), data = dir.resolve("data.bin");
        Cli t = TrainingFixtures.trainTokenizer(tok, 380, in);
        assertTrue(t.err().contains("wrote a 380-token tokenizer"), t.err());
        assertEquals(380, Tokenizer.load(tok.resolve("tokenizer.json")).size());
        assertFalse(ChatTemplate.find(tok).isFallback());

        Cli p = TrainingFixtures.prepareData(tok, data, in, "--seed", "3", "--val-fraction", "0.1");
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
        List<Path> in = corpus();
        String doc1 = in.get(1).toString();
        Path tok = dir.resolve("tok");
        Cli.run("train-tokenizer", "--vocab", "100", "--out", tok.toString(), "--input", doc1).failsWith("--vocab 100 is too small");
        Cli.run("train-tokenizer", "--vocab", "300", "--out", tok.toString(), "--input", dir.resolve("missing.txt").toString())
                .failsWith("missing.txt: file not found");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        Cli.run("train-tokenizer", "--vocab", "300", "--out", tok.toString(), "--input", empty.toString())
                .failsWith("the corpus is empty");
        Cli.run("train-tokenizer", "--vocab", "5000", "--out", tok.toString(), "--input", doc1).failsWith("use a smaller --vocab");
        Cli.run("train-tokenizer", "--vocab", "300", "--out", tok.toString()).failsWith("--input");

        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"text\": \"a\"}\n{\"txt\": \"b\"}\n");
        Cli.run("prepare-data", "--tokenizer", dir.resolve("none").toString(), "--out", dir.resolve("d.bin").toString(),
                "--input", bad.toString()).failsWith("no tokenizer.json");
        TrainingFixtures.trainTokenizer(tok, 300, in.subList(1, 3), "--min-frequency", "1");
        Cli.run("prepare-data", "--tokenizer", tok.toString(), "--out", dir.resolve("d.bin").toString(), "--input", bad.toString())
                .failsWith(bad + ": line 2: no field \"text\"");
        Cli.run("prepare-data", "--tokenizer", tok.toString(), "--out", dir.resolve("d.bin").toString(), "--input", bad.toString(),
                "--format", "csv").failsWith("--format must be auto, text or jsonl");
        assertFalse(Files.exists(dir.resolve("d.bin")));
    }
}
