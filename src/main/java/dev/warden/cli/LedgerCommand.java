package dev.warden.cli;

import dev.warden.label.SigningKey;
import dev.warden.ledger.Entry;
import dev.warden.ledger.Ledger;
import dev.warden.ledger.TreeHead;
import dev.warden.ledger.verify.Hex;
import dev.warden.ledger.verify.LedgerProof;
import dev.warden.ledger.verify.ProofVerifier;
import dev.warden.output.Csv;
import dev.warden.output.Format;
import dev.warden.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = {"The evidence ledger: a signed, append-only Merkle log of labels, findings and incidents.",
                "Kept in the same database, with signed tree heads and proofs in the manner of RFC 6962/9162 (docs/ledger.md)."},
        subcommands = {LedgerCommand.Verify.class, LedgerCommand.Prove.class, LedgerCommand.Head.class, LedgerCommand.ListEntries.class})
public final class LedgerCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "use 'ledger verify', 'ledger prove SEQ', 'ledger head' or 'ledger list'");
    }

    /** Warden's public key from --key, else HOME/keys/warden-ed25519.pub. */
    static PublicKey publicKey(HomeOptions home, Path key) {
        Path file = key != null ? key : home.home().resolve("keys").resolve("warden-ed25519.pub");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no Warden public key at " + file + (key != null ? "" : "; pass --key PUBLIC-KEY"));
        }
        return SigningKey.readPublic(file);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Recheck the whole ledger: every entry against its leaf hash and its own bytes, every stored "
                           + "tree node, and every signed tree head's signature and root. Exit 0 when intact, 1 with the "
                           + "first bad entry named."},
            footer = {"", "Example:", "  warden ledger verify --key ~/.warden/keys/warden-ed25519.pub"})
    public static final class Verify implements Callable<Integer> {
        @Option(names = "--key", paramLabel = "PUBLIC-KEY", description = "Ed25519 public key (PEM) the heads must be signed by (default: HOME/keys/warden-ed25519.pub)")
        Path key;

        @Mixin
        HomeOptions home = new HomeOptions();

        @Override
        public Integer call() {
            try (Ledger ledger = home.readLedger()) {
                if (ledger.headCount() == 0 && ledger.list(null, null, -1, 1).isEmpty()) { // no key needed to see that
                    System.out.println("intact: the ledger is empty");
                    return ExitCodes.OK;
                }
                var report = ledger.verify(publicKey(home, key));
                System.out.println(report.summary());
                return report.intact() ? ExitCodes.OK : ExitCodes.FINDINGS;
            }
        }
    }

    @Command(name = "prove", mixinStandardHelpOptions = true,
            description = {"Export one entry with its audit path, the signed tree head and the public key (format "
                           + "warden.ledger-proof/1), for anyone to check with bin/warden-verify without Warden's database."},
            footer = {"", "Example:", "  warden ledger prove 42 --out entry-42.proof.json",
                    "  bin/warden-verify entry-42.proof.json --key ~/.warden/keys/warden-ed25519.pub"})
    public static final class Prove implements Callable<Integer> {
        @Parameters(paramLabel = "SEQ", description = "The entry's sequence number (see 'warden ledger list')")
        long seq;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the proof here instead of to standard output")
        Path out;

        @Option(names = "--tree-size", paramLabel = "N", description = "Prove against the signed tree head of this size (default: the latest)")
        Long treeSize;

        @Option(names = "--key", paramLabel = "PUBLIC-KEY", description = "Warden's public key (PEM) to put in the proof (default: HOME/keys/warden-ed25519.pub)")
        Path key;

        @Mixin
        HomeOptions home = new HomeOptions();

        @Override
        public Integer call() throws IOException {
            PublicKey pub = publicKey(home, key);
            String json;
            try (Ledger ledger = home.readLedger()) {
                json = ledger.exportProof(seq, Optional.ofNullable(treeSize), pub);
            }
            // never hand out a proof that would not check: a damaged ledger shows here first
            ProofVerifier.Result check;
            try {
                check = ProofVerifier.verify(LedgerProof.parse(json), Optional.of(pub));
            } catch (LedgerProof.MalformedProofException e) {
                check = new ProofVerifier.Result(false, e.getMessage());
            }
            if (!check.valid()) {
                System.err.println("warden: the proof of entry " + seq + " does not verify (" + check.message() + "); run 'warden ledger verify'");
                return ExitCodes.FINDINGS;
            }
            if (out == null) {
                System.out.print(json);
            } else {
                Files.writeString(out, json);
                Path pubFile = key != null ? key : home.home().resolve("keys").resolve("warden-ed25519.pub");
                System.err.println("Proof of entry " + seq + " written to " + out + "; check it with: bin/warden-verify " + out + " --key " + pubFile);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "head", mixinStandardHelpOptions = true, description = "Print the latest signed tree head.")
    public static final class Head implements Callable<Integer> {
        @Option(names = "--json", description = "As one JSON object (the treeHead member of a proof export)")
        boolean json;

        @Mixin
        HomeOptions home = new HomeOptions();

        @Override
        public Integer call() {
            try (Ledger ledger = home.readLedger()) {
                Optional<TreeHead> head = ledger.treeHead();
                if (head.isEmpty()) {
                    System.out.println(json ? "{}" : "The ledger is empty: run 'warden audit TARGET' or 'warden demo'.");
                    return ExitCodes.OK;
                }
                TreeHead h = head.get();
                String sig = Base64.getEncoder().encodeToString(h.signature());
                if (json) {
                    System.out.printf("{\"treeSize\":%d,\"timestamp\":%d,\"rootHash\":\"%s\",\"keyId\":\"%s\",\"signature\":\"%s\"}%n",
                            h.treeSize(), h.timestamp(), Hex.of(h.rootHash()), h.keyId(), sig);
                } else {
                    System.out.println("tree head  " + h.headSeq());
                    System.out.println("tree size  " + h.treeSize());
                    System.out.println("root hash  " + Hex.of(h.rootHash()));
                    System.out.println("signed at  " + Instant.ofEpochMilli(h.timestamp()) + " (" + h.timestamp() + " ms)");
                    System.out.println("key id     " + h.keyId());
                    System.out.println("signature  " + sig);
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List ledger entries, oldest first.",
            footer = {"", "Examples:", "  warden ledger list --subject 192.168.1.20", "  warden ledger list --kind label -f jsonl"})
    public static final class ListEntries implements Callable<Integer> {
        @Option(names = "--kind", paramLabel = "KIND", description = "Only this kind: label, finding, incident, incident-update, ack, ...")
        String kind;

        @Option(names = "--subject", paramLabel = "SUBJECT", description = "Only this subject (a device IP, an incident id, ...)")
        String subject;

        @Option(names = "--after", paramLabel = "SEQ", defaultValue = "-1", description = "Start after this sequence number")
        long after;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N entries (default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = {"-f", "--format"}, defaultValue = "table", description = "table, jsonl (each entry's exact bytes) or csv")
        String format;

        @Mixin
        HomeOptions home = new HomeOptions();

        @Override
        public Integer call() {
            Format f = UsageException.of(() -> Format.parse(format));
            if (limit <= 0) throw new UsageException("--limit must be positive, not " + limit);
            try (Ledger ledger = home.readLedger()) {
                var entries = ledger.list(kind, subject, after, limit);
                switch (f) {
                    case TABLE -> {
                        if (entries.isEmpty()) {
                            System.out.println("No ledger entries" + (kind != null || subject != null || after >= 0 ? " match." : " yet: run 'warden audit TARGET' or 'warden demo'."));
                            return ExitCodes.OK;
                        }
                        var rows = new ArrayList<String[]>();
                        rows.add(new String[]{"SEQ", "KIND", "SUBJECT", "RECORDED", "LEAF HASH"});
                        for (Entry e : entries) {
                            rows.add(new String[]{Long.toString(e.seq()), e.kind(), e.subject(), e.recordedAt().toString(), Hex.of(e.leafHash()).substring(0, 16)});
                        }
                        Table.print(rows, System.out);
                        if (entries.size() == limit) System.out.println("(first " + limit + "; more with --after " + entries.getLast().seq() + ")");
                    }
                    case JSONL -> entries.forEach(e -> System.out.println(e.text()));
                    case CSV -> {
                        System.out.println("seq,kind,subject,recorded_at,leaf_hash");
                        for (Entry e : entries) {
                            System.out.println(String.join(",", Long.toString(e.seq()), Csv.field(e.kind()), Csv.field(e.subject()),
                                    e.recordedAt().toString(), Hex.of(e.leafHash())));
                        }
                    }
                }
            }
            return ExitCodes.OK;
        }
    }
}
