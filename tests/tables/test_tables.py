"""The one table model and its renderers: alignment, footer rows, notes, escaping, quoting."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from rich.console import Console

from labelaudit.tables import (
    UNDEFINED,
    Column,
    Styled,
    Table,
    metric_columns,
    number,
    rich_for_width,
    to_csv,
    to_html,
    to_json,
    to_markdown,
    to_rich,
    write_table,
)


def scores() -> Table:
    """Two observations, a footer with their mean, and a note."""
    return Table(
        name="scores",
        title="Scores",
        columns=[Column("Observation"), Column("F1", "right"), Column("Support", "right")],
        rows=[["Edema", "0.812 (0.75–0.86)", "12 / 3"], ["Atelectasis", "0.500", "4 / 1"]],
        footer=[["Mean", "0.656", "16 / 4"]],
        notes=["In brackets: 95% CI.", "Supports are gold counts."],
    )


def text_of(renderable: object, width: int = 100, *, styles: bool = False) -> str:
    console = Console(width=width, record=True, color_system="truecolor" if styles else None)
    console.print(renderable)
    return console.export_text(styles=styles)


# -- the model -------------------------------------------------------------------------------


def test_a_row_with_the_wrong_number_of_cells_is_refused() -> None:
    with pytest.raises(ValueError, match="a row has 2 cells for 3 columns"):
        Table(title="t", columns=[Column("a"), Column("b"), Column("c")], rows=[["1", "2"]])
    with pytest.raises(ValueError, match="a row has 1 cells for 2 columns"):
        Table(title="t", columns=[Column("a"), Column("b")], rows=[], footer=[["1"]])


def test_texts_are_rows_then_footer_without_styles() -> None:
    table = Table(
        title="t",
        columns=[Column("a"), Column("b")],
        rows=[["x", Styled("0.41", "red")]],
        footer=[["all", "0.50"]],
    )
    assert table.headers == ["a", "b"]
    assert table.texts() == [["x", "0.41"], ["all", "0.50"]]


def test_number_marks_undefined_values() -> None:
    assert number(0.81234) == "0.812"
    assert number(0.5, digits=1) == "0.5"
    assert number(math.nan) == UNDEFINED
    assert number(None) == UNDEFINED


def test_metric_columns_right_align_the_numbers_and_keep_names_whole() -> None:
    columns = metric_columns(["Name", "F1", "n"], numeric={1, 2}, short_headers=["N", "F", "n"])
    assert [c.align for c in columns] == ["left", "right", "right"]
    assert [c.short_header for c in columns] == ["N", "F", "n"]
    assert (columns[0].min_width, columns[0].overflow) == (12, "ellipsis")
    assert {(c.min_width, c.overflow) for c in columns[1:]} == {(None, "fold")}


# -- Markdown --------------------------------------------------------------------------------


def test_markdown_heading_style() -> None:
    assert to_markdown(scores()) == (
        "### Scores\n"
        "\n"
        "| Observation | F1 | Support |\n"
        "| --- | ---: | ---: |\n"
        "| Edema | 0.812 (0.75–0.86) | 12 / 3 |\n"
        "| Atelectasis | 0.500 | 4 / 1 |\n"
        "| Mean | 0.656 | 16 / 4 |\n"
        "\n"
        "- In brackets: 95% CI.\n"
        "- Supports are gold counts.\n"
    )


def test_markdown_caption_style_as_the_papers_print_it() -> None:
    table = Table(
        title="Label distribution over 5 reports",
        columns=[Column("Observation"), Column("Positive", "right")],
        rows=[["Edema", "1 (20.0%)"]],
        markdown="caption",
    )
    assert to_markdown(table) == (
        "Label distribution over 5 reports.\n"
        "\n"
        "| Observation | Positive |\n"
        "|:---|---:|\n"
        "| Edema | 1 (20.0%) |\n"
    )


def test_markdown_escapes_pipes_and_drops_styles() -> None:
    table = Table(
        title="t",
        columns=[Column("a|b"), Column("c")],
        rows=[["left | right", Styled("0.41", "red")]],
    )
    lines = to_markdown(table).splitlines()
    assert lines[2] == "| a\\|b | c |"
    assert lines[4] == "| left \\| right | 0.41 |"


# -- CSV and JSON ----------------------------------------------------------------------------


def test_csv_writes_the_records_not_the_formatted_cells() -> None:
    table = scores()
    table.records = [
        {"observation": "Edema", "f1": 0.8123456789, "f1_ci_low": math.nan},
        {"observation": "Atelectasis", "f1": 0.5, "support": 4},
    ]
    assert to_csv(table) == (
        "observation,f1,f1_ci_low,support\nEdema,0.812346,,\nAtelectasis,0.5,,4\n"
    )


def test_csv_without_records_writes_the_cells_under_their_headers() -> None:
    assert to_csv(scores()).splitlines() == [
        "Observation,F1,Support",
        "Edema,0.812 (0.75–0.86),12 / 3",
        "Atelectasis,0.500,4 / 1",
        "Mean,0.656,16 / 4",
    ]


def test_csv_quotes_through_csvfile_and_reads_back() -> None:
    awkward = ["a, b", 'say "no"', "two\nlines", "bare\rreturn", "plain"]
    table = Table(
        title="t",
        columns=[Column("cell")],
        rows=[[text] for text in awkward],
    )
    written = to_csv(table)
    assert '"bare\rreturn"' in written  # the csv module alone leaves a bare \r unquoted
    assert '"a, b"' in written and '"say ""no"""' in written
    assert "\r\n" not in written
    read = list(csv.reader(io.StringIO(written, newline="")))
    assert read == [["cell"], *([text] for text in awkward)]


