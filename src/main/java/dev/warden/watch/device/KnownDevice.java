package dev.warden.watch.device;

/**
 * What an earlier audit (the store) or the user says about a device, matched by MAC first, then by IP.
 *
 * @param name  e.g. "Hikvision DS-2CD2032" (manufacturer and model), or null
 * @param label the grade of its latest audit label, or null
 */
public record KnownDevice(String ip, String mac, String name, String label) {}
