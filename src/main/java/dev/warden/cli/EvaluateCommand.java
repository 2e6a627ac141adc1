package dev.warden.cli;

import dev.warden.config.Settings;
import dev.warden.watch.eval.Evaluation;
import dev.warden.watch.intel.Indicators;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code warden evaluate}: the replay harness of docs/watch.md ("Evaluation") from the command line. */
@Command(name = "evaluate", usageHelpWidth = 120, mixinStandardHelpOptions = true,
        description = {"Score warden watch on labelled conn.log files (IoT-23): hits, misses and false alarms per host.",
                "Replays each file (Zeek conn.log as CSV with label and detailed-label columns, as IoT-23 ships them) and prints, per",
                "dataset, host and label, true and false positives, misses and the time from the first malicious flow to the first",
                "alert; with the reference configuration and with each device learned for an hour (docs/watch.md, Evaluation)."},
        footer = {"", "Exit codes: 0 no infected host missed and no clean host flagged, 1 otherwise, 2 wrong command line, 3 could not run "
                + "(a file that is not a labelled conn.log, an unreadable --intel).",
                "", "Example:", "  warden evaluate ../shared/data/iot23 --intel ../shared/data/intel"})
public final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of labelled conn.log files (*.csv)")
    Path data;

    @Option(names = "--intel", paramLabel = "DIR", description = "Indicator lists for the intel detectors (cncserverlist, downloadserverlist, loaderlist)")
    Path intel;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(data)) throw new CommandLine.ParameterException(spec.commandLine(), "DIR " + data + " is not a folder");
        try (Stream<Path> files = Files.list(data)) {
            if (files.noneMatch(p -> p.getFileName().toString().endsWith(".csv"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), data + " holds no labelled conn.log file (*.csv)");
            }
        }
        Indicators indicators = intel == null ? Indicators.none() : Indicators.load(intel);
        var out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        var results = new Evaluation(Settings.reference(), indicators).run(data, intel, out);
        boolean wrong = results.stream().anyMatch(r -> r.verdict().equals("FN") || r.verdict().equals("FP"));
        return wrong ? ExitCodes.FINDINGS : ExitCodes.OK;
    }
}
