package org.greater4j.toy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.greater4j.text.ChatFormat;
import org.greater4j.text.ChatTemplateException;
import org.greater4j.text.HfTokenizer;
import org.greater4j.text.Layout;
import org.greater4j.text.LayoutPart;
import org.greater4j.text.LayoutSettings;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.text.Message;
import org.greater4j.text.Tokenizer;
import org.greater4j.text.TokenizerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toy chat template through greater4j's Jinja chat formats and the GReaTer layout gives exactly
 * the token sequences the model is trained on.
 */
class ToyChatTemplateTest {
    @TempDir
    static Path dir;

    static Tokenizer tok;
    static ChatFormat format;
    static LayoutTemplate layout;
    static final ToyVocabulary V = ToyVocabulary.standard();

    @BeforeAll
    static void load() {
        V.writeTokenizer(dir, 128);
        tok = HfTokenizer.load(dir.resolve("tokenizer.json"));
        TokenizerConfig tc = TokenizerConfig.read(dir);
        format = ChatFormat.resolve("auto", tc, LocalDate.of(2025, 1, 1));
        layout = LayoutTemplate.of(format, tok, LayoutSettings.paper(), tc.contextLength());
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    @Test
    void theModelsOwnTemplateIsUsed() {
        assertThat(format.name()).isEqualTo("template");
        assertThat(format.template()).isEqualTo(ToyVocabulary.CHAT_TEMPLATE);
        assertThat(format.render(List.of(Message.user("what is 1 + 2. Use think.")), true))
                .isEqualTo("<bos><user> what is 1 + 2. Use think. <assistant>");
        assertThatThrownBy(() -> format.render(List.of(Message.system("be nice"), Message.user("hi")), true))
                .isInstanceOf(ChatTemplateException.class);
    }

    @Test
    void generationLayoutEqualsTheTrainingPrefix() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 200; i++) {
            ToyTask.Sample s = ToyTask.trainingSample(rng);
            int[] train = s.ids(V);
            int assistant = indexOf(train, V.id(ToyVocabulary.ASSISTANT));
            Layout g = layout.generation(s.problem().question(), s.instruction());
            assertThat(g.ids()).as(s.userText()).containsExactly(Arrays.copyOf(train, assistant + 1));
            assertThat(layout.text(g, LayoutPart.PROMPT)).isEqualTo(V.decode(V.encode(s.instruction())));
            // the whole conversation rendered by the template is the training sequence
            String full = format.render(List.of(Message.user(s.userText()), Message.assistant(s.response())), false);
            assertThat(format.encode(tok, full)).containsExactly(train);
        }
    }

    @Test
    void answerSpanIsTheDigitTokens() {
        ToyProblem p = ToyProblem.of(new int[] {9, 9, 0}, new boolean[] {true, true}, 0);
        assertThat(p.answerText()).isEqualTo("0");
        ToyProblem neg = ToyProblem.of(new int[] {1, 7, 6}, new boolean[] {true, true}, 1);
        assertThat(neg.answerText()).isEqualTo("- 1 2");
        LayoutTemplate.Tail t = layout.tail(neg.stepResponse(), ToyTask.EXTRACTORS.llama3(), neg.answerText());
        int[] ids = t.ids();
        assertThat(Arrays.copyOfRange(ids, t.answerStart(), ids.length)).containsExactly(V.encode("- 1 2"));
        assertThat(V.decode(Arrays.copyOfRange(ids, t.reasoningEnd(), t.answerStart()))).isEqualTo("so the answer is $");
        LayoutTemplate.Tail d = layout.tail("", ToyTask.EXTRACTORS.llama3(), "1 7");
        assertThat(V.decode(d.ids())).isEqualTo("so the answer is $ 1 7");
        assertThat(d.answerStart()).isEqualTo(d.ids().length - 2);
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        return -1;
    }
}
