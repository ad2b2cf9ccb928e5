package dev.bitnet4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/** `serve` refuses what it cannot serve with one error line; the server itself is tested in bitnet4j-server. */
class ServeCommandTest {
    @Test
    void badOptionsAreOneErrorLine() {
        String model = Cli.fixtureModel("tiny-packed").toString();
        Cli.run("serve", "--model", model, "--parallel", "0").failsWith("--parallel must be between 1 and 256");
        Cli.run("serve", "--model", model, "--port", "70000").failsWith("--port must be between 0 and 65535");
    }

    @Test
    void aModelWithoutATokenizerIsRefused() {
        Cli.run("serve", "--model", Cli.fixtureModel("tiny-packed").toString(), "--port", "0", "-t", "1")
                .failsWith("serve needs a tokenizer");
    }

    @Test
    void aBusyPortIsRefused(@TempDir Path dir) throws Exception {
        Path model = Cli.tokenizerModel(dir.resolve("m"));
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.run("serve", "--model", model.toString(), "--port", Integer.toString(busy.getLocalPort()), "-t", "1")
                    .failsWith("cannot listen on 127.0.0.1:" + busy.getLocalPort());
        }
    }
}
