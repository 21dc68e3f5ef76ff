"""The registry of the claims checks: what the build verifies of the
editors' layer, in the words the method page prints (``<!-- portal:checks
-->`` on ``docs/about/index.md``), so the page states exactly the checks
the build runs and cannot drift from them.

Each problem a check reports ends with ``(check: ID)``, so an editor can
look the rule up on the method page, and ``python -m scripts
claims-report`` counts them by check.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    rule: str                   # what is verified, for the method page (plain text)
    outcome: str                # "refused": the build fails; "queued": an editorial-queue item
    counts_as: str = ""         # the measure it feeds in claims-report ("says-mismatch" …)


CHECKS: tuple[Check, ...] = (
    Check("quotation-found", "Quotations are exact",
          "Every event cites its sources by exact quotation; each quotation occurs in exactly one passage "
          "of the cited source (compared after folding quotation marks, dashes and spaces).", "refused"),
    Check("says-in-quote", "What a citation records is in its quote",
          "Every year, decade, century, month, day and number that a citation's `says` records occurs in "
          "its quotation (after folding quotation marks and dashes), unless `says.derived` gives the "
          "reason and the passages or notes it comes from; derived parts are shown as inferred.",
          "refused", "says-mismatch"),
    Check("says-no-date", "A dated quotation cannot say “no date”",
          "A quotation that gives a year, a decade or a century records a date (`says.date` is not "
          "XXXX): “until the union collapsed in 1991” is `../1991`.",
          "refused", "says-mismatch"),
    Check("qualifiers-kept", "Qualifiers are kept, bounds never invented",
          "“after 1972”, “since 1994” or “until 1991” is an open interval (`1972/..`, `../1991`); "
          "“close to twenty-five” is an approximate quantity, “more than 300” has no upper bound, "
          "“hundreds” is a magnitude: a bound the quotation does not give is refused.",
          "refused", "invented-bound"),
    Check("date-agrees", "An event's date agrees with a citation",
          "Some citation's `says.date` shares at least one day with the event's date.", "refused"),
    Check("brackets-by-value", "Brackets by value",
          "Each part (century, decade, year, season, month, day) of each end of an event's date is shown "
          "without brackets only if some citation states that same value; otherwise it is in brackets "
          "and `inferred:` gives the reason and the passages.",
          "refused", "value-bracket"),
    Check("inferred-needed", "An inference is declared only where needed",
          "`inferred:` is refused when the citations already state every part of the date.", "refused"),
    Check("disagreement-disputed", "Disagreements are disputes",
          "Citations about the same claim (the same claim key, or the event itself) whose dates share "
          "no day, or whose quantities do not overlap, need a `dispute:` of kind date or quantity; a "
          "date or quantity dispute whose citations agree is refused (a difference of precision is not "
          "a disagreement).",
          "refused"),
    Check("claim-keys", "Claims are compared across the corpus by key",
          "A citation's `claim` is `subject predicate object`: actor ids around a predicate of "
          "`sources/claims.yml`. Statements of the same key are compared in every event and source (a "
          "predicate that ends another, such as halting arms supplies or backing an arms embargo, "
          "disagrees with a statement that the course went on after its date; a predicate that opposes "
          "another, such as strained relations against political support, disagrees in interpretation "
          "with a statement of the other about the same time); statements of different keys are never "
          "compared. Each "
          "disagreement is shown on the Contested claims page, one reading per statement, held by its "
          "original claimant with the chain of report; an assessment of a key without disagreement is "
          "refused.", "refused"),
    Check("unassessed-dispute", "Every disagreement found across events is assessed",
          "A disagreement by claim key without the editors' assessment in `sources/claims.yml` is an "
          "editorial-queue item.", "queued"),
    Check("corrections-kept", "A source's error stays the source's",
          "A correction note on a passage lists the wrong words (`corrects:`); a title, summary, reading, "
          "period or actor text, or an event date, that repeats them must report them as the source's in "
          "the clause that holds them (“Wikipedia dates … to March 1959”, “according to …”, “…, Mahmoudian "
          "writes, …”; naming the source elsewhere in the sentence is not enough) and show the note.", "refused", "repeated corrected detail"),
    Check("single-source-hedged", "A claim resting on one source says whose it is",
          "An event whose citations all come from one source names that source in its title and its "
          "summary; a period title rests on passages of two sources or names its source.", "queued",
          "unhedged single-source claim"),
    Check("period-boundary", "Period boundaries keep their precision",
          "A period starts on its opening event's date, and ends no more precisely than the next period "
          "starts (a period that ends the month before another starts ends in that month, not on its "
          "last day).", "refused", "period boundary too precise"),
    Check("references-resolve", "Every reference resolves",
          "Every reference of the editors' prose to a passage (`source-id/pN`) or a note (`note:id`), every "
          "note target, role "
          "passage and period's opening event exists.", "refused"),
    Check("role-term", "A role's term is in its passage",
          "The years of a role's term (`when`) occur in the passage cited for it.", "refused"),
    Check("outside-name", "Outside names have a note",
          "An actor name or glossary expansion that no source text uses names the note that gives its "
          "reference; an actor's display name must be written in that note's text, and a glossary "
          "expansion's note must name the term or the expansion (it is about that term).", "refused"),
    Check("unpaged-reference", "An outside fact rests on a page",
          "A fact from outside the texts appears only in an editors' note whose reference is precise: a "
          "book, an article or a chapter names the page that states the fact (`pages:`), a document its "
          "number, a web page its address; a reference without its page fails the build and cannot be "
          "explained away in sources/editorial.yml. Who checked a reference against the work, and when, "
          "is recorded with it (`checked:`) and exported with the note (notes.json).", "refused"),
    Check("periods-anchored", "Periods are anchored",
          "Each period opens with a named event and starts on that event's date; the periods follow one "
          "another without gaps.", "refused"),
    Check("uncited-sentence", "Every sentence cites",
          "Every sentence of a summary, reading, dispute assessment and the home page's overview ends "
          "with the references it rests on; in an assessment, a reconciliation no text makes says that it "
          "is “the editors' conjecture”.", "queued"),
    Check("unassessed-source", "Every source is assessed",
          "Each source carries an assessment (author, kind of text, date, independence, known weaknesses), "
          "shown on its page and beside each reading on the Contested claims page; one still to be written "
          "is an editorial-queue item.", "queued"),
    Check("unsupported-detail", "Every detail is in what the sentence cites",
          "Every year, decade, century, month, number and actor named in a sentence of the editors' "
          "prose (titles, summaries, actor, period and glossary texts, readings, assessments, the home "
          "overview) occurs in the passages or notes it cites (a title: in the passages of its event's "
          "quotations; a reading's label: in the passages its summary cites); otherwise the word is an editorial-queue item (an editor may explain a "
          "paraphrase the check cannot see with `make explain`, a file in sources/editorial/).",
          "queued", "unsupported-detail"),
)

BY_ID = {check.id: check for check in CHECKS}


def tag(check_id: str) -> str:
    """The suffix of a problem reported by *check_id*."""
    assert check_id in BY_ID, check_id
    return f" (check: {check_id})"
