"""Chart geometry (webapp/charts.py): numbers in, SVG coordinates out."""
import pytest

from webapp.charts import (
    Frame,
    Scale,
    bar_geometry,
    label_indexes,
    line_geometry,
    nice_step,
    nice_ticks,
    nice_top,
    slot_centres,
    tick_label,
)

FRAME = Frame(width=120, height=70, left=10, right=10, top=10, bottom=10)  # plot 100 x 50


@pytest.mark.parametrize("span, count, step", [
    (7, 4, 2), (10, 4, 5), (100, 4, 50), (23, 4, 10), (0.9, 4, 0.5), (4, 4, 1), (0, 4, 1),
])
def test_nice_step(span, count, step):
    assert nice_step(span, count) == step


def test_nice_ticks_cover_the_data_with_round_steps():
    assert nice_ticks(0, 7, whole=True) == [0, 2, 4, 6, 8]
    assert nice_ticks(0, 10) == [0, 5, 10]
    assert nice_ticks(1, 5) == [1, 2, 3, 4, 5]
    assert nice_ticks(0, 0.3, whole=True) == [0, 1]  # counts never get a 0.1 step
    assert nice_ticks(0, 0.3) == [0, 0.1, 0.2, 0.3]  # and no 0.30000000000000004
    assert nice_ticks(3, 3) == [3, 3.5, 4]  # a flat line still gets a scale
    assert nice_ticks(5, 1) == [1, 2, 3, 4, 5]


def test_nice_top_and_tick_labels():
    assert [nice_top(v) for v in (0, 1, 1.5, 3, 7, 11, 450)] == [1, 1, 2, 5, 10, 20, 500]
    assert [tick_label(v) for v in (0.0, 5.0, 2.5)] == ["0", "5", "2.5"]


def test_scale_maps_linearly_and_upside_down_for_y():
    y = Scale(0, 10, 60, 10)
    assert (y(0), y(5), y(10)) == (60, 35, 10)
    assert Scale(3, 3, 60, 10)(3) == 60  # no division by zero


def test_slots_and_labels():
    assert slot_centres(4, FRAME) == [22.5, 47.5, 72.5, 97.5]
    assert slot_centres(0, FRAME) == []
    assert label_indexes(3) == [0, 1, 2]
    assert label_indexes(30) == [0, 13, 21, 29]  # the most recent always, never crowded
    assert label_indexes(13) == [0, 3, 6, 9, 12]
    for count in range(1, 400):
        chosen = label_indexes(count)
        assert chosen[0] == 0 and chosen[-1] == count - 1 and len(chosen) <= 5
        assert chosen == sorted(set(chosen))


def test_bars_stand_on_the_baseline_and_skip_empty_slots():
    g = bar_geometry([2, 0, None, 4], FRAME)
    assert [t.value for t in g.ticks] == [0, 1, 2, 3, 4]
    assert [b.index for b in g.bars] == [0, 3]
    first, last = g.bars
    assert first.y + first.height == pytest.approx(60) and last.y == pytest.approx(10)
    assert first.height == pytest.approx(25) and last.height == pytest.approx(50)
    assert first.width == pytest.approx(17.5)  # 70% of a 25-unit slot
    assert [(lab.index, lab.anchor) for lab in g.labels] == [(0, "start"), (1, "middle"),
                                                             (2, "middle"), (3, "end")]
    assert all(FRAME.plot_left <= b.x and b.x + b.width <= FRAME.plot_right for b in g.bars)


def test_bars_with_nothing_at_all():
    g = bar_geometry([0, 0, 0], FRAME)
    assert g.bars == () and [t.value for t in g.ticks] == [0, 1]
    assert bar_geometry([], FRAME).labels == ()


def test_lines_break_at_gaps_and_keep_lonely_points():
    g = line_geometry({"a": [1, 2, None, 4, None, None, 7, 8], "b": [None] * 8}, 0, 10, FRAME)
    assert [t.value for t in g.ticks] == [0, 5, 10]
    assert [len(line.points) for line in g.lines] == [2, 2]
    assert {line.series for line in g.lines} == {"a"}
    assert len(g.dots) == 5  # few points: every one gets a dot; none for the empty series
    assert g.lines[0].svg_points == "16.2,55 28.8,50"
    many = line_geometry({"a": [5.0] * 20 + [None] + [6.0] + [None] * 19}, 0, 10, FRAME)
    assert len(many.dots) == 1 and many.dots[0].y == pytest.approx(30)  # only the lonely one


def test_lines_widen_the_scale_for_values_outside_it():
    g = line_geometry({"sleep": [4.0, 11.5]}, 0, 8, FRAME)
    assert g.ticks[-1].value >= 11.5
    assert all(FRAME.plot_top <= y <= FRAME.plot_bottom for line in g.lines for _, y in line.points)
