package io.signalbridge.sandbox.salesforce;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.SandboxApiUsage;
import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.SandboxTokenStore.Org;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The version list, the resources of a version, and the org's limits. */
@RestController
@ConditionalOnSandbox
@RequestMapping("/sandbox/salesforce/services/data")
public class SalesforceOrgController {

    private static final List<String[]> VERSIONS = List.of(
            new String[] {"Winter '24", "59.0"},
            new String[] {"Spring '24", "60.0"},
            new String[] {"Summer '24", "61.0"},
            new String[] {"Winter '25", "62.0"},
            new String[] {"Spring '25", "63.0"},
            new String[] {"Summer '25", "64.0"});

    private final SandboxApiUsage usage;
    private final SandboxProperties.Salesforce settings;

    public SalesforceOrgController(SandboxApiUsage usage, SandboxProperties properties) {
        this.usage = usage;
        this.settings = properties.salesforce();
    }

    /** Open to anyone, as on a real instance: clients read it to pick an API version. */
    @GetMapping({"", "/"})
    public List<Map<String, String>> versions() {
        return VERSIONS.stream()
                .map(v -> Map.of("label", v[0], "url", "/services/data/v" + v[1], "version", v[1]))
                .toList();
    }

    @GetMapping({"/v{version}", "/v{version}/"})
    public Map<String, String> resources(@PathVariable String version) {
        String base = "/services/data/v" + version;
        var resources = new LinkedHashMap<String, String>();
        for (String name : new String[] {"limits", "query", "queryAll", "sobjects", "composite", "jobs"}) {
            resources.put(name, base + "/" + name);
        }
        return resources;
    }

    @GetMapping("/v{version}/limits")
    public Map<String, Map<String, Long>> limits(@PathVariable String version) {
        long used = usage.usedToday(Org.SALESFORCE, ZoneOffset.UTC);
        var limits = new LinkedHashMap<String, Map<String, Long>>();
        limits.put("DailyApiRequests", limit(settings.dailyApiLimit(), settings.dailyApiLimit() - used));
        limits.put("DailyBulkApiBatches", limit(15_000, 15_000));
        limits.put("DailyBulkV2QueryFileStorageMB", limit(976_562, 976_562));
        limits.put("DailyBulkV2QueryJobs", limit(10_000, 10_000));
        limits.put("DataStorageMB", limit(1_024, 1_024));
        limits.put("FileStorageMB", limit(1_024, 1_024));
        return limits;
    }

    private static Map<String, Long> limit(long max, long remaining) {
        var limit = new LinkedHashMap<String, Long>();
        limit.put("Max", max);
        limit.put("Remaining", Math.max(0, remaining));
        return limit;
    }
}
