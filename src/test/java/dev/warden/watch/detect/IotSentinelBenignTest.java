package dev.warden.watch.detect;

import dev.warden.watch.WatchEngine;
import dev.warden.watch.device.Device;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No false alarm on benign set-up traffic: each of the 31 IoT Sentinel devices (../shared/data/iot-sentinel), all its
 * Setup-*.pcap captures read in order through one engine, gives no incident of any detector, and the device itself
 * (its MAC from _iotdevice-mac.txt) is seen.
 */
class IotSentinelBenignTest {
    @Test
    void setUpTrafficOfEveryDeviceRaisesNothing() throws Exception {
        Path root = SharedCaptures.folder("iot-sentinel");
        List<Path> devices = SharedCaptures.deviceFolders(root);
        assertEquals(31, devices.size());
        var problems = new ArrayList<String>();
        long packets = 0, files = 0;
        for (Path device : devices) {
            List<Path> setups = SharedCaptures.setups(device);
            assertTrue(!setups.isEmpty(), device.toString());
            WatchEngine e = SharedCaptures.engine(c -> c);
            SharedCaptures.read(e, setups);
            e.finish();
            packets += e.packets();
            files += setups.size();
            long mac = SharedCaptures.mac(device);
            boolean seen = e.devices().devices().stream().map(Device::mac).anyMatch(m -> m == mac);
            if (!seen) problems.add(device.getFileName() + ": device " + Long.toHexString(mac) + " not seen");
            e.incidents().forEach(i -> problems.add(device.getFileName() + ": " + i.detector() + " " + i.device().ip() + " " + i.explanation()));
        }
        System.out.println("iot-sentinel: " + devices.size() + " devices, " + files + " captures, " + packets + " packets, "
                + problems.size() + " problems");
        assertEquals(List.of(), problems);
    }
}
