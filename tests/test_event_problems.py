"""An editor sees every mistake of an event in one run, each at its line."""

from __future__ import annotations


def test_two_mistakes_in_one_event_are_reported_together(project_copy, cli):
    events = project_copy / "sources/events/rus-merchants-in-baghdad.md"
    text = events.read_text("utf-8")
    text = text.replace("actors: [rus-merchants, ibn-khordadbeh, iraq]\n",
                        "actors: [rus-merchants, ibn-khordadbeh, iraqq]\n", 1)
    text = text.replace("one could encounter Rus merchants in the markets", "one could meet Rus merchants in the markets", 1)
    events.write_text(text, "utf-8")
    result = cli(project_copy, "check")
    assert result.returncode == 1
    lines = text.split("\n")
    actor_line = lines.index("actors: [rus-merchants, ibn-khordadbeh, iraqq]") + 1
    quote_line = next(n for n, line in enumerate(lines, start=1) if "one could meet Rus merchants" in line)
    path = "sources/events/rus-merchants-in-baghdad.md"
    assert f"{path}:{actor_line}: event 'rus-merchants-in-baghdad': unknown actor 'iraqq'" in result.stderr
    assert f"{path}:{quote_line}: event 'rus-merchants-in-baghdad': the quote" in result.stderr
    assert "2 problems found" in result.stderr
