package dev.warden.watch.profile;

import dev.warden.assess.Severity;
import dev.warden.watch.Traffic;
import dev.warden.watch.detect.LearnedProfileDetector;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.incident.Incident;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.warden.watch.Traffic.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The learned profile on generic flow records: a Smarter-like coffee maker (192.168.1.60) that during its learning
 * hour only asks DNS, sets its clock by NTP and talks HTTP to its cloud, and later starts sending mail. The lead will
 * feed the real SmarterCoffee capture (shared/data/iot-sentinel) through the packet path into the same detector.
 */
class LearnedProfileTest {
    static final String COFFEE = "192.168.1.60", ROUTER = "192.168.1.1";
    static final long HOUR = 3_600_000_000L;

    /** Two hours of what a connected coffee maker does. */
    static Traffic coffeeMaker() {
        var t = new Traffic();
        for (int m = 0; m < 120; m++) {
            double s = m * 60;
            if (m % 5 == 0) t.udp(s, COFFEE, 30000 + m, ROUTER, 53, 1, 70, true);
            if (m % 10 == 0) t.udp(s + 1, COFFEE, 123, "162.159.200.123", 123, 1, 76, true);
            if (m % 2 == 0) t.session(s + 2, COFFEE, "52.16.20.30", 80, 0.4, 300, 900);
        }
        return t;
    }

    /** Then it sends mail: 40 SMTP connections to 3 servers, after the learning hour. */
    static Traffic spam(Traffic t, double from) {
        String[] servers = {"198.51.100.25", "203.0.113.25", "192.0.2.25"};
        for (int i = 0; i < 40; i++) t.session(from + i * 20, COFFEE, servers[i % 3], 25, 3, 4000, 300);
        return t;
    }

    @Test
    void firstSmtpEverFromTheCoffeeMaker() {
        var incidents = spam(coffeeMaker(), 5400).run(c -> c.withProfiles(new Profiles(HOUR)));
        var found = of(incidents, LearnedProfileDetector.ID);
        assertEquals(1, found.size(), incidents.toString());
        Incident i = found.getFirst();
        assertEquals(COFFEE, i.device().ip());
        assertEquals("service:SMTP", i.key());
        assertEquals(Severity.HIGH, i.severity());
        assertTrue(i.explanation().startsWith("First SMTP ever: 40 connections to 3 servers (tcp/25)"), i.explanation());
        assertTrue(i.explanation().endsWith("While learned it only used DNS, HTTP and NTP."), i.explanation());
        assertEquals(3, i.counterparts().size());
        assertEquals(Traffic.at(5400), i.firstSeen(), "starts at the first SMTP connection");
    }

    /**
     * A session that began while learning is reported at its end, after the incident opened (conn.log order): the
     * profile learns it then, but the incident's sentence keeps what was learned when it spoke.
     */
    @Test
    void theSentenceSaysWhatWasLearnedWhenTheIncidentOpened() {
        var t = spam(coffeeMaker(), 5400);
        t.session(1800, COFFEE, "52.16.20.31", 443, 5200, 50_000, 90_000); // HTTPS from minute 30, ending while the incident is open
        var found = of(t.run(c -> c.withProfiles(new Profiles(HOUR))), LearnedProfileDetector.ID);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.getFirst().explanation().endsWith("While learned it only used DNS, HTTP and NTP."), found.getFirst().explanation());
    }

    @Test
    void doingWhatItLearnedIsNoIncident() {
        assertEquals(List.of(), coffeeMaker().run(c -> c.withProfiles(new Profiles(HOUR))));
    }

    @Test
    void withoutLearningTheDetectorIsSilent() {
        assertTrue(of(spam(coffeeMaker(), 5400).run(), LearnedProfileDetector.ID).isEmpty());
    }

    @Test
    void smtpDuringLearningIsLearned() {
        assertTrue(of(spam(coffeeMaker(), 600).run(c -> c.withProfiles(new Profiles(HOUR))), LearnedProfileDetector.ID).isEmpty());
    }

    @Test
    void profilesSurviveAFileAndJudgeTheNextDay(@TempDir Path dir) throws Exception {
        var learned = new Profiles(HOUR);
        coffeeMaker().run(c -> c.withProfiles(learned));
        Path file = dir.resolve("home.profile.json");
        learned.save(file);
        assertTrue(Files.readString(file).contains("\"services\" : [ \"DNS\", \"NTP\", \"HTTP\" ]"), Files.readString(file));

        var nextDay = new Traffic();
        for (FlowRecord f : spam(coffeeMaker(), 5400).flows()) nextDay.add(f.toBuilder().start(f.startMicros() + 24 * HOUR));
        var loaded = Profiles.load(file, 0); // no new learning: judge against the file at once
        var found = of(nextDay.run(c -> c.withProfiles(loaded)), LearnedProfileDetector.ID);
        assertEquals(1, found.size());
        assertTrue(found.getFirst().explanation().startsWith("First SMTP ever: 40 connections to 3 servers"), found.getFirst().explanation());
    }

    @Test
    void manyNewHostsAndABusyHour() {
        var t = coffeeMaker();
        for (int i = 0; i < 400; i++) t.syn(4000 + i * 2, COFFEE, "198.18." + (i / 250) + "." + (i % 250 + 1), 80, 1);
        var found = of(t.run(c -> c.withProfiles(new Profiles(HOUR))), LearnedProfileDetector.ID);
        assertEquals(List.of("new-hosts", "rate"), found.stream().map(Incident::key).toList());
        assertTrue(found.get(0).explanation().startsWith("Contacted 400 hosts it had never contacted within 60 min"), found.get(0).explanation());
    }

    @Test
    void aBrokenProfileFileIsNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.json");
        Files.writeString(f, "{\"version\": 7}");
        var e = assertThrows(IllegalArgumentException.class, () -> Profiles.load(f, 0));
        assertTrue(e.getMessage().contains("is not a Warden profile"), e.getMessage());
        Files.writeString(f, "{nope");
        e = assertThrows(IllegalArgumentException.class, () -> Profiles.load(f, 0));
        assertTrue(e.getMessage().contains("not readable JSON"), e.getMessage());
        assertTrue(Profiles.load(dir.resolve("absent.json"), HOUR).all().isEmpty(), "a missing file means: learn now");
    }
}
