package org.greater4j.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.greater4j.TestData;
import org.greater4j.text.ChatFormat;
import org.greater4j.text.Layout;
import org.greater4j.text.LayoutPart;
import org.greater4j.text.LayoutSettings;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.text.Tokenizer;
import org.greater4j.text.TokenizerConfig;
import org.junit.jupiter.api.Test;

/**
 * The official code's hand-built Llama-3 / Gemma-2 layout ({@code --chat-format official}), its Gemma-2 "last fifth"
 * cleanup and its reasoning split, against numbers computed by HuggingFace transformers' own tokenizers running the
 * official slicing ({@code src/test/python/official_layout_reference.py}, transformers 5.18, tokenizers 0.23.2).
 */
class OfficialLayoutTest {
    static final List<String> QUESTIONS = List.of(
            "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. "
                    + "How many clips did Natalia sell altogether in April and May?",
            "Is the following sentence plausible? \"Joao Moutinho caught the screen pass in the NFC championship.\"",
            "Which is bigger?\nOptions:\n(A) 3\n(B) 5",
            "What is 2 + 3?!");
    private static final Map<String, LayoutTemplate> TEMPLATES = new HashMap<>();
    static final List<String> PROMPTS = List.of(GreaterConfig.PAPER_PROMPT, "no thinking just feeling.");

