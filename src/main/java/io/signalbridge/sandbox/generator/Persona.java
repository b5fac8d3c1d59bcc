package io.signalbridge.sandbox.generator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A person's job: seniority and department, hence title. Who joins a buying team, and which contact role
 * they take on an opportunity, depends on it, so contact profile fit is learnable from titles.
 */
record Persona(Seniority seniority, Department department, String title) {

    enum Seniority {
        C_LEVEL(8, 0.7), VP(12, 0.95), DIRECTOR(20, 1.0), MANAGER(30, 0.65), INDIVIDUAL_CONTRIBUTOR(30, 0.35);

        final double share;
        /** How likely someone at this level is to sit on a buying team. */
        final double buyingWeight;

        Seniority(double share, double buyingWeight) {
            this.share = share;
            this.buyingWeight = buyingWeight;
        }
    }

    enum Department {
        IT("IT", 22, 1.0, "Chief Information Officer", "IT Manager", List.of("Systems Administrator", "IT Analyst")),
        ENGINEERING("Engineering", 18, 0.9, "Chief Technology Officer", "Engineering Manager",
                List.of("Software Engineer", "Data Engineer")),
        OPERATIONS("Operations", 13, 0.7, "Chief Operating Officer", "Operations Manager", List.of("Operations Analyst")),
        FINANCE("Finance", 10, 0.5, "Chief Financial Officer", "Finance Manager", List.of("Financial Analyst", "Accountant")),
        MARKETING("Marketing", 15, 0.35, "Chief Marketing Officer", "Marketing Manager",
                List.of("Marketing Specialist", "Content Strategist")),
        SALES("Sales", 12, 0.2, "Chief Revenue Officer", "Sales Manager", List.of("Account Executive", "Sales Representative")),
        HUMAN_RESOURCES("Human Resources", 10, 0.1, "Chief People Officer", "HR Manager", List.of("HR Generalist", "Recruiter"));

        final String label;
        final double share;
        /** How relevant the department is to the vendor's product. */
        final double relevance;
        final String chief;
        final String manager;
        final List<String> individualTitles;

        Department(String label, double share, double relevance, String chief, String manager, List<String> individualTitles) {
            this.label = label;
            this.share = share;
            this.relevance = relevance;
            this.chief = chief;
            this.manager = manager;
            this.individualTitles = individualTitles;
        }
    }

    private static final double[] SENIORITY_SHARES = shares(Seniority.values());
    private static final double[] DEPARTMENT_SHARES = shares(Department.values());

    static Persona draw(SplittableRandom random) {
        Seniority seniority = Seniority.values()[Draw.weightedIndex(random, SENIORITY_SHARES)];
        Department department = Department.values()[Draw.weightedIndex(random, DEPARTMENT_SHARES)];
        String title = switch (seniority) {
            case C_LEVEL -> department.chief;
            case VP -> Draw.chance(random, 0.5) ? "VP of " + department.label : "Vice President, " + department.label;
            case DIRECTOR -> Draw.chance(random, 0.5) ? "Director of " + department.label : "Senior Director, " + department.label;
            case MANAGER -> department.manager;
            case INDIVIDUAL_CONTRIBUTOR -> (Draw.chance(random, 0.3) ? "Senior " : "") + Draw.oneOf(random, department.individualTitles);
        };
        return new Persona(seniority, department, title);
    }

    /** Weight of this person in the draw of a buying team. */
    double buyingWeight() {
        return seniority.buyingWeight * department.relevance;
    }

    /** The Opportunity Contact Role a buying-team member of this persona takes. */
    String contactRole(SplittableRandom random) {
        return switch (seniority) {
            case C_LEVEL -> department == Department.FINANCE ? "Economic Buyer" : "Executive Sponsor";
            case VP -> department == Department.FINANCE ? "Economic Decision Maker" : "Decision Maker";
            case DIRECTOR -> department.relevance >= 0.7 ? Draw.oneOf(random, "Decision Maker", "Technical Buyer") : "Influencer";
            case MANAGER -> Draw.oneOf(random, "Evaluator", "Influencer", "Technical Buyer");
            case INDIVIDUAL_CONTRIBUTOR -> Draw.oneOf(random, "Business User", "Evaluator", "Influencer");
        };
    }

    /** Lower is more senior. */
    int rank() {
        return seniority.ordinal();
    }

    private static double[] shares(Seniority[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].share;
        }
        return out;
    }

    private static double[] shares(Department[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].share;
        }
        return out;
    }
}
