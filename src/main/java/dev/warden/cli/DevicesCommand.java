package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.output.Csv;
import dev.warden.output.Format;
import dev.warden.output.Table;
import dev.warden.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;

@Command(name = "devices", usageHelpWidth = 120, mixinStandardHelpOptions = true, description = "List the devices in the store with their latest grade.")
public final class DevicesCommand implements Callable<Integer> {
    @Option(names = {"-f", "--format"}, defaultValue = "table", description = "table, jsonl or csv")
    String format;

    @Mixin
    HomeOptions home = new HomeOptions();

    @Override
    public Integer call() throws Exception {
        Format f = UsageException.of(() -> Format.parse(format));
        try (Store store = home.openStore()) {
            var rows = store.devices();
            switch (f) {
                case TABLE -> {
                    var t = new ArrayList<String[]>();
                    t.add(new String[]{"IP", "MAC", "DEVICE", "GRADE", "FINDINGS", "LAST SEEN"});
                    for (var r : rows) {
                        String dev = r.manufacturer() == null ? "unidentified" : r.manufacturer() + (r.model() == null ? "" : " " + r.model());
                        t.add(new String[]{r.ip(), r.mac() == null ? "-" : r.mac(), dev, r.grade(), Integer.toString(r.findings()), r.lastSeen()});
                    }
                    if (rows.isEmpty()) System.out.println("No devices yet: run 'warden audit TARGET' or 'warden demo'.");
                    else Table.print(t, System.out);
                }
                case JSONL -> {
                    var json = new ObjectMapper();
                    for (var r : rows) {
                        var m = new LinkedHashMap<String, Object>();
                        m.put("type", "device");
                        m.put("deviceKey", r.deviceKey());
                        m.put("ip", r.ip());
                        m.put("mac", r.mac());
                        m.put("manufacturer", r.manufacturer());
                        m.put("model", r.model());
                        m.put("firmware", r.firmware());
                        m.put("grade", r.grade());
                        m.put("findings", r.findings());
                        m.put("lastSeen", r.lastSeen());
                        m.put("lastAudit", r.lastAudit());
                        m.values().removeIf(v -> v == null);
                        System.out.println(json.writeValueAsString(m));
                    }
                }
                case CSV -> {
                    System.out.println("ip,mac,manufacturer,model,firmware,grade,findings,last_seen");
                    for (var r : rows) {
                        System.out.println(String.join(",", Csv.field(r.ip()), Csv.field(r.mac()), Csv.field(r.manufacturer()), Csv.field(r.model()),
                                Csv.field(r.firmware()), Csv.field(r.grade()), Integer.toString(r.findings()), Csv.field(r.lastSeen())));
                    }
                }
            }
        }
        return ExitCodes.OK;
    }
}
