package dev.warden.cli;

import dev.warden.emulator.Fleet;
import dev.warden.emulator.LowPorts;
import dev.warden.emulator.Personas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger from the command line: an audit puts each device's label and findings in it, and 'ledger verify', 'prove',
 * 'head' and 'list' read it back; warden-verify checks what 'prove' exported.
 */
class LedgerCliTest {
    static final String FIRST = "127.78.23.1";
    static Fleet fleet;
    @TempDir
    static Path home;
    static CliTest.Run audit;

    @BeforeAll
    static void auditTwoDevices() throws Exception {
        var personas = LowPorts.adapt(List.of(Personas.xiongmaiDvr(0), Personas.basicAuthCamera()), LowPorts.bindable(FIRST));
        fleet = Fleet.start(FIRST, personas);
        var ips = fleet.devices().stream().map(d -> d.ip()).toList();
        audit = CliTest.run("audit", "--home", home.toString(), "--scope", "127.78.23.0/24", "--timeout", "2s", "--udp-ports", "",
                "--show-passwords", "-q", ips.get(0), ips.get(1));
    }

    @AfterAll
    static void stop() {
        if (fleet != null) fleet.close();
    }

    String pub() {
        return home.resolve("keys/warden-ed25519.pub").toString();
    }

    @Test
    void anAuditRecordsEachLabelAndFindingAndTheLedgerVerifies() {
        assertEquals(1, audit.code(), audit.err());
        var r = CliTest.run("ledger", "verify", "--home", home.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("intact: "), r.out());
        assertTrue(r.out().contains("under 2 signed tree heads"), "one head per device: " + r.out());

        r = CliTest.run("ledger", "list", "--home", home.toString(), "--kind", "label");
        assertEquals(0, r.code());
        assertTrue(r.out().contains(FIRST) && r.out().contains("127.78.23.2"), r.out());
        r = CliTest.run("ledger", "list", "--home", home.toString(), "--subject", FIRST, "-f", "jsonl");
        assertTrue(r.out().contains("\"kind\":\"finding\"") && r.out().contains("\"check\":\"default-credentials\""), r.out());
        // the audit printed passwords because it was asked to; the ledger, which can never forget, did not keep them
        assertTrue(audit.out().contains("xc3511"), "the audit output shows the password");
        r = CliTest.run("ledger", "list", "--home", home.toString(), "-f", "jsonl", "--limit", "1000");
        assertFalse(r.out().contains("xc3511"), r.out());
        assertTrue(r.out().contains("\"password\":\"******\""), r.out());
    }

    @Test
    void proveExportsWhatWardenVerifyAccepts(@TempDir Path dir) throws Exception {
        Path proof = dir.resolve("p.json");
        var r = CliTest.run("ledger", "prove", "0", "--home", home.toString(), "--out", proof.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("bin/warden-verify " + proof), r.err());
        assertTrue(Files.readString(proof).contains("\"format\" : \"warden.ledger-proof/1\""));
        assertEquals(0, dev.warden.ledger.verify.ProofVerifierMainTest.runVerifier(proof.toString(), "--key", pub()));

        r = CliTest.run("ledger", "prove", "9999", "--home", home.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("the ledger has no entry 9999"), r.err());
    }

    @Test
    void headPrintsTheLatestSignedTreeHead() {
        var r = CliTest.run("ledger", "head", "--home", home.toString());
        assertEquals(0, r.code());
        assertTrue(r.out().contains("tree head  1") && r.out().contains("key id     "), r.out());
        r = CliTest.run("ledger", "head", "--home", home.toString(), "--json");
        assertTrue(r.out().startsWith("{\"treeSize\":"), r.out());
    }

    @Test
    void aTamperedLedgerFailsVerifyWithTheEntryNamed(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("home");
        Files.createDirectories(copy.resolve("keys"));
        Files.copy(home.resolve("warden.db"), copy.resolve("warden.db"));
        Files.copy(home.resolve("keys/warden-ed25519.pub"), copy.resolve("keys/warden-ed25519.pub"));
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + copy.resolve("warden.db")); var st = c.createStatement()) {
            st.executeUpdate("UPDATE ledger_entry SET entry = replace(entry, '\"grade\":\"F\"', '\"grade\":\"A\"') WHERE seq = 0");
        }
        var r = CliTest.run("ledger", "verify", "--home", copy.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().startsWith("BROKEN: entry 0: leaf hash mismatch"), r.out());
        r = CliTest.run("ledger", "verify", "--home", copy.toString(), "--key", home.resolve("nope.pub").toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("no Warden public key at"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void anEmptyHomeSaysWhatToDo(@TempDir Path empty) {
        var r = CliTest.run("ledger", "verify", "--home", empty.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("intact: the ledger is empty\n", r.out());
        r = CliTest.run("ledger", "head", "--home", empty.toString());
        assertTrue(r.out().contains("The ledger is empty"), r.out());
        r = CliTest.run("ledger", "list", "--home", empty.toString());
        assertTrue(r.out().contains("No ledger entries yet"), r.out());
        r = CliTest.run("ledger", "--home", empty.toString());
        assertEquals(2, r.code());
    }
}
