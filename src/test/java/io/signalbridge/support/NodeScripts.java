package io.signalbridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The npm packages of src/test/node (versions pinned in its package-lock.json) and the scripts that drive them
 * against a running service. Each script prints what it saw as one JSON object on its last line.
 */
public final class NodeScripts {

    public static final Path DIRECTORY = Path.of("src/test/node");

    private NodeScripts() {
    }

    /** {@code npm ci} when node_modules is missing or older than the lock file. */
    public static synchronized void install() throws IOException, InterruptedException {
        Path installed = DIRECTORY.resolve("node_modules/.package-lock.json");
        if (!Files.exists(installed)
                || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(DIRECTORY.resolve("package-lock.json"))) < 0) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), 600);
        }
    }

    /** Runs the command in src/test/node; fails the test on a time-out or a non-zero exit, with the output. */
    public static JsonNode run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("node-script", ".log");
        Process process = new ProcessBuilder(command).directory(DIRECTORY.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("%s timed out:%n%s", command, output).isTrue();
        assertThat(process.exitValue()).as("%s failed:%n%s", command, output).isZero();
        String lastLine = output.strip().lines().reduce((first, second) -> second).orElse("{}");
        return lastLine.startsWith("{") ? new ObjectMapper().readTree(lastLine) : new ObjectMapper().createObjectNode();
    }
}
