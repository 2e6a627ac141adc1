package dev.warden.cli;

import dev.warden.config.Settings;
import dev.warden.identify.Fingerprints;
import dev.warden.login.Dictionary;
import dev.warden.store.SqlStore;
import dev.warden.target.OutOfScopeException;
import dev.warden.target.TargetException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

@Command(name = "warden", usageHelpWidth = 120, mixinStandardHelpOptions = true, version = "Warden 0.1.0",
        description = "Makes insecure connected devices visible, contained and accountable.",
        subcommands = {AuditCommand.class, DemoCommand.class, LabelCommand.class, DevicesCommand.class, ReportCommand.class, EmulateCommand.class,
                LedgerCommand.class, WatchCommand.class, GenerateCommand.class, EvaluateCommand.class, ServeCommand.class, TokenCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done, nothing found",
                "  1  something was found: a device failed a provision (audit), at least one incident (watch),",
                "     a host missed or falsely flagged (evaluate); a label or the ledger did not verify",
                "  2  wrong command line",
                "  3  could not run (unreadable file, bad configuration, database error)",
                "  4  a target is outside the audit scope; nothing was sent to it",
                "",
                "Examples:",
                "  warden demo                                   audit an emulated fleet on loopback",
                "  warden audit 192.168.1.0/24                   audit your home network",
                "  warden audit --format jsonl 10.0.0.1-50 > audit.jsonl",
                "  warden label verify labels/192.168.1.20.label.json"})
public final class WardenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed (audit, demo, label, devices, emulate, ledger)");
    }

    public static CommandLine commandLine() {
        var cl = new CommandLine(new WardenCommand());
        // every command's --version prints Warden's version (picocli gives a subcommand only its own, empty one)
        var pending = new java.util.ArrayDeque<>(cl.getSubcommands().values());
        while (!pending.isEmpty()) {
            CommandLine sub = pending.poll();
            if (sub.getCommandSpec().version().length == 0) sub.getCommandSpec().version(cl.getCommandSpec().version());
            pending.addAll(sub.getSubcommands().values());
        }
        cl.setExecutionExceptionHandler((e, cmd, parse) -> {
            PrintWriter err = cmd.getErr();
            int code = ExitCodes.ERROR;
            String msg = dev.warden.config.IoProblems.isFileProblem(e) ? dev.warden.config.IoProblems.describe(e) : e.getMessage();
            if (e instanceof OutOfScopeException) code = ExitCodes.OUT_OF_SCOPE;
            if (e instanceof UsageException) code = ExitCodes.USAGE;
            if (!(e instanceof TargetException || e instanceof OutOfScopeException || e instanceof Settings.SettingsException
                    || e instanceof Dictionary.DictionaryException || e instanceof Fingerprints.FingerprintException
                    || e instanceof SqlStore.StoreException || e instanceof IllegalArgumentException || e instanceof java.io.IOException
                    || e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException
                    || e instanceof dev.warden.cve.CveFeedException)) {
                msg = e.toString();
            }
            err.println("warden: " + msg);
            err.flush();
            return code;
        });
        return cl;
    }
}
