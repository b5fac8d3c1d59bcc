package io.signalbridge.versioning;

import java.time.Duration;

/** Documents kept as files that {@link DocumentFileWatcher} reads once the service is ready, then every interval. */
public interface ReloadableDocuments {

    /** What they are, for the log. */
    String kind();

    boolean loadOnStart();

    /** 0 reads the files once only. */
    Duration reloadInterval();

    void reloadFiles();
}
