package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.label.LabelText;
import dev.warden.label.LabelVerifier;
import dev.warden.label.SigningKey;
import dev.warden.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "label", usageHelpWidth = 120, mixinStandardHelpOptions = true, description = "Check or show device labels.",
        subcommands = {LabelCommand.Verify.class, LabelCommand.Show.class})
public final class LabelCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "use 'label verify FILE' or 'label show FILE|IP'");
    }

    @Command(name = "verify", usageHelpWidth = 120, mixinStandardHelpOptions = true,
            description = {"Check that label files are intact and signed. With --key, also that they were signed by that "
                           + "key (e.g. HOME/keys/warden-ed25519.pub of the Warden that issued them). Exit 0 when all verify, "
                           + "1 otherwise."},
            footer = {"", "Example:", "  warden label verify --key ~/.warden/keys/warden-ed25519.pub labels/*.label.json"})
    public static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "1..*")
        List<Path> files;

        @Option(names = "--key", paramLabel = "PUBLIC-KEY", description = "Trusted Ed25519 public key (PEM)")
        Path key;

        @Override
        public Integer call() {
            Optional<PublicKey> trusted = key == null ? Optional.empty() : Optional.of(SigningKey.readPublic(key));
            int bad = 0;
            for (Path f : files) {
                String text;
                try {
                    text = Files.readString(f);
                } catch (IOException e) {
                    System.out.println(f + ": INVALID: cannot read: " + e.getMessage());
                    bad++;
                    continue;
                }
                var r = LabelVerifier.verify(text, trusted);
                System.out.println(f + ": " + (r.valid() ? "OK: " : "INVALID: ") + r.message()
                        + (r.valid() && trusted.isEmpty() ? " (key not pinned: pass --key to require a known issuer)" : ""));
                if (!r.valid()) bad++;
            }
            return bad == 0 ? ExitCodes.OK : ExitCodes.FINDINGS;
        }
    }

    @Command(name = "show", usageHelpWidth = 120, mixinStandardHelpOptions = true, description = "Print a label as a one-page text, from a file or the store (by IP or device key).")
    public static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "FILE|IP")
        String what;

        @Mixin
        HomeOptions home = new HomeOptions();

        @Override
        public Integer call() throws IOException {
            String json;
            Path p = Path.of(what);
            if (Files.isRegularFile(p)) {
                json = Files.readString(p);
            } else {
                try (Store store = home.openStore()) {
                    json = store.latestLabel(what).orElseThrow(() -> new IllegalArgumentException(
                            "no file named '" + what + "' and no label for a device '" + what + "' in the store"));
                }
            }
            System.out.print(LabelText.render(new ObjectMapper().readTree(json)));
            return ExitCodes.OK;
        }
    }
}
