package dev.warden.watch.anomaly;

import dev.warden.watch.Traffic;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.report.IncidentReport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The damped-statistics score: quiet for steady behaviour, high for a change, and never an incident on its own. */
class AnomalyScorerTest {
    static FlowRecord flow(double t, long bytes) {
        return FlowRecord.builder().uid("a").start(Traffic.at(t)).duration(100_000).src("192.168.7.30", 40000).dst("52.28.0.10", 443)
                .protocol(Protocols.TCP).orig(10, bytes).resp(10, bytes).build();
    }

    @Test
    void steadyIsLowAndAChangeIsHigh() {
        var s = new AnomalyScorer(AnomalyScorer.parseHalfLives("10s,1min,10min,1h"));
        for (int i = 0; i < 2000; i++) s.observe(0, flow(i * 30, 5000));
        double steady = s.current(0);
        assertTrue(steady < 20, "steady: " + steady);
        for (int i = 0; i < 300; i++) s.observe(0, flow(60_000 + i * 0.1, 60));
        double burst = s.current(0);
        assertTrue(burst > 80, "burst of small flows: " + burst);
        assertTrue(s.peak(0) >= burst, "the peak is kept for incidents");
        assertEquals(0, s.current(7), "an unknown device scores 0");
    }

    /**
     * The peak is sampled at most once per second of event time; flows that end later in the same second (every flow
     * of a packet capture when the input ends and the flow table is flushed) still count when the peak is read.
     */
    @Test
    void flowsEndingInTheSameSecondAsTheSampleCountInThePeak() {
        var s = new AnomalyScorer(AnomalyScorer.parseHalfLives("10s,1min,10min,1h"));
        for (int i = 0; i < 2000; i++) s.observe(0, flow(i * 30, 5000), Traffic.at(i * 30 + 1));
        double steady = s.peak(0);
        long end = Traffic.at(60_100);
        for (int i = 0; i < 300; i++) s.observe(0, flow(60_000 + i * 0.1, 60), end); // all ended at one flush
        assertTrue(s.peak(0) > 80 && s.peak(0) > steady, "the burst flushed at the end: " + s.peak(0) + " (steady " + steady + ")");
        var fresh = new AnomalyScorer(AnomalyScorer.parseHalfLives("10s,1h"));
        for (int i = 0; i < 100; i++) fresh.observe(1, flow(i * 0.01, 100 + 1000 * (i % 2)), end);
        assertEquals(fresh.current(1), fresh.peak(1), "a device seen only at the flush is scored with all its flows");
    }

    @Test
    void warmingUpScoresZero() {
        var s = new AnomalyScorer(AnomalyScorer.parseHalfLives("10s,1h"));
        for (int i = 0; i < 5; i++) s.observe(3, flow(i, 100));
        assertEquals(0, s.current(3));
    }

    @Test
    void anAnomalyAloneRaisesNoIncidentButRanksThem() {
        var t = new Traffic();
        for (int i = 0; i < 2000; i++) t.add(flow(i * 30, 5000));
        for (int i = 0; i < 300; i++) t.add(flow(60_000 + i * 0.1, 60)); // strange for this device, but no detector's pattern
        assertEquals(List.of(), t.run());

        for (int i = 0; i < 60; i++) t.syn(70_000 + i / 3.0, "192.168.7.30", "198.51.100.77", 80, 100); // the plug floods
        for (int i = 0; i < 60; i++) t.syn(70_000 + i / 3.0, "192.168.7.99", "198.51.100.78", 80, 100); // a new device floods
        var incidents = t.run();
        assertEquals(2, incidents.size());
        var ranked = IncidentReport.ranked(incidents);
        assertTrue(ranked.get(0).anomalyScore() >= ranked.get(1).anomalyScore(), "same severity: the more anomalous device first");
        assertTrue(incidents.stream().allMatch(i -> i.anomalyScore() >= 0 && i.anomalyScore() <= 100));
    }
}
