package org.greater4j.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where drafts come from: the row's own old text, realigned after a difference, then the other rows' old texts. */
class DrafterTest {
    static List<Integer> out(int... t) {
        List<Integer> o = new ArrayList<>();
        for (int x : t) o.add(x);
        return o;
    }

    @Test
    void followsItsOwnTextThenRealignsOnTheLongestSuffix() {
        int[] own = {10, 11, 12, 13, 14, 15, 16};
        Drafter d = new Drafter(own, List.of(own));
        assertThat(d.next(out(10), 3)).containsExactly(11, 12, 13);
        d.advance(3); // all three accepted
        assertThat(d.next(out(10, 11, 12, 13), 2)).containsExactly(14, 15);
        // the output left the text (99), then came back to "13 14": drafting resumes after it
        assertThat(d.next(out(10, 11, 12, 99, 13, 14), 2)).containsExactly(15, 16);
    }

    @Test
    void aRowThatLeftItsOwnTextDraftsFromAnotherRowsText() {
        int[] own = {10, 11, 12, 13};
        int[] other = {50, 51, 52, 53, 54, 55};
        Drafter d = new Drafter(own, List.of(own, other));
        // "52 53" is nowhere in the own text but in the other row's: the draft continues the other text
        assertThat(d.next(out(10, 11, 52, 53), 2)).containsExactly(54, 55);
        d.advance(2);
        assertThat(d.next(out(10, 11, 52, 53, 54, 55), 4)).isEmpty(); // the other text ended
        // a two-token match in the own text wins over the pool
        int[] rival = {12, 13, 70};
        Drafter e = new Drafter(new int[] {12, 13, 80, 12, 13, 81}, List.of(rival));
        assertThat(e.next(out(5, 12, 13), 1)).containsExactly(80);
        // without a pool, a single shared token of the own text is still a place to draft from
        Drafter f = new Drafter(own);
        assertThat(f.next(out(7, 8, 12), 1)).containsExactly(13);
        assertThat(new Drafter(own).next(out(7, 8, 9), 3)).isEmpty();
    }
}
