package dev.warden.identify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OuiRegistryTest {

    @TempDir
    Path dir;

    private final OuiRegistry bundled = OuiRegistry.bundled();

    @Test
    void bundledTableIsComplete() {
        assertTrue(bundled.size() > 30_000, "MA-L has over 30 000 prefixes, got " + bundled.size());
        assertTrue(bundled.source().contains("oui.tsv.gz"));
        assertSame(bundled, OuiRegistry.bundled(), "parsed once");
    }

    @Test
    void knownPrefixes() {
        assertEquals(Optional.of("Cisco Systems, Inc"), bundled.organisation("00:00:0C:12:34:56"));
        assertEquals(Optional.of("XEROX CORPORATION"), bundled.organisation("00:00:00:00:00:01"));
        // Hikvision cameras and NVRs. The listing has no XiongMai registration, so Hikvision stands in
        // for a camera maker here.
        assertEquals(Optional.of("Hangzhou Hikvision Digital Technology Co.,Ltd."), bundled.organisation("44:47:cc:01:02:03"));
        assertEquals(Optional.of("Hangzhou Hikvision Digital Technology Co.,Ltd."), bundled.organisation("58-03-FB-01-02-03"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00:00:0c:12:34:56", "00-00-0C-12-34-56", "0000.0c12.3456", "00000C123456", "0:0:c:12:34:56"})
    void everyFormatFindsTheSameVendor(String mac) {
        assertEquals(Optional.of("Cisco Systems, Inc"), bundled.organisation(mac));
    }

    @Test
    void prefixesWithSeveralRegistrantsNameThemAll() {
        assertEquals(Optional.of("NETWORK RESEARCH CORPORATION / ROYAL MELBOURNE INST OF TECH / CERN"),
            bundled.organisation("08:00:30:00:00:01"));
    }

    @Test
    void zeroWidthSpacesAreStripped() {
        assertEquals(Optional.of("ASUNG TECHNO CO.,Ltd"), bundled.organisation("48:bc:a6:00:00:01"));
    }

    @Test
    void unregisteredPrefixIsEmpty() {
        assertEquals(Optional.empty(), bundled.organisation("c0:ff:ee:00:00:01"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"02:00:00:00:00:01", "da:a1:19:5c:3e:01", "3a:00:0c:12:34:56", "fe:ff:ff:ff:ff:ff"})
    void locallyAdministeredAddressesAreNotVendors(String mac) {
        assertEquals(Optional.of(OuiRegistry.LOCALLY_ADMINISTERED), bundled.organisation(mac));
        assertEquals("locally administered (randomised)", OuiRegistry.LOCALLY_ADMINISTERED);
    }

    @Test
    void malformedMacIsRejected() {
        MalformedMacException e = assertThrows(MalformedMacException.class, () -> bundled.organisation("00:00:0c:12:34"));
        assertTrue(e.getMessage().contains("00:00:0c:12:34"), e.getMessage());
    }

    @Test
    void readsIeeeOuiTxtWithCrlf() throws Exception {
        String txt = """
            OUI/MA-L                                                    Organization
            company_id                                                  Organization
                                                                        Address

            00-00-0C   (hex)\t\tCisco Systems, Inc
            00000C     (base 16)\t\tCisco Systems, Inc
            \t\t\t\t170 WEST TASMAN DRIVE
            \t\t\t\tSAN JOSE  CA  95134
            \t\t\t\tUS

            44-47-CC   (hex)\t\t Hangzhou Hikvision Digital Technology Co.,Ltd.\s
            4447CC     (base 16)\t\tHangzhou Hikvision Digital Technology Co.,Ltd.
            """.replace("\n", "\r\n");
        Path p = dir.resolve("oui.txt");
        Files.writeString(p, txt, StandardCharsets.UTF_8);
        OuiRegistry r = OuiRegistry.load(p);
        assertEquals(2, r.size());
        assertEquals(Optional.of("Cisco Systems, Inc"), r.organisation("00:00:0c:00:00:00"));
        assertEquals(Optional.of("Hangzhou Hikvision Digital Technology Co.,Ltd."), r.organisation("44:47:cc:00:00:00"));
        assertEquals(p.toString(), r.source());
    }

    @Test
    void readsGzippedTsv() throws Exception {
        Path p = dir.resolve("table.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write("# comment\n00000C\tCisco Systems, Inc\n4447cc\tHikvision\n".getBytes(StandardCharsets.UTF_8));
        }
        OuiRegistry r = OuiRegistry.load(p);
        assertEquals(2, r.size());
        assertEquals(Optional.of("Hikvision"), r.organisation("44:47:CC:00:00:00"));
    }

    @Test
    void badFilesAreNamed() throws Exception {
        Path missing = dir.resolve("none.txt");
        assertEquals(missing + ": no such file",
            assertThrows(OuiRegistryException.class, () -> OuiRegistry.load(missing)).getMessage());

        Path empty = Files.writeString(dir.resolve("empty.txt"), "just some text\nnothing here\n");
        String m = assertThrows(OuiRegistryException.class, () -> OuiRegistry.load(empty)).getMessage();
        assertTrue(m.startsWith(empty + ": no OUI entries found"), m);

        Path broken = Files.writeString(dir.resolve("broken.txt"), "00-00-0C   (hex)\t\tCisco\n00-0G-0C   (hex)\t\tBad\n");
        m = assertThrows(OuiRegistryException.class, () -> OuiRegistry.load(broken)).getMessage();
        assertTrue(m.startsWith(broken + ": line 2: prefix \"00-0G-0C\" is not six hex digits"), m);

        Path badTsv = Files.writeString(dir.resolve("bad.tsv"), "00000C\tCisco\n0000C\tShort\n");
        m = assertThrows(OuiRegistryException.class, () -> OuiRegistry.load(badTsv)).getMessage();
        assertTrue(m.startsWith(badTsv + ": line 2: prefix \"0000C\""), m);
    }

    @Test
    void loadPrefersTheSystemListingAndFallsBackToTheBundledOne() {
        OuiRegistry r = OuiRegistry.load();
        assertEquals(Optional.of("Cisco Systems, Inc"), r.organisation("00:00:0c:00:00:01"));
        if (Files.isReadable(OuiRegistry.SYSTEM_FILE)) {
            assertEquals(OuiRegistry.SYSTEM_FILE.toString(), r.source());
        } else {
            assertSame(OuiRegistry.bundled(), r);
        }
    }

    @Test
    void aMissingOrBrokenSystemListingFallsBackToTheBundledOne() throws Exception {
        assertSame(OuiRegistry.bundled(), OuiRegistry.loadPreferring(dir.resolve("absent.txt")));
        Path broken = Files.writeString(dir.resolve("broken-oui.txt"), "not a listing\n");
        assertSame(OuiRegistry.bundled(), OuiRegistry.loadPreferring(broken));
        Path good = Files.writeString(dir.resolve("good.tsv"), "00000C\tCisco\n");
        assertEquals(good.toString(), OuiRegistry.loadPreferring(good).source());
    }

    @Test
    void systemListingIfPresentAgreesWithTheBundledCopyOnKnownPrefixes() throws Exception {
        if (!Files.isReadable(OuiRegistry.SYSTEM_FILE)) return;
        OuiRegistry system = OuiRegistry.load(OuiRegistry.SYSTEM_FILE);
        for (String mac : new String[] {"00:00:0c:00:00:01", "44:47:cc:00:00:01", "08:00:30:00:00:01", "48:bc:a6:00:00:01"}) {
            assertEquals(bundled.organisation(mac), system.organisation(mac), mac);
        }
    }
}
