package io.signalbridge.mapping;

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
 * Reads the mapping files once the service is ready (the describe they are checked against may come from
 * the in-process sandbox org), then checks them for changes every {@code reload-interval}.
 */
@Component
public class MappingFileWatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MappingFileWatcher.class);

    private final MappingService mappings;
    private final MappingProperties settings;
    private ScheduledExecutorService scheduler;

    public MappingFileWatcher(MappingService mappings, MappingProperties settings) {
        this.mappings = mappings;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        if (!settings.loadOnStart()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "mapping-files");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.reloadInterval().toMillis();
        if (interval > 0) {
            scheduler.scheduleWithFixedDelay(this::reload, 0, interval, TimeUnit.MILLISECONDS);
        } else {
            scheduler.execute(this::reload);
        }
    }

    private void reload() {
        try {
            mappings.reloadFiles();
        } catch (RuntimeException e) {
            log.warn("Mapping files not read: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
