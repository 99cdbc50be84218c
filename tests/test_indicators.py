"""The indicator registry (pipelines/data/indicators.toml) walked entry by entry: every example
sentence gives its indicator with its value, every trap does not, and a malformed entry is an
error that names it. Adding an indicator is a data change; this test covers it."""
import pytest

from pipelines.indicators import RegistryError, load_registry, registry
from pipelines.metrics import find_metrics

ENTRIES = registry().entries


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.key for e in ENTRIES])
def test_every_example_gives_its_indicator(entry):
    for ex in entry.examples:
        got = [(m.indicator, m.value) for m in find_metrics(ex.text)]
        assert any(k == entry.key and abs(v - ex.value) < 1e-6 for k, v in got), (ex.text, got)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.key for e in ENTRIES])
def test_no_trap_gives_it(entry):
    for trap in entry.traps:
        got = [m.indicator for m in find_metrics(trap, published=None)]
        assert entry.key not in got, (trap, got)


def test_registry_is_complete_and_ordered():
    keys = [e.key for e in ENTRIES]
    assert keys[0] == "dti_score" and len(keys) == len(set(keys))
    assert all(e.label and e.unit and len(e.examples) >= 2 and e.traps for e in ENTRIES)


@pytest.mark.parametrize("change,says", [
    ('key = "dti_score"', "indicator #1: duplicate key" if False else "duplicate key 'dti_score'"),
    ('examples = [\n  { text = "Năm 2023, chỉ số DTI', "indicator 'dti_score'.examples"),
    ('class = "score"', "indicator 'dti_score'.class"),
    ('traps = ["Tỉnh phấn đấu đưa chỉ số DTI lên 0,70 điểm vào năm 2030.",', "indicator 'dti_score'"),
])
def test_a_broken_entry_is_named(tmp_path, change, says):
    from pipelines.indicators import DATA
    text = DATA.read_text(encoding="utf-8")
    broken = {
        'key = "dti_score"': text.replace('key = "dti_average_score"', 'key = "dti_score"'),
        'examples = [\n  { text = "Năm 2023, chỉ số DTI': text.replace(
            '  { text = "Theo báo cáo, Chỉ số chuyển đổi số cấp tỉnh của Trà Vinh đạt 0,6077 điểm.", value = 0.6077 },\n'
            '  { text = "Ở cấp quốc gia, chỉ số DTI năm 2024 đạt 0,7955.", value = 0.7955 },\n', ""),
        'class = "score"': text.replace('class = "score"', 'class = "scores"', 1),
        'traps = ["Tỉnh phấn đấu đưa chỉ số DTI lên 0,70 điểm vào năm 2030.",': text.replace(
            'range = [0, 1]\nexamples', 'range = [0, 1]\nsynonym = ["DTI"]\nexamples', 1),
    }[change]
    path = tmp_path / "indicators.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(RegistryError) as e:
        load_registry(path)
    assert str(path) in str(e.value) and says in str(e.value), str(e.value)
