package dev.warden.watch.flow;

/** Where an input delivers the flows it reads. The engine is one; tests and the evaluation harness are others. */
@FunctionalInterface
public interface FlowListener {
    void onFlow(FlowRecord flow);
}
