from conftest import MakeStory, check


def test_the_base_fixture_is_clean_under_strict(make_story: MakeStory) -> None:
    result = check(make_story())
    assert result.diagnostics == (), "\n".join(map(str, result.diagnostics))
    assert not result.failed(strict=True)
    assert result.folder is not None
    assert sorted(result.folder.people) == ["adviser", "leader", "resident"]
