package dev.warden.watch.input;

import dev.warden.watch.flow.FlowRecord;

/**
 * Receives the ground-truth labels some datasets carry next to each flow (IoT-23: {@code label},
 * {@code detailed-label}). Only the evaluation harness listens: detectors never see labels.
 */
@FunctionalInterface
public interface LabelListener {
    LabelListener NONE = (flow, label, detailed) -> { };

    void onLabel(FlowRecord flow, String label, String detailedLabel);
}
