package dev.warden.web;

import dev.warden.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 'warden serve' as a process: prints its URL and, on first start only, the admin token; 'warden token create' beside it. */
class ServeCommandTest {
    private static final Pattern URL = Pattern.compile("Warden is serving (http://127\\.0\\.0\\.1:\\d+/)");
    private static final Pattern TOKEN = Pattern.compile("Admin API token .*: (wdn_[A-Za-z0-9_-]+)");

    record Started(Process process, URI url, String adminToken) {}

    static Started serve(Path home, Path tokenFile) throws Exception {
        var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.warden.cli.Main", "serve", "--home", home.toString(), "--listen", "127.0.0.1:0"));
        if (tokenFile != null) cmd.addAll(List.of("--token-file", tokenFile.toString()));
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        URI url = null;
        String token = null;
        var seen = new StringBuilder();
        // the URL line comes first; on a first start the admin token line follows it at once
        for (String line; url == null || tokenFile != null && token == null; ) {
            line = in.readLine();
            if (line == null) break;
            seen.append(line).append('\n');
            var m = URL.matcher(line);
            if (m.find()) url = URI.create(m.group(1));
            var t = TOKEN.matcher(line);
            if (t.find()) token = t.group(1);
        }
        assertNotNull(url, "no URL printed: " + seen);
        return new Started(p, url, token);
    }

    @Test
    void servePrintsItsUrlAndTheFirstAdminTokenOnce(@TempDir Path home) throws Exception {
        Path tokenFile = home.resolve("admin.token");
        var first = serve(home, tokenFile);
        try {
            assertNotNull(first.adminToken(), "the first start prints an admin token");
            assertEquals(first.adminToken(), Files.readString(tokenFile).trim());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
            var http = HttpClient.newHttpClient();
            var me = http.send(HttpRequest.newBuilder(first.url().resolve("/api/me")).header("Authorization", "Bearer " + first.adminToken()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, me.statusCode(), me.body());
            assertTrue(me.body().contains("\"role\":\"admin\""), me.body());
        } finally {
            first.process().destroy();
            assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));
        }
        var second = serve(home, null);
        try {
            var http = HttpClient.newHttpClient();
            var tokens = http.send(HttpRequest.newBuilder(second.url().resolve("/api/tokens")).header("Authorization", "Bearer " + first.adminToken()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, tokens.statusCode(), "the first admin token still works after a restart: " + tokens.body());
            assertEquals(1, WebFixture.JSON.readTree(tokens.body()).path("tokens").size(), "no second admin token was made: " + tokens.body());
        } finally {
            second.process().destroy();
            assertTrue(second.process().waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void tokenCreateWritesAViewerTokenThatTheStoreKnowsByHash(@TempDir Path home) throws Exception {
        Path out = home.resolve("viewer.token");
        assertEquals(0, Main.run("token", "create", "--role", "viewer", "--name", "wall", "--home", home.toString(), "--out", out.toString()));
        String token = Files.readString(out).trim();
        assertTrue(token.startsWith("wdn_"));
        try (var store = dev.warden.store.SqlStore.sqlite(home.resolve("warden.db"))) {
            var row = store.tokenByHash(ApiTokens.sha256(token)).orElseThrow();
            assertEquals("viewer", row.role());
            assertEquals("wall", row.name());
        }
        assertTrue(Main.run("token", "create", "--role", "root", "--home", home.toString()) != 0, "an unknown role is refused");
    }
}
