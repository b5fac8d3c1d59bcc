package io.signalbridge.sandbox.salesforce;

/**
 * Paths of the sandbox org. Its instance_url ends in {@link #INSTANCE}; URLs in response bodies are relative
 * to the instance, as Salesforce's are, because clients prepend instance_url to them.
 */
final class SalesforceSandboxPaths {

    static final String INSTANCE = "/sandbox/salesforce";
    /** Any {@code vNN.0} API version; handlers receive it as {@code version}, e.g. "v62.0". */
    static final String DATA = INSTANCE + "/services/data/{version:v\\d+\\.\\d+}";

    private SalesforceSandboxPaths() {
    }

    static String dataUrl(String version) {
        return "/services/data/" + version;
    }

    static String sobjectUrl(String version, String objectName) {
        return dataUrl(version) + "/sobjects/" + objectName;
    }
}