    @Test
    void layoutsAreTheOfficialIdsAndSlices() {
        case_("llama3_2", 0, 0, new int[] {128000, 128006, 882, 128007, 271, 45, 4306, 689, 6216, 27203, 311, 220, 2166, 315, 1077, 4885, 304, 5936, 11, 323, 1243, 1364, 6216, 4376, 439, 1690, 27203, 304, 3297, 13, 2650, 1690, 27203, 1550, 42701, 689, 4662, 31155, 304, 5936, 323, 3297, 4710, 5560, 6300, 20406, 33811, 323, 1781, 3094, 555, 3094, 13, 17830, 3041, 279, 5150, 4495, 4320, 13, 128009, 128006, 78191, 128007, 271}, 5, 44, 60);
        case_("llama3_2", 0, 1, new int[] {128000, 128006, 882, 128007, 271, 45, 4306, 689, 6216, 27203, 311, 220, 2166, 315, 1077, 4885, 304, 5936, 11, 323, 1243, 1364, 6216, 4376, 439, 1690, 27203, 304, 3297, 13, 2650, 1690, 27203, 1550, 42701, 689, 4662, 31155, 304, 5936, 323, 3297, 4710, 5560, 912, 7422, 1120, 8430, 13, 128009, 128006, 78191, 128007, 271}, 5, 44, 49);
        case_("llama3_2", 1, 0, new int[] {128000, 128006, 882, 128007, 271, 3957, 279, 2768, 11914, 50434, 30, 330, 23307, 3524, 386, 412, 28676, 10791, 279, 4264, 1522, 304, 279, 48305, 22279, 38011, 5560, 6300, 20406, 33811, 323, 1781, 3094, 555, 3094, 13, 17830, 3041, 279, 5150, 4495, 4320, 13, 128009, 128006, 78191, 128007, 271}, 5, 27, 43);
        case_("llama3_2", 1, 1, new int[] {128000, 128006, 882, 128007, 271, 3957, 279, 2768, 11914, 50434, 30, 330, 23307, 3524, 386, 412, 28676, 10791, 279, 4264, 1522, 304, 279, 48305, 22279, 38011, 5560, 912, 7422, 1120, 8430, 13, 128009, 128006, 78191, 128007, 271}, 5, 27, 32);
        case_("llama3_2", 2, 0, new int[] {128000, 128006, 882, 128007, 271, 23956, 374, 11493, 5380, 3883, 512, 4444, 8, 220, 18, 198, 5462, 8, 220, 20, 13, 5560, 6300, 20406, 33811, 323, 1781, 3094, 555, 3094, 13, 17830, 3041, 279, 5150, 4495, 4320, 13, 128009, 128006, 78191, 128007, 271}, 5, 22, 38);
        case_("llama3_2", 2, 1, new int[] {128000, 128006, 882, 128007, 271, 23956, 374, 11493, 5380, 3883, 512, 4444, 8, 220, 18, 198, 5462, 8, 220, 20, 13, 5560, 912, 7422, 1120, 8430, 13, 128009, 128006, 78191, 128007, 271}, 5, 22, 27);
        case_("llama3_2", 3, 0, new int[] {128000, 128006, 882, 128007, 271, 3923, 374, 220, 17, 489, 220, 18, 30, 15725, 5560, 6300, 20406, 33811, 323, 1781, 3094, 555, 3094, 13, 17830, 3041, 279, 5150, 4495, 4320, 13, 128009, 128006, 78191, 128007, 271}, 5, 15, 31);
        case_("llama3_2", 3, 1, new int[] {128000, 128006, 882, 128007, 271, 3923, 374, 220, 17, 489, 220, 18, 30, 15725, 5560, 912, 7422, 1120, 8430, 13, 128009, 128006, 78191, 128007, 271}, 5, 15, 20);
        case_("gemma2", 0, 0, new int[] {2, 2, 106, 1645, 108, 140199, 7596, 35382, 577, 235248, 235310, 235321, 576, 1070, 4078, 575, 4623, 235269, 578, 1492, 1284, 7596, 3933, 685, 1767, 35382, 575, 2782, 235265, 2250, 1767, 35382, 1498, 101268, 4874, 29911, 575, 4623, 578, 2782, 10481, 5362, 3591, 24742, 32346, 578, 1742, 4065, 731, 4065, 235265, 16735, 2734, 573, 5579, 5112, 3448, 235265, 107, 108, 106, 2516, 108}, 5, 42, 58);
        case_("gemma2", 0, 1, new int[] {2, 2, 106, 1645, 108, 140199, 7596, 35382, 577, 235248, 235310, 235321, 576, 1070, 4078, 575, 4623, 235269, 578, 1492, 1284, 7596, 3933, 685, 1767, 35382, 575, 2782, 235265, 2250, 1767, 35382, 1498, 101268, 4874, 29911, 575, 4623, 578, 2782, 10481, 5362, 793, 7166, 1317, 7965, 235265, 107, 108, 106, 2516, 108}, 5, 42, 47);
        case_("gemma2", 1, 0, new int[] {2, 2, 106, 1645, 108, 2437, 573, 2412, 13060, 67929, 235336, 664, 5273, 3863, 595, 745, 15149, 12606, 573, 5299, 2307, 575, 573, 70559, 31569, 88381, 5362, 3591, 24742, 32346, 578, 1742, 4065, 731, 4065, 235265, 16735, 2734, 573, 5579, 5112, 3448, 235265, 107, 108, 106, 2516, 108}, 5, 27, 43);
        case_("gemma2", 1, 1, new int[] {2, 2, 106, 1645, 108, 2437, 573, 2412, 13060, 67929, 235336, 664, 5273, 3863, 595, 745, 15149, 12606, 573, 5299, 2307, 575, 573, 70559, 31569, 88381, 5362, 793, 7166, 1317, 7965, 235265, 107, 108, 106, 2516, 108}, 5, 27, 32);
        case_("gemma2", 2, 0, new int[] {2, 2, 106, 1645, 108, 13033, 603, 14739, 235336, 108, 6928, 235292, 108, 235278, 235280, 235275, 235248, 235304, 108, 235278, 235305, 235275, 235248, 235308, 235265, 5362, 3591, 24742, 32346, 578, 1742, 4065, 731, 4065, 235265, 16735, 2734, 573, 5579, 5112, 3448, 235265, 107, 108, 106, 2516, 108}, 5, 26, 42);
        case_("gemma2", 2, 1, new int[] {2, 2, 106, 1645, 108, 13033, 603, 14739, 235336, 108, 6928, 235292, 108, 235278, 235280, 235275, 235248, 235304, 108, 235278, 235305, 235275, 235248, 235308, 235265, 5362, 793, 7166, 1317, 7965, 235265, 107, 108, 106, 2516, 108}, 5, 26, 31);
        case_("gemma2", 3, 0, new int[] {2, 2, 106, 1645, 108, 1841, 603, 235248, 235284, 963, 235248, 235304, 11025, 235265, 5362, 3591, 24742, 32346, 578, 1742, 4065, 731, 4065, 235265, 16735, 2734, 573, 5579, 5112, 3448, 235265, 107, 108, 106, 2516, 108}, 5, 15, 31);
        case_("gemma2", 3, 1, new int[] {2, 2, 106, 1645, 108, 1841, 603, 235248, 235284, 963, 235248, 235304, 11025, 235265, 5362, 793, 7166, 1317, 7965, 235265, 107, 108, 106, 2516, 108}, 5, 15, 20);
    }