def test_json_has_null_for_undefined_and_keeps_notes_and_meta() -> None:
    table = scores()
    table.records = [{"observation": "Edema", "kappa": math.nan, "n": 3}]
    document = json.loads(to_json(table, {"seed": 0}))
    assert document == {
        "table": "scores",
        "title": "Scores",
        "meta": {"seed": 0},
        "notes": ["In brackets: 95% CI.", "Supports are gold counts."],
        "rows": [{"observation": "Edema", "kappa": None, "n": 3}],
    }


def test_write_table_writes_csv_markdown_and_json(tmp_path: Path) -> None:
    written = write_table(scores(), tmp_path)
    assert [p.name for p in written] == ["scores.csv", "scores.md", "scores.json"]
    assert (tmp_path / "scores.md").read_text(encoding="utf-8") == to_markdown(scores())
    assert not [p for p in tmp_path.iterdir() if p not in written]  # no temporary files left


# -- HTML ------------------------------------------------------------------------------------


def test_html_escapes_and_marks_numbers_and_footer_rows() -> None:
    table = Table(
        title="<b>",
        columns=[Column("a"), Column("n", "right")],
        rows=[["x & y", "1"]],
        footer=[["all", Styled("2", "bold")]],
        notes=["note <i>"],
    )
    assert to_html(table) == (
        "<h3>&lt;b&gt;</h3><table><thead><tr><th>a</th><th>n</th></tr></thead><tbody>"
        '<tr><td>x &amp; y</td><td class="num">1</td></tr>'
        '<tr class="avg"><td>all</td><td class="num">2</td></tr></tbody></table>'
        '<ul class="notes"><li>note &lt;i&gt;</li></ul>'
    )


# -- the terminal ----------------------------------------------------------------------------


def test_rich_aligns_columns_and_shows_notes_as_caption() -> None:
    lines = [line.rstrip() for line in text_of(to_rich(scores())).splitlines()]
    assert lines[0] == "Scores"  # the title on the left
    row = next(line for line in lines if "Atelectasis" in line)
    assert "│ Atelectasis │             0.500 │" in row  # F1 right-aligned, name left
    assert lines[-2:] == ["In brackets: 95% CI.", "Supports are gold counts."]


def test_rich_draws_a_rule_above_the_footer_unless_told_not_to() -> None:
    with_rule = text_of(to_rich(scores())).splitlines()
    mean = next(i for i, line in enumerate(with_rule) if "Mean" in line)
    assert with_rule[mean - 1].startswith("├")
    table = scores()
    table.footer_rule = False
    without = text_of(to_rich(table)).splitlines()
    mean = next(i for i, line in enumerate(without) if "Mean" in line)
    assert "Atelectasis" in without[mean - 1]


def test_rich_styles_footer_rows_and_styled_cells() -> None:
    table = scores()
    table.footer_style = "bold"
    table.rows = [["Edema", Styled("0.812", "red"), "12 / 3"]]
    ansi = text_of(to_rich(table), styles=True)
    assert "\x1b[31m0.812\x1b[0m" in ansi  # red
    assert "\x1b[1mMean" in ansi  # bold footer
    assert "[red]" not in text_of(to_rich(table))


def test_rich_centres_the_title_when_asked() -> None:
    table = scores()
    table.title_justify = "center"
    first = text_of(to_rich(table)).splitlines()[0]
    assert first.strip() == "Scores" and first.startswith("   ")


def test_rich_stacks_or_drops_intervals_and_shortens_headers() -> None:
    table = scores()
    table.columns = [
        Column("Observation"),
        Column("F1", "right", short_header="F"),
        table.columns[2],
    ]
    inline = text_of(to_rich(table))
    assert "0.812 (0.75–0.86)" in inline
    stacked = text_of(to_rich(table, stacked=True)).splitlines()
    edema = next(i for i, line in enumerate(stacked) if "Edema" in line)
    assert "0.812" in stacked[edema] and "(0.75–0.86)" in stacked[edema + 1]
    compact = to_rich(table, compact=True)
    shown = text_of(compact)
    assert "0.75" not in shown and "12/3" in shown and " F " in shown
    assert compact.caption == (
        "Confidence intervals: in scores.md and report.html.\nSupports are gold counts."
    )


def test_rich_for_width_picks_the_layout_by_terminal_width() -> None:
    def row_line(renderable: object) -> str:
        return next(line for line in text_of(renderable).splitlines() if " a " in line)

    narrow = Table(title="t", columns=[Column(str(i)) for i in range(3)], rows=[["a (1)", "", ""]])
    assert "(1)" in row_line(rich_for_width(narrow, 100))  # inline
    assert "(1)" not in row_line(rich_for_width(narrow, 99))  # stacked below its value
    wide = Table(title="t", columns=[Column(str(i)) for i in range(7)], rows=[["a (1)", *[""] * 6]])
    assert "(1)" not in text_of(rich_for_width(wide, 119), width=119)  # compact: dropped
    assert "(1)" in text_of(rich_for_width(wide, 120), width=120)
