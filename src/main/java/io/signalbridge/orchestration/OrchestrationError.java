package io.signalbridge.orchestration;

/** Why an orchestration cannot become active: where ({@code file}, {@code line}, {@code field}) and why. */
public record OrchestrationError(String file, int line, String field, String reason) {

    @Override
    public String toString() {
        return file + ":" + line + (field == null ? "" : " [" + field + "]") + ": " + reason;
    }
}
