package dev.warden.watch.device;

import java.util.List;

/** A device as incidents name it: its address, MAC (null when not seen), OUI vendor, names and audit label grade. */
public record DeviceRef(String ip, String mac, String vendor, List<String> names, String label) {
    public DeviceRef {
        names = names == null ? List.of() : List.copyOf(names);
    }

    /** How a person reads it: "192.168.1.195", or with the name an audit gave it: "192.168.1.20 Hikvision DS-2CD2032". */
    public String describe() {
        return names.isEmpty() ? ip : ip + " " + names.getFirst();
    }
}
