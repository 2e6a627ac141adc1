package dev.warden.watch.profile;

/** Placeholder until learned profiles land; see LearnedProfileDetector. */
public final class Profiles {
    public static Profiles empty() {
        return new Profiles();
    }
}
