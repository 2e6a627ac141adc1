package dev.warden.cli;

import dev.warden.output.Table;
import dev.warden.store.Store;
import dev.warden.web.ApiTokens;
import dev.warden.web.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.Callable;

@Command(name = "token", usageHelpWidth = 120, mixinStandardHelpOptions = true,
        description = "API tokens of 'warden serve': viewer (reads), operator (also starts audits, acknowledges and closes incidents), admin (also manages tokens).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class},
        footer = {"", "Examples:", "  warden token create --role viewer --name wall-screen", "  warden token list", "  warden token revoke t1a2b3c4d5e6f"})
public final class TokenCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "use 'token create', 'token list' or 'token revoke'");
    }

    @Command(name = "create", usageHelpWidth = 120, mixinStandardHelpOptions = true,
            description = "Make a token and print it once; only its SHA-256 is stored.")
    public static final class Create implements Callable<Integer> {
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, operator or admin")
        String role;

        @Option(names = "--name", paramLabel = "NAME", description = "Who or what holds it (default: ROLE token)")
        String name;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the token to FILE (mode 600) instead of standard output")
        Path out;

        @Mixin
        HomeOptions home = new HomeOptions();

        @Override
        public Integer call() throws Exception {
            Role r = UsageException.of(() -> Role.parse(role));
            try (Store store = home.openStore()) {
                var created = new ApiTokens(store, Clock.systemUTC()).create(r, name == null ? r.id() + " token" : name);
                if (out != null) {
                    ServeCommand.writeSecret(out, created.token());
                    System.err.println("wrote the " + r.id() + " token " + created.row().id() + " to " + out);
                } else {
                    System.err.println("the " + r.id() + " token " + created.row().id() + " (shown once):");
                    System.out.println(created.token());
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "list", usageHelpWidth = 120, mixinStandardHelpOptions = true, description = "List tokens (ids, names, roles; never the tokens).")
    public static final class ListTokens implements Callable<Integer> {
        @Mixin
        HomeOptions home = new HomeOptions();

        @Override
        public Integer call() {
            try (Store store = home.openStore()) {
                var rows = new ArrayList<String[]>();
                rows.add(new String[]{"ID", "ROLE", "NAME", "CREATED", "REVOKED"});
                for (var t : store.tokens()) rows.add(new String[]{t.id(), t.role(), t.name(), t.createdAt(), t.revokedAt() == null ? "-" : t.revokedAt()});
                if (rows.size() == 1) System.out.println("No tokens yet: 'warden serve' makes an admin token on first start.");
                else Table.print(rows, System.out);
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "revoke", usageHelpWidth = 120, mixinStandardHelpOptions = true, description = "Revoke a token by its id.")
    public static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Mixin
        HomeOptions home = new HomeOptions();

        @Override
        public Integer call() {
            try (Store store = home.openStore()) {
                if (!store.revokeToken(id, Instant.now())) throw new IllegalArgumentException("no live token '" + id + "' (see: warden token list)");
                System.err.println("revoked " + id);
                return ExitCodes.OK;
            }
        }
    }
}