    /** One reference layout: the ids up to the assistant header, and where the user header, goal and control end. */
    private static void case_(String tokenizer, int q, int p, int[] ids, int userEnd, int goalEnd, int controlEnd) {
        LayoutTemplate t = TEMPLATES.computeIfAbsent(tokenizer, name -> {
            Path dir = TestData.tokenizer(name);
            TokenizerConfig cfg = TokenizerConfig.read(dir);
            return LayoutTemplate.of(ChatFormat.resolve("official", cfg, LocalDate.of(2025, 1, 1)), Tokenizer.load(dir),
                    LayoutSettings.paper(), cfg.contextLength());
        });
        Layout l = t.generation(QUESTIONS.get(q), t.encodePrompt(PROMPTS.get(p)));
        String what = tokenizer + " question " + q + " prompt " + p;
        assertThat(l.ids()).as(what).containsExactly(ids);
        assertThat(l.span(LayoutPart.CHAT_PREFIX).end()).as(what + ": user header").isEqualTo(userEnd);
        assertThat(l.span(LayoutPart.SEPARATOR).end()).as(what + ": goal (question + \". Use\")").isEqualTo(goalEnd);
        assertThat(l.span(LayoutPart.PROMPT).start()).as(what).isEqualTo(goalEnd);
        assertThat(l.span(LayoutPart.PROMPT).end()).as(what + ": control").isEqualTo(controlEnd);
    }

    @Test
    void gemmaLastFifthIsTheOfficialSlicing() {
        lastFifth(new int[] {5, 6, 7, 8, 9, 10, 107, 11, 12, 107}, 107, new int[] {5, 6, 7, 8, 9, 10, 107, 11, 12});
        lastFifth(new int[] {5, 6, 7, 8, 9, 10, 107, 11, 12, 107}, 2, new int[] {5, 6, 7, 8, 9, 10, 107, 11, 12, 107});
        lastFifth(new int[] {5, 6, 7, 8, 107, 10, 11, 12, 13, 14, 15, 107}, 107, new int[] {5, 6, 7, 8, 107, 10, 11, 12, 13, 14, 15});
        lastFifth(new int[] {5, 6, 7, 8, 107, 10, 11, 12, 13, 14, 15, 107}, 2, new int[] {5, 6, 7, 8, 107, 10, 11, 12, 13, 14, 15, 107});
        lastFifth(new int[] {1, 2, 107, 4, 5}, 107, new int[] {1, 2, 107, 4, 5});
        lastFifth(new int[] {1, 2, 107, 4, 5}, 2, new int[] {1, 2, 107, 4, 5});
        lastFifth(new int[] {107, 2, 3}, 107, new int[] {107, 2, 3});
        lastFifth(new int[] {107, 2, 3}, 2, new int[] {107, 2, 3});
        lastFifth(new int[] {2, 2, 5, 6, 7, 8, 9}, 107, new int[] {2, 2, 5, 6, 7, 8, 9});
        lastFifth(new int[] {2, 2, 5, 6, 7, 8, 9}, 2, new int[] {2, 2, 5, 6, 7, 8, 9});
        lastFifth(new int[] {2, 5}, 107, new int[] {2, 5});
        lastFifth(new int[] {2, 5}, 2, new int[] {2, 5});
        lastFifth(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 107, 9, 10}, 107, new int[] {1, 2, 3, 4, 5, 6, 7, 8});
        lastFifth(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 107, 9, 10}, 2, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 107, 9, 10});
        lastFifth(new int[] {1, 2, 3, 4, 5, 6, 7, 107, 8, 107}, 107, new int[] {1, 2, 3, 4, 5, 6, 7, 8});
        lastFifth(new int[] {1, 2, 3, 4, 5, 6, 7, 107, 8, 107}, 2, new int[] {1, 2, 3, 4, 5, 6, 7, 107, 8, 107});
    }

    private static void lastFifth(int[] seq, int e, int[] expected) {
        assertThat(OfficialCleanup.gemmaLastFifth(seq, e)).as("%s, e = %d", Arrays.toString(seq), e).containsExactly(expected);
    }

    @Test
    void reasoningSplitIsPythonsSplit() {
        split("a assistant\n\nb assistant\n\n c ", "assistant\n\n", "c");
        split("aaa", "aa", "a");
        split("x\nmodel\ny", "\nmodel\n", "y");
        split("none here", "assistant\n\n", "none here");
    }

    private static void split(String text, String sep, String expected) {
        assertThat(OfficialCleanup.afterLast(text, sep)).as("%s split at %s", text, sep).isEqualTo(expected);
    }
}
