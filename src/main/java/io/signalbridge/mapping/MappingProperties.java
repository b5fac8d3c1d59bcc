package io.signalbridge.mapping;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the mapping files live and how often they are checked for changes ({@code reloadInterval} 0 turns
 * hot reload off). Defaults in application.yaml.
 */
@ConfigurationProperties("signalbridge.mappings")
public record MappingProperties(
        @DefaultValue("mappings") Path directory,
        @DefaultValue("true") boolean loadOnStart,
        @DefaultValue("10s") Duration reloadInterval) {
}
