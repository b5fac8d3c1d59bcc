package io.signalbridge.sandbox.generator;

/** What every part of one generation run shares. */
record GenerationContext(
        GeneratorSettings settings,
        Timeline timeline,
        CompanyNames companyNames,
        MarketingCatalogue marketing,
        SalesforceRecordFactory records,
        IdSequence salesforceIds,
        IdSequence marketoIds,
        OrgSink sink) {

    long seed() {
        return settings.seed();
    }
}
