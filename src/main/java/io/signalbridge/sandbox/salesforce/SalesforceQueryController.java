package io.signalbridge.sandbox.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.ConditionalOnSandbox;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code query}, {@code queryAll} and their next pages. */
@RestController
@ConditionalOnSandbox
@RequestMapping(SalesforceSandboxPaths.DATA)
class SalesforceQueryController {

    static final String QUERY_OPTIONS = "Sforce-Query-Options";

    private final SalesforceQueryService queries;

    SalesforceQueryController(SalesforceQueryService queries) {
        this.queries = queries;
    }

    @GetMapping("/query")
    ObjectNode query(@PathVariable String version, @RequestParam(name = "q", required = false) String soql,
            @RequestHeader(name = QUERY_OPTIONS, required = false) String options) {
        return queries.query(soql, false, options, version);
    }

    @GetMapping("/queryAll")
    ObjectNode queryAll(@PathVariable String version, @RequestParam(name = "q", required = false) String soql,
            @RequestHeader(name = QUERY_OPTIONS, required = false) String options) {
        return queries.query(soql, true, options, version);
    }

    @GetMapping({"/query/{locator}", "/queryAll/{locator}"})
    ObjectNode nextPage(@PathVariable String version, @PathVariable String locator) {
        return queries.nextPage(locator, version);
    }
}
