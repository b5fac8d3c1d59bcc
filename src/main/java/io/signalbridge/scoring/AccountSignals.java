package io.signalbridge.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One account's signals as parallel arrays (time, kind, person), sorted by time on first read. Duplicates (same
 * time, kind and person) are dropped and counted when sorting, so no per-signal key is ever held.
 */
final class AccountSignals {

    static final AccountSignals NONE = new AccountSignals();

    private long[] times = new long[8];
    private int[] kinds = new int[8];
    private int[] persons = new int[8];
    private int size;
    private boolean sorted = true;
    private long duplicates;
    private final Map<String, Integer> personIndex = new HashMap<>();
    private final List<String> personIds = new ArrayList<>();

    void add(int kind, long epochSecond, String personId) {
        int person = -1;
        if (personId != null) {
            Integer known = personIndex.get(personId);
            if (known == null) {
                known = personIds.size();
                personIndex.put(personId, known);
                personIds.add(personId);
            }
            person = known;
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            kinds = Arrays.copyOf(kinds, size * 2);
            persons = Arrays.copyOf(persons, size * 2);
        }
        // Equal times go through sort() too, so that duplicates end up side by side.
        sorted &= size == 0 || times[size - 1] < epochSecond;
        times[size] = epochSecond;
        kinds[size] = kind;
        persons[size] = person;
        size++;
    }

    /** The index {@link #person(int)} gives this person's signals, or -1 without any. */
    int personIndex(String personId) {
        return personIndex.getOrDefault(personId, -1);
    }

    /** How many different people the signals name (person indexes run from 0 to this, exclusive). */
    int persons() {
        return personIds.size();
    }

    /** Duplicates dropped so far. */
    long duplicates() {
        sort();
        return duplicates;
    }

    int size() {
        sort();
        return size;
    }

    long time(int i) {
        sort();
        return times[i];
    }

    int kind(int i) {
        sort();
        return kinds[i];
    }

    int person(int i) {
        sort();
        return persons[i];
    }

    private void sort() {
        if (sorted) {
            return;
        }
        if (!sortPacked()) {
            sortBoxed();
        }
        sorted = true;
    }

    // time (39 bits) | kind (8 bits) | person + 1 (16 bits): one primitive sort orders by time, kind, person and puts
    // duplicates side by side. Accounts outside these ranges take the boxed sort.
    private boolean sortPacked() {
        if (personIds.size() >= (1 << 16) - 1) {
            return false;
        }
        long[] keys = new long[size];
        for (int i = 0; i < size; i++) {
            if (times[i] < 0 || times[i] >= (1L << 39) || kinds[i] >= (1 << 8)) {
                return false;
            }
            keys[i] = times[i] << 24 | (long) kinds[i] << 16 | (persons[i] + 1);
        }
        Arrays.sort(keys);
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (kept > 0 && keys[i] == keys[i - 1]) {
                duplicates++;
                continue;
            }
            times[kept] = keys[i] >>> 24;
            kinds[kept] = (int) (keys[i] >>> 16) & 0xFF;
            persons[kept] = (int) (keys[i] & 0xFFFF) - 1;
            kept++;
        }
        size = kept;
        return true;
    }

    private void sortBoxed() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> times[a] != times[b] ? Long.compare(times[a], times[b])
                : kinds[a] != kinds[b] ? Integer.compare(kinds[a], kinds[b]) : Integer.compare(persons[a], persons[b]));
        long[] t = new long[times.length];
        int[] k = new int[kinds.length];
        int[] p = new int[persons.length];
        int kept = 0;
        for (int i = 0; i < size; i++) {
            int from = order[i];
            if (kept > 0 && t[kept - 1] == times[from] && k[kept - 1] == kinds[from] && p[kept - 1] == persons[from]) {
                duplicates++;
                continue;
            }
            t[kept] = times[from];
            k[kept] = kinds[from];
            p[kept] = persons[from];
            kept++;
        }
        times = t;
        kinds = k;
        persons = p;
        size = kept;
    }
}
