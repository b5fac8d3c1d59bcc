package io.signalbridge.mapping;

import io.signalbridge.versioning.DocumentVersions;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The versions of each field mapping (table mapping_version). */
@Repository
public class MappingVersions extends DocumentVersions {

    public MappingVersions(JdbcTemplate jdbc) {
        super(jdbc, "mapping_version");
    }
}
