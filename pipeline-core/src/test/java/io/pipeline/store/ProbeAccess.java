package io.pipeline.store;

/** Measuring probe's access to package statements. */
public final class ProbeAccess {
    private ProbeAccess() {
    }

    public static String poolState() {
        return AdmissionRepository.POOL_STATE;
    }
}
