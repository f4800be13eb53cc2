package io.mezzo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The matrix's reader: what a row is, and the format errors it names by line. */
class CompatibilityDocTest {
  @Test
  void readsRowsWithTheirNamesStatusAndNote() {
    CompatibilityDoc doc =
        CompatibilityDoc.parse(
            List.of(
                "# Title",
                "### Calls",
                "",
                "| Type | Status |",
                "|---|---|",
                "| `A` | same |",
                "| `B`, `C` | refused: not yet (issue 15) |",
                "",
                "text"));
    CompatibilityDoc.Table t = doc.table("Calls");
    assertThat(t.header()).containsExactly("Type", "Status");
    assertThat(t.rows()).hasSize(2);
    assertThat(t.rows().get(0).status()).isEqualTo(CompatibilityDoc.Status.SAME);
    CompatibilityDoc.Row b = t.rows().get(1);
    assertThat(b.names()).containsExactly("B", "C");
    assertThat(b.status()).isEqualTo(CompatibilityDoc.Status.REFUSED);
    assertThat(b.note()).isEqualTo("not yet (issue 15)");
    assertThat(b.line()).isEqualTo(7);
  }

  @Test
  void aStatusThatIsNotOneOfTheThreeOrLacksItsReasonIsAnErrorNamingTheLine() {
    assertThatThrownBy(() -> parse("| `A` | maybe |"))
        .hasMessageContaining("line 4")
        .hasMessageContaining("same, differs: how, or refused: why");
    assertThatThrownBy(() -> parse("| `A` | refused |"))
        .hasMessageContaining("line 4")
        .hasMessageContaining("must say how/why");
    assertThatThrownBy(() -> parse("| A | same |")).hasMessageContaining("names nothing");
    assertThatThrownBy(() -> parse("| `A` | x | same |")).hasMessageContaining("3 cells");
  }

  @Test
  void aMissingTableIsAnAssertionNamingTheTablesThereAre() {
    assertThatThrownBy(() -> parse("| `A` | same |").table("Other"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("[T]");
  }

  private static CompatibilityDoc parse(String row) {
    return CompatibilityDoc.parse(List.of("## T", "| Type | Status |", "|---|---|", row));
  }
}
