package dev.warden.cli;

import picocli.CommandLine;

/** Entry point: {@code warden <command>}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return WardenCommand.commandLine().execute(args);
    }
}
