package io.signalbridge.sandbox.generator;

import java.time.Instant;

/** How much more a person engages at a moment than at rest (1). */
interface Engagement {

    Engagement BACKGROUND = (person, t) -> 1;

    double at(Person person, Instant t);
}
