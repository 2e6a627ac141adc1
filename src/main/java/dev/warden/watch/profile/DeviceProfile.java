package dev.warden.watch.profile;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one device was seen doing during its learning period: the services it used (named, "DNS", "NTP", or
 * "tcp/8886"), the hosts and names it contacted, and its busiest hour. Bounded: a device that contacts more than the
 * limit of destinations during learning is marked saturated, and "new host" deviations are not judged for it.
 */
public final class DeviceProfile {
    final String key;
    String ip;
    long learnedFrom, learnedUntil;
    final Set<String> services = new LinkedHashSet<>();
    final Set<String> destinations = new LinkedHashSet<>();
    final Set<String> names = new LinkedHashSet<>();
    long flows, peakHourlyFlows, peakHourlyBytes;
    boolean destinationsSaturated;

    DeviceProfile(String key, String ip, long learnedFrom, long learnedUntil) {
        this.key = key;
        this.ip = ip;
        this.learnedFrom = learnedFrom;
        this.learnedUntil = learnedUntil;
    }

    public String key() {
        return key;
    }

    /** Event time (microseconds) at which learning ends for this device. */
    public long learnedUntil() {
        return learnedUntil;
    }

    public long learnedFrom() {
        return learnedFrom;
    }

    public Set<String> services() {
        return Set.copyOf(services);
    }

    public Set<String> destinations() {
        return Set.copyOf(destinations);
    }

    public long peakHourlyFlows() {
        return peakHourlyFlows;
    }

    public boolean destinationsSaturated() {
        return destinationsSaturated;
    }

    /** A finished hour of the learning period: keeps the busiest. */
    public void hour(long flows, long bytes) {
        peakHourlyFlows = Math.max(peakHourlyFlows, flows);
        peakHourlyBytes = Math.max(peakHourlyBytes, bytes);
    }

    public boolean knowsService(String s) {
        return services.contains(s);
    }

    public boolean knowsDestination(String ip, String name) {
        return destinations.contains(ip) || (name != null && names.contains(name));
    }

    public void learn(String service, String destination, String name, int maxDestinations, int maxServices) {
        flows++;
        if (services.size() < maxServices) services.add(service);
        if (!destinations.contains(destination)) {
            if (destinations.size() < maxDestinations) destinations.add(destination);
            else destinationsSaturated = true;
        }
        if (name != null && names.size() < maxDestinations) names.add(name);
    }
}
