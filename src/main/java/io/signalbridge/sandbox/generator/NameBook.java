package io.signalbridge.sandbox.generator;

import java.util.List;
import java.util.SplittableRandom;

/** First and last names of the people in the demo org. */
final class NameBook {

    static final List<String> FIRST_NAMES = List.of(
            "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
            "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
            "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra", "Mark", "Ashley", "Steven", "Emily",
            "Paul", "Michelle", "Andrew", "Amanda", "Joshua", "Melissa", "Kevin", "Stephanie", "Brian", "Rebecca",
            "George", "Laura", "Timothy", "Sharon", "Ryan", "Cynthia", "Jacob", "Kathleen", "Nicholas", "Amy",
            "Eric", "Angela", "Jonathan", "Anna", "Samuel", "Emma", "Oliver", "Sophie", "Lukas", "Hannah",
            "Pierre", "Camille", "Lars", "Ingrid", "Mateo", "Lucia", "Arjun", "Priya", "Hiroshi", "Yuki",
            "Wei", "Mei", "Rafael", "Beatriz", "Noah", "Chloe", "Liam", "Mia", "Ethan", "Olivia");

    static final List<String> LAST_NAMES = List.of(
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
            "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee",
            "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King",
            "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts",
            "Carter", "Phillips", "Evans", "Turner", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy",
            "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly", "Howard",
            "Mueller", "Schmidt", "Schneider", "Fischer", "Dubois", "Laurent", "Bernard", "Johansson", "Larsson", "Nilsson",
            "Fernandez", "Silva", "Santos", "Sharma", "Patel", "Gupta", "Tanaka", "Suzuki", "Chen", "Wang",
            "Van Dijk", "De Vries", "O'Brien", "Walsh", "Novak", "Kowalski", "Rossi", "Russo", "Costa", "Moreau");

    private NameBook() {
    }

    static String firstName(SplittableRandom random) {
        return Draw.oneOf(random, FIRST_NAMES);
    }

    static String lastName(SplittableRandom random) {
        return Draw.oneOf(random, LAST_NAMES);
    }

    /** The local part of {@code first.last@domain}: lower case letters only. */
    static String emailLocalPart(String firstName, String lastName) {
        return letters(firstName) + "." + letters(lastName);
    }

    private static String letters(String name) {
        var out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            if (Character.isLetter(c)) {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }
}
