package dev.warden.cli;

import picocli.CommandLine;

/** Entry point: {@code warden <command>}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        try {
            return WardenCommand.commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands Errors on: name the limit and the way round it instead of a stack trace
            System.err.println("warden: out of memory: this run needed more than the " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB Java may use; give it more (WARDEN_JAVA_OPTS=\"-Xmx4g -XX:+UseParallelGC\") or a smaller input");
            return ExitCodes.ERROR;
        }
    }
}
