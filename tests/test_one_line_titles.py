"""A title typed on one line (a follow-up's, a service issue's, a commitment's) is kept
with each run of white space one space, as client names and deal titles were: from a
form, a command or an imported file alike.  Notes and descriptions keep their lines."""

from __future__ import annotations

import pytest
from conftest import TODAY
from hypothesis import example, given
from hypothesis import strategies as st

from amtui.core import commitments, followups, interactions, service
from amtui.core.clients import create_client
from amtui.core.errors import InvalidInput
from amtui.core.text import clean_title
from amtui.importers.run import import_file
from amtui.models import Commitment, FollowUp, ServiceIssue


@pytest.mark.parametrize(("typed", "kept"), [
    ("Send   deck", "Send deck"),
    ("  Send deck  ", "Send deck"),
    ("Send\tthe\n deck", "Send the deck"),
    ("Send\u00a0\u00a0deck", "Send deck"),  # a non-breaking space pasted from a mail
    ("Send deck", "Send deck"),
])
def test_clean_title_hand_examples(typed, kept):
    assert clean_title("title", typed) == kept


@pytest.mark.parametrize("typed", ["", "   ", "\t\n"])
def test_a_title_of_only_white_space_is_required(typed):
    with pytest.raises(InvalidInput, match="is required"):
        clean_title("title", typed)


def test_the_limit_counts_the_title_as_kept():
    assert clean_title("title", "a" + " " * 300 + "b", limit=200) == "a b"


# printable text with plenty of white space of every kind (controls are refused, not cleaned)
_titles = st.text(
    st.sampled_from([" ", "\t", "\n", "\r", "\u00a0", "\u3000"])
    | st.characters(blacklist_categories=("Cc", "Cs", "Cf")),
    min_size=0, max_size=40,
)


@given(typed=_titles)
@example(typed="Send   deck")
def test_a_cleaned_title_is_one_line_trimmed_and_stays_as_it_is(typed):
    try:
        kept = clean_title("title", typed)
    except InvalidInput as refused:  # nothing but white space
        assert refused.reason == "is required" and not typed.strip()
        return
    assert "  " not in kept
    assert kept == kept.strip() and kept.split() == typed.split()
    assert not any(c in kept for c in "\t\n\r")
    assert clean_title("title", kept) == kept  # cleaning again changes nothing


def test_follow_up_title_is_one_line_when_added_edited_and_logged(book_path):
    client_id = create_client("Acme")
    added = followups.add_follow_up(client_id, "Send   deck", TODAY, notes="Line one\n\nLine  two")
    assert added.title == "Send deck"
    assert FollowUp.get_by_id(added.id).notes == "Line one\n\nLine  two"  # notes keep their lines
    edited = followups.update_follow_up(added.id, title=" Call  back\tMon ")
    assert edited.title == "Call back Mon"
    logged = interactions.log_interaction(client_id, "Spoke", next_title="Book   the  QBR", next_due=TODAY)
    assert FollowUp.get_by_id(logged.follow_up_id).title == "Book the QBR"


def test_issue_and_commitment_titles_are_one_line(book_path):
    client_id = create_client("Acme")
    issue = service.open_issue(client_id, "Invoice   wrong", description="Sent  twice\nto  finance")
    assert issue.title == "Invoice wrong"
    assert ServiceIssue.get_by_id(issue.id).description == "Sent  twice\nto  finance"
    assert service.update_issue(issue.id, title="Invoice  still   wrong").title == "Invoice still wrong"
    promise = commitments.add_commitment(client_id, "Quarterly   business review")
    assert promise.what == "Quarterly business review"
    assert commitments.update_commitment(promise.id, what="QBR  in\tMarch").what == "QBR in March"


def test_an_imported_title_is_one_line_and_matches_the_one_typed(book_path, tmp_path):
    client_id = create_client("Acme")
    followups.add_follow_up(client_id, "Send deck", TODAY)
    path = tmp_path / "followups.csv"
    path.write_text(f'Client,Title,Due,Notes\nAcme,"Send   deck",{TODAY},"a\n\nb"\n'
                    f'Acme,"Call  Ann",{TODAY},\n', encoding="utf-8")
    assert import_file(path).ok
    # the file's "Send   deck" is the follow-up already in the book, not a second one
    assert sorted(f.title for f in FollowUp.select()) == ["Call Ann", "Send deck"]
    assert FollowUp.get(FollowUp.title == "Send deck").notes == "a\n\nb"


def test_an_imported_commitment_is_one_line(book_path, tmp_path):
    create_client("Acme")
    path = tmp_path / "commitments.csv"
    path.write_text('Client,What\nAcme,"Monthly\n  usage   report"\n', encoding="utf-8")
    result = import_file(path, kind="commitments")
    assert result.ok, result.errors
    assert [c.what for c in Commitment.select()] == ["Monthly usage report"]
