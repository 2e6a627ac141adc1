package dev.warden.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.emulator.LowPorts;
import dev.warden.emulator.Personas;
import dev.warden.store.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in Debian's headless Chromium, driven by Selenium, over a store filled by a real audit of the standard
 * emulated fleet and a real watch run of a generated capture of bots at two of its addresses (WebFixture). Each page must
 * show the figures the store holds; screenshots go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target/screenshots");
    static WebFixture f;
    static WebDriver driver;
    static Path profile;
    static String net;

    @BeforeAll
    static void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "1".equals(System.getenv("WARDEN_REQUIRE_TESTBED"))) {
            throw new IllegalStateException("WARDEN_REQUIRE_TESTBED=1 but /usr/bin/chromium or /usr/bin/chromedriver is missing: run testbed/browser-install");
        }
        assumeTrue(present, "Debian's chromium and chromium-driver are not installed (testbed/browser-install)");
        var backends = TestStores.list();
        var backend = backends.getLast(); // PostgreSQL when configured: the whole path from browser to database
        String first = "127.83.20.1";
        net = "127.83.20.";
        f = WebFixture.start(backend, first, "127.83.20.0/24", LowPorts.adapt(Personas.standard(), LowPorts.bindable(first)));
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("warden-chromium");
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--user-data-dir=" + profile, "--window-size=1280,1600");
        var logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) driver.quit();
        if (f != null) f.close();
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    static WebElement waitFor(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    static void open(String page) {
        driver.get(f.url(page).toString());
    }

    static void shot(String name) throws Exception {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
        assertTrue(png.length > 10_000, name + " screenshot has content");
    }

    /** Console errors (a CSP violation, a script error, a failed request) fail the page. */
    static void noConsoleErrors(String page) {
        var bad = new ArrayList<String>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) if (e.getLevel().intValue() >= Level.SEVERE.intValue()) bad.add(e.getMessage());
        assertTrue(bad.isEmpty(), page + ": browser console errors " + bad);
    }

    /** axe-core's WCAG 2 A and AA rules on the page as it stands: no violation of any impact. */
    static void accessible(String page) {
        var results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(driver);
        var found = new ArrayList<String>();
        for (Rule r : results.getViolations()) {
            var where = r.getNodes().stream().limit(3).map(n -> String.valueOf(n.getTarget())).toList();
            found.add(r.getId() + " (" + r.getImpact() + "): " + r.getHelp() + " at " + where);
        }
        assertTrue(found.isEmpty(), page + ": accessibility violations\n" + String.join("\n", found));
        assertTrue(results.getPasses().size() > 5, page + ": axe ran");
    }

    static String text(String css) {
        return waitFor(css).getText().trim();
    }

    static JsonNode api(String path) throws Exception {
        return WebFixture.json(f.get(path, Role.VIEWER));
    }

    @Test
    @Order(1)
    void loginFormTakesAViewerToken() throws Exception {
        open("index.html");
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("login.html"));
        waitFor("#token").sendKeys("wdn_wrong");
        driver.findElement(By.cssSelector("#login button")).click();
        assertTrue(waitFor(".msg-error").getText().contains("not valid"), "a refused token says why");
        shot("login-refused");
        accessible("login-refused");
        driver.manage().logs().get(LogType.BROWSER); // the refused request is logged as a 401; drop it
        var field = driver.findElement(By.id("token"));
        field.clear();
        field.sendKeys(f.tokens.get(Role.VIEWER));
        driver.findElement(By.cssSelector("#login button")).click();
        waitFor("#devices-table");
        assertTrue(driver.getCurrentUrl().endsWith("/index.html"), driver.getCurrentUrl());
        noConsoleErrors("login");
    }

    @Test
    @Order(2)
    void devicesPageShowsTheStoresFigures() throws Exception {
        open("index.html");
        waitFor("#devices-table tbody tr");
        var devices = f.store.devices();
        var failed = f.store.failedProvisions();
        long failing = devices.stream().filter(d -> !failed.getOrDefault(d.deviceKey(), Set.of()).isEmpty()).count();
        long gradedF = devices.stream().filter(d -> "F".equals(d.grade())).count();
        assertEquals(Integer.toString(devices.size()), text("#device-count .n"));
        assertEquals(Long.toString(failing), text("#failing-count .n"));
        assertEquals(Long.toString(gradedF), text("#f-count .n"));
        assertEquals(devices.size(), driver.findElements(By.cssSelector("#devices-table tbody tr")).size());
        var dvr = driver.findElement(By.cssSelector("#devices-table tr[data-ip='" + net + "1']"));
        assertEquals("F", dvr.findElement(By.cssSelector(".grade-cell")).getText());
        assertEquals("failing", dvr.findElement(By.cssSelector(".status-cell")).getText());
        assertTrue(dvr.getText().contains("Hangzhou Xiongmai"), dvr.getText());
        for (var d : devices) {
            var row = driver.findElement(By.cssSelector("#devices-table tr[data-ip='" + d.ip() + "']"));
            assertEquals(d.grade(), row.getDomAttribute("data-grade"), d.ip());
        }
        var bars = driver.findElements(By.cssSelector("#grade-bars g.bar"));
        assertEquals(5, bars.size());
        assertEquals(Long.toString(gradedF), bars.get(4).getDomAttribute("data-value"), "the F bar");
        shot("devices");
        accessible("devices");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("f-grade"))).selectByValue("F");
        assertEquals(gradedF, driver.findElements(By.cssSelector("#devices-table tbody tr")).size());
        assertEquals(gradedF + " of " + devices.size() + " shown", text("#shown"));
        shot("devices-grade-F");
        noConsoleErrors("devices");
    }

    @Test
    @Order(3)
    void devicePageShowsLabelServicesFindingsAndIncidents() throws Exception {
        open("device.html?key=" + net + "1");
        waitFor("#findings");
        assertTrue(text("#title").contains(net + "1") && text("#title").endsWith("F"), text("#title"));
        assertTrue(text("#identity").contains("Hangzhou Xiongmai"));
        var creds = driver.findElement(By.cssSelector("#findings tr[data-check='default-credentials']"));
        assertTrue(creds.getText().contains("2016-09-30"), "foreseeability date: " + creds.getText());
        assertTrue(creds.getText().contains("root"), "the user is shown");
        assertFalse(driver.getPageSource().contains("xc3511"), "never the password");
        var fails = driver.findElements(By.cssSelector("#verdicts tr[data-verdict='fail']"));
        JsonNode label = WebFixture.JSON.readTree(f.store.latestLabel(net + "1").orElseThrow());
        long expectedFails = 0;
        for (JsonNode v : label.path("verdicts")) if (v.path("verdict").asText().equals("fail")) expectedFails++;
        assertEquals(expectedFails, fails.size());
        assertTrue(fails.stream().anyMatch(r -> r.getText().contains("5.1-1")), "EN 303 645 5.1-1 fails");
        assertEquals(f.store.services(net + "1", null).size(), driver.findElements(By.cssSelector("#services tbody tr")).size());
        assertTrue(text("#incidents").contains("W1-I1"), "the device's incidents");
        shot("device-xiongmai-dvr");
        accessible("device-xiongmai-dvr");
        noConsoleErrors("device");
    }

    @Test
    @Order(4)
    void manufacturersAreRankedByExposureWithAChart() throws Exception {
        open("manufacturers.html");
        waitFor("#manufacturers-table tbody tr");
        var expected = Api.manufacturerRanking(f.store.devices(), f.store.failedProvisions());
        var rows = driver.findElements(By.cssSelector("#manufacturers-table tbody tr"));
        assertEquals(expected.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(expected.get(i).get("manufacturer"), rows.get(i).getDomAttribute("data-manufacturer"), "rank " + (i + 1));
            assertEquals(Integer.toString(i + 1), rows.get(i).getDomAttribute("data-rank"));
        }
        var xm = driver.findElement(By.cssSelector("#manufacturers-table tr[data-manufacturer='Hangzhou Xiongmai']"));
        assertEquals("100 %", xm.findElement(By.cssSelector(".exposure")).getText());
        assertEquals(expected.size(), driver.findElements(By.cssSelector("#exposure-bars g.bar")).size());
        shot("manufacturers");
        accessible("manufacturers");
        noConsoleErrors("manufacturers");
    }

    @Test
    @Order(5)
    void incidentsOverTime() throws Exception {
        open("incidents.html");
        waitFor("#incidents-table tbody tr");
        var all = api("/api/incidents?limit=1000").path("incidents");
        assertEquals(Integer.toString(all.size()), text("#incident-total .n"));
        int sum = 0;
        for (var c : driver.findElements(By.cssSelector("#incidents-per-day g.column"))) sum += Integer.parseInt(c.getDomAttribute("data-value"));
        assertEquals(all.size(), sum, "the chart counts every incident once");
        assertEquals(all.size(), driver.findElements(By.cssSelector("#incidents-table tbody tr")).size());
        shot("incidents");
        accessible("incidents");
        noConsoleErrors("incidents");

        // pages of 2: the figures and chart still count every incident; Older and Newer walk the list in its order
        assertTrue(all.size() > 4, "more than two pages: " + all.size());
        open("incidents.html?limit=2");
        waitFor("#incidents-table tbody tr");
        assertEquals(Integer.toString(all.size()), text("#incident-total .n"));
        var seen = new java.util.ArrayList<String>();
        for (int page = 0; ; page++) {
            var rows = driver.findElements(By.cssSelector("#incidents-table tbody tr"));
            assertEquals(Math.min(2, all.size() - 2 * page), rows.size(), "page " + page);
            for (var r : rows) seen.add(r.getDomAttribute("data-id"));
            assertEquals(String.format(java.util.Locale.US, "%d–%d of %d", 2 * page + 1, 2 * page + rows.size(), all.size()), text("#page-range"));
            var older = driver.findElement(By.id("older"));
            if (!older.isEnabled()) break;
            String first = rows.getFirst().getDomAttribute("data-id");
            older.click();
            // the table is replaced when the page arrives: a row found just before may be gone when read
            new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
                    !d.findElement(By.cssSelector("#incidents-table tbody tr")).getDomAttribute("data-id").equals(first));
        }
        var ids = new java.util.ArrayList<String>();
        all.forEach(i -> ids.add(i.path("id").asText()));
        assertEquals(ids, seen, "every incident once, newest first");
        driver.findElement(By.id("newer")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
                d.findElement(By.id("older")).isEnabled());
        noConsoleErrors("incidents, paged");
    }

    @Test
    @Order(6)
    void incidentPageShowsTimelineHarmAndLedgerAndAnOperatorAcknowledges() throws Exception {
        open("incident.html?id=W1-I1");
        waitFor("#harm");
        JsonNode stored = api("/api/incidents/W1-I1");
        assertEquals("mirai-syn-probe", stored.path("detector").asText(), "device 1's scan, from the real watch run");
        assertEquals(String.format(java.util.Locale.US, "%,d", stored.path("figures").path("probes").asLong()),
                driver.findElement(By.cssSelector("#harm li[data-figure='probes'] .n")).getText());
        assertEquals(stored.path("explanation").asText(), text("#explanation"));
        // every ledger entry of the incident is listed, and the proof shown is the one of the latest entry
        assertEquals(stored.path("ledger").path("entries").size(), driver.findElements(By.cssSelector("#ledger tr[data-seq]")).size());
        assertTrue(text("#proof").contains(stored.path("ledger").path("proof").path("treeHead").path("rootHash").asText()), text("#proof"));
        assertTrue(text("#excerpt").contains(f.store.incident("W1-I1").orElseThrow().excerptSha256()), "the pcap excerpt's hash");
        assertTrue(text("#evidence").contains(stored.path("evidence").path("flowIds").get(0).asText()));
        assertTrue(driver.findElement(By.id("incident-report")).isDisplayed() && driver.findElement(By.id("liability-report")).isDisplayed(),
                "the incident report and liability worksheet can be downloaded");
        assertTrue(driver.getPageSource().contains("needs an operator token") || text("#main").contains("viewer"), "a viewer is told it cannot act");
        shot("incident-viewer");
        accessible("incident-viewer");
        noConsoleErrors("incident (viewer)");
        open("incident.html?id=W1-I1&token=" + f.tokens.get(Role.OPERATOR));
        waitFor("#ack");
        assertFalse(driver.getCurrentUrl().contains("token="), "the token leaves the address bar at once");
        driver.findElement(By.id("note")).sendKeys("isolating the DVR");
        driver.findElement(By.id("ack")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "isolating the DVR"));
        assertTrue(text("#title").contains("acknowledged"));
        assertTrue(text("#timeline").contains("acknowledged by operator of the tests"), text("#timeline"));
        assertEquals("acknowledged", api("/api/incidents/W1-I1").path("status").asText());
        shot("incident-acknowledged");
        accessible("incident-acknowledged");
        noConsoleErrors("incident (operator)");
    }

    @Test
    @Order(7)
    void anOperatorStartsAnAuditFromTheForm() throws Exception {
        open("audits.html");
        waitFor("#audits-table");
        driver.findElement(By.id("targets")).sendKeys(net + "1, " + net + "2");
        driver.findElement(By.id("scope")).sendKeys(net + "0/24");
        driver.findElement(By.id("start-button")).click();
        String started = waitFor(".msg-ok").getText();
        assertTrue(started.startsWith("Audit A"), started);
        String id = started.split(" ")[1];
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#audits-table tr[data-id='" + id + "'][data-status='finished']")));
        assertEquals(2, api("/api/audits/" + id).path("devices").asInt());
        shot("audits");
        accessible("audits");
        driver.findElement(By.id("targets")).clear();
        driver.findElement(By.id("targets")).sendKeys("8.8.8.8");
        driver.findElement(By.id("scope")).clear();
        driver.findElement(By.id("start-button")).click();
        assertTrue(waitFor(".msg-error").getText().contains("outside"), "an out-of-scope target is refused with the reason");
        shot("audits-refused");
        List<LogEntry> ignoredExpected400 = driver.manage().logs().get(LogType.BROWSER).getAll();
        assertTrue(ignoredExpected400.stream().allMatch(e -> e.getMessage().contains("400")), "only the refused request is logged: " + ignoredExpected400);
    }

    @Test
    @Order(9)
    void anOperatorWatchesACaptureFromTheForm() throws Exception {
        open("watches.html");
        waitFor("#watches-table tr[data-run='W1']");
        assertEquals("bots.pcap", driver.findElement(By.id("capture")).getDomProperty("value"), "the capture directory's file is offered");
        int before = api("/api/incidents").path("count").asInt();
        driver.findElement(By.id("start-button")).click();
        String started = waitFor(".msg-ok").getText();
        assertTrue(started.startsWith("Watch J"), started);
        String id = started.split(" ")[1];
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#watches-table tr[data-id='" + id + "'][data-status='finished']")));
        JsonNode job = api("/api/watches/" + id);
        String run = job.path("run").asText();
        assertEquals(run, driver.findElement(By.cssSelector("#watches-table tr[data-id='" + id + "']")).getDomAttribute("data-run"));
        assertEquals(before + job.path("incidents").asInt(), api("/api/incidents").path("count").asInt(), "the run's incidents are served");
        assertTrue(job.path("incidents").asInt() > 0);
        shot("watches");
        accessible("watches");
        noConsoleErrors("watches");
        // live capture on an allowed interface, for a bounded time
        assertEquals("lo", driver.findElement(By.id("interface")).getDomProperty("value"));
        var duration = driver.findElement(By.id("duration"));
        duration.clear();
        duration.sendKeys("2s");
        driver.findElement(By.id("live-button")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".msg-ok"), "interface lo"));
        String live = driver.findElement(By.cssSelector(".msg-ok")).getText().split(" ")[1];
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#watches-table tr[data-id='" + live + "'][data-status='finished']")));
    }

    @Test
    @Order(8)
    void theAccessibilityCheckCatchesAnUnlabelledControl() {
        open("index.html");
        waitFor("#devices-table");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "document.querySelector('main').append(Object.assign(document.createElement('input'), {type: 'text', id: 'unlabelled'}))");
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.opentest4j.AssertionFailedError.class, () -> accessible("devices with a stray input"));
        assertTrue(e.getMessage().contains("label"), e.getMessage());
    }
}
