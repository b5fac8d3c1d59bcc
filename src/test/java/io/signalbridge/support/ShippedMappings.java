package io.signalbridge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Copies of the mapping files in mappings/, for tests that load, edit or hot-reload them in a directory of their own. */
public final class ShippedMappings {

    public static final List<String> SALESFORCE = List.of("salesforce-account", "salesforce-contact", "salesforce-lead");

    private ShippedMappings() {
    }

    public static void copy(Path directory, List<String> names) throws IOException {
        Files.createDirectories(directory);
        for (String name : names) {
            Files.copy(Path.of("mappings", name + ".yaml"), directory.resolve(name + ".yaml"));
        }
    }
}
