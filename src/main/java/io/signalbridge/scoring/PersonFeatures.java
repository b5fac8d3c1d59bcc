package io.signalbridge.scoring;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** A person's title and department as features: department, a seniority read from the title, and title words. */
final class PersonFeatures {

    private static final Pattern WORD = Pattern.compile("[^a-z0-9]+");
    private static final Pattern C_LEVEL = Pattern.compile("\\b(chief|ceo|cfo|cto|cio|coo|cmo|cro|president|founder|owner)\\b");
    private static final Pattern VP = Pattern.compile("\\b(vp|svp|evp|vice president)\\b");
    private static final Pattern DIRECTOR = Pattern.compile("\\b(director|head)\\b");
    private static final Pattern MANAGER = Pattern.compile("\\b(manager|lead|supervisor)\\b");

    private PersonFeatures() {
    }

    static Map<String, Double> of(Person person) {
        var features = new LinkedHashMap<String, Double>();
        features.put(LogisticModel.BIAS, 1.0);
        String title = person.title() == null ? "" : person.title().toLowerCase(Locale.ROOT);
        features.put("seniority=" + seniority(title), 1.0);
        features.put("department=" + (person.department() == null || person.department().isBlank() ? "unknown"
                : person.department().trim().toLowerCase(Locale.ROOT)), 1.0);
        for (String word : WORD.split(title)) {
            if (word.length() > 1) {
                features.put("title word=" + word, 1.0);
            }
        }
        return features;
    }

    static String seniority(String title) {
        return C_LEVEL.matcher(title).find() ? "c-level"
                : VP.matcher(title).find() ? "vp"
                : DIRECTOR.matcher(title).find() ? "director"
                : MANAGER.matcher(title).find() ? "manager"
                : title.isBlank() ? "unknown" : "individual";
    }
}
