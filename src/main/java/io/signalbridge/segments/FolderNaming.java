package io.signalbridge.segments;

import java.util.Optional;
import java.util.regex.Pattern;

/** The folder naming convention {@code Team Name - FY## Q# - Name of Campaign/Account List}. */
public final class FolderNaming {

    public static final String EXPECTED = "Team Name - FY## Q# - Name of Campaign/Account List";
    public static final String EXAMPLE = "ABM - FY24 Q2 - Tier 1 Accounts";
    private static final Pattern CONVENTION = Pattern.compile("\\S(?:.*\\S)? - FY\\d{2} Q[1-4] - \\S(?:.*\\S)?");

    private FolderNaming() {
    }

    /** Empty when the folder follows the convention, else the message that shows the expected form. */
    public static Optional<String> check(String folder) {
        if (folder != null && CONVENTION.matcher(folder).matches()) {
            return Optional.empty();
        }
        return Optional.of("folder '" + (folder == null ? "" : folder) + "' does not follow the naming convention: expected '"
                + EXPECTED + "', e.g. '" + EXAMPLE + "'");
    }
}
