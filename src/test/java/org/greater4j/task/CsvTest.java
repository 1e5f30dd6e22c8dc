package org.greater4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    private static List<Csv.Row> parse(String s) {
        return Csv.parse(s, ',', Path.of("x.csv"));
    }

    @Test
    void quotedFieldsWithDelimitersQuotesAndLineBreaks() {
        List<Csv.Row> rows = parse("goal,target,final_target\n\"a, b\",\"say \"\"hi\"\"\nthen go\",3\r\nplain,x,\"\"\n");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).fields()).containsExactly("a, b", "say \"hi\"\nthen go", "3");
        assertThat(rows.get(1).line()).isEqualTo(2);
        assertThat(rows.get(2).fields()).containsExactly("plain", "x", "");
        assertThat(rows.get(2).line()).isEqualTo(4);
    }

    @Test
    void tabsNoTrailingNewlineBomAndEmptyLastField() {
        List<Csv.Row> rows = Csv.parse("\uFEFFa\tb\n1\t\"x\ty\"\n2\t", '\t', null);
        assertThat(rows.get(0).fields()).containsExactly("a", "b");
        assertThat(rows.get(1).fields()).containsExactly("1", "x\ty");
        assertThat(rows.get(2).fields()).containsExactly("2", "");
    }

    @Test
    void quoteInsideUnquotedFieldIsLiteralLikePandas() {
        assertThat(parse("a b\"c,d\n").get(0).fields()).containsExactly("a b\"c", "d");
    }

    @Test
    void unterminatedQuoteNamesFileAndStartLine() {
        assertThatThrownBy(() -> parse("h\nok\n\"open\nnever closed\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith("x.csv:3: unterminated quoted field")
                .satisfies(e -> assertThat(((DatasetFormatException) e).line()).isEqualTo(3));
    }

    @Test
    void textAfterClosingQuoteIsAnError() {
        assertThatThrownBy(() -> parse("h\n\"a\"b,c\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("x.csv:2:")
                .hasMessageContaining("after the closing quote");
    }
}
