package io.signalbridge.versioning;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reads the document files (field mappings, orchestrations) once the service is ready (the describe a mapping is
 * checked against may come from the in-process sandbox org), then checks them for changes every interval.
 */
@Component
public class DocumentFileWatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DocumentFileWatcher.class);

    private final List<ReloadableDocuments> documents;
    private ScheduledExecutorService scheduler;

    public DocumentFileWatcher(List<ReloadableDocuments> documents) {
        this.documents = documents;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "document-files");
            thread.setDaemon(true);
            return thread;
        });
        for (ReloadableDocuments kind : documents) {
            if (!kind.loadOnStart()) {
                continue;
            }
            long interval = kind.reloadInterval().toMillis();
            if (interval > 0) {
                scheduler.scheduleWithFixedDelay(() -> reload(kind), 0, interval, TimeUnit.MILLISECONDS);
            } else {
                scheduler.execute(() -> reload(kind));
            }
        }
    }

    private void reload(ReloadableDocuments kind) {
        try {
            kind.reloadFiles();
        } catch (RuntimeException e) {
            log.warn("{} files not read: {}", kind.kind(), e.getMessage());
        }
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
