package org.greater4j.optimize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The official code's best-prompt list and dev pool ({@link GreaterConfig#perPassBest()}), replayed from a run's
 * steps: each pass (a restart begins a new one) keeps its own list of the 10 lowest step losses, duplicates
 * included, a new entry going in when the list is short or the loss beats the last entry (attack_manager.py
 * L1358, L1414-1419; a stable sort, so an equal loss goes after the entries it ties); the list is printed when the
 * pass's own step index is a multiple of 15 (L1423), and the dev split chooses among the last list printed
 * ({@code process_for_dev.py} L20-46). The entries are the prompts after their step (growth token included), as the
 * official list holds the control string the step returned.
 */
final class OfficialBest {
    private OfficialBest() {}

    /** The official size of the list. */
    static final int SIZE = 10;
    /** The official list is printed every this many steps of a pass. */
    static final int PRINT_EVERY = 15;

    /** What the list needs of one step: its index, its pass (restarts so far), its loss and the prompt after it. */
    record Entry(int index, int restarts, double loss, int[] after) {}

    /** The dev pool after these steps (in order): the last list printed. */
    static List<BestPrompt> devPool(List<Step> steps, Function<int[], String> text) {
        List<Entry> entries = new ArrayList<>();
        for (Step s : steps) entries.add(new Entry(s.index(), s.state().restarts(), s.swap().score(), s.next().ids()));
        return pool(entries, text);
    }

    /** {@link #devPool} over the steps' entries. */
    static List<BestPrompt> pool(List<Entry> steps, Function<int[], String> text) {
        List<BestPrompt> live = new ArrayList<>();
        List<BestPrompt> printed = List.of();
        int passStart = 0;
        int restarts = -1;
        for (Entry s : steps) {
            if (s.restarts() != restarts) { // a new pass: a fresh optimizer with an empty list (attack_manager.py L1358)
                restarts = s.restarts();
                passStart = s.index();
                live = new ArrayList<>();
            }
            double loss = s.loss();
            if (live.size() < SIZE || loss < live.get(live.size() - 1).trainScore()) {
                if (live.size() == SIZE) live.remove(live.size() - 1);
                live.add(new BestPrompt(s.after(), text.apply(s.after()), loss, Double.NaN, s.index()));
                live.sort(Comparator.comparingDouble(BestPrompt::trainScore));
            }
            if ((s.index() - passStart) % PRINT_EVERY == 0) printed = List.copyOf(live);
        }
        return printed;
    }
}
