package dev.bitnet4j.cli;

import dev.bitnet4j.BitNetException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The bitnet4j command. Every user-facing failure ends as one line "error: ..." and a non-zero exit
 * code; a stack trace is printed only when BITNET4J_DEBUG is set.
 */
@Command(name = "bitnet4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Run native 1.58-bit (ternary) language models such as BitNet b1.58 2B4T on the CPU.",
        subcommands = {GenerateCommand.class, ChatCommand.class, TokenizeCommand.class, DetokenizeCommand.class,
                LogitsCommand.class, MakeModelCommand.class, ConvertCommand.class, BenchCommand.class, ServeCommand.class, ServeBenchCommand.class,
                TrainTokenizerCommand.class, PrepareDataCommand.class, TrainCommand.class, SftCommand.class, DpoCommand.class, EvalCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        System.setProperty("bitnet4j.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("error: " + describe(e));
            if (System.getenv("BITNET4J_DEBUG") != null) e.printStackTrace(cmd.getErr());
            cmd.getErr().flush();
            return 1;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("error: " + e.getMessage());
            cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' to see the options.");
            cmd.getErr().flush();
            return 2;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("error: " + describe(e));
            err.flush();
            return 1;
        }
    }

    static String describe(Throwable e) {
        if (e instanceof BitNetException) return e.getMessage();
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "); give the JVM more heap, e.g. JAVA_OPTS=-Xmx8g, or use a smaller --ctx-size";
        }
        if (e instanceof java.io.UncheckedIOException || e instanceof java.io.IOException) {
            return "I/O error: " + e.getMessage();
        }
        return "internal error: " + e + " (set BITNET4J_DEBUG=1 to see the stack trace, and please report it)";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"bitnet4j " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
