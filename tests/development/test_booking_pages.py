"""The planning pages in the browser's place (Django's test client): the employee books, moves
and cancels on /development/, the manager publishes times and moves or cancels with a message
on /development/slots/, HR opens and closes the round on /development/cycle/. A refused write
shows its message and changes nothing; nobody reaches a page that is not theirs."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from development.models import Cycle, Interview, Slot
from development.services import interview_book
from tests.development.conftest import interview_of

pytestmark = pytest.mark.django_db

MINE, SLOTS, CYCLE = "/development/", "/development/slots/", "/development/cycle/"


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_employee_sees_the_free_times_of_their_manager(client, employee, slots, other_slot):
    client.force_login(employee)
    page = client.get(MINE)
    assert page.status_code == 200
    html = page.content.decode()
    for slot in slots:
        assert f'data-testid="book-{slot.pk}"' in html
    assert f'data-testid="book-{other_slot.pk}"' not in html


def test_booking_on_the_page(client, employee, slots):
    client.force_login(employee)
    response = client.post(MINE, {"action": "book", "slot": slots[1].pk})
    assert response.status_code == 302
    interview = interview_of(employee)
    assert (interview.status, interview.slot_id, interview.sequence) == ("planned", slots[1].pk, 1)
    page = client.get(MINE)
    assert 'data-testid="interview-when"' in page.content.decode()
    assert "10:00" in page.content.decode()


def test_a_taken_slot_gives_the_message_with_the_times_still_free(
    client, employee, colleague, slots
):
    interview_book(actor=colleague, slot=slots[0])
    client.force_login(employee)
    response = client.post(MINE, {"action": "book", "slot": slots[0].pk})
    assert response.status_code == 200
    (message,) = _messages(response)
    assert "6 oktober 2026 10:00" in message or "6 October 2026 10:00" in message
    assert interview_of(employee).status == "to_plan"


def test_moving_and_cancelling_on_the_page(client, employee, slots):
    interview_book(actor=employee, slot=slots[0])
    client.force_login(employee)
    moved = client.post(
        MINE, {"action": "move", "slot": slots[2].pk, "message": "Dinsdag kan ik niet."}
    )
    assert moved.status_code == 302
    assert interview_of(employee).slot_id == slots[2].pk
    cancelled = client.post(MINE, {"action": "cancel", "message": ""})
    assert cancelled.status_code == 302
    interview = interview_of(employee)
    assert (interview.status, interview.slot, interview.sequence) == ("to_plan", None, 3)


def test_inside_the_cut_off_the_employee_is_told_to_ask_the_manager(client, employee, slots, now):
    interview_book(actor=employee, slot=slots[0])
    now.move_to(slots[0].start - timedelta(hours=2))
    client.force_login(employee)
    page = client.get(MINE).content.decode()
    assert 'data-testid="move-form"' not in page
    assert 'data-testid="cancel-form"' not in page
    refused = client.post(MINE, {"action": "cancel"})
    assert refused.status_code == 200
    assert interview_of(employee).status == "planned"
    assert any("24" in m for m in _messages(refused))


def test_the_manager_publishes_one_time_and_a_series(client, manager, cycle):
    client.force_login(manager)
    one = client.post(
        SLOTS,
        {
            "action": "publish",
            "one-day": "2026-10-20",
            "one-start": "09:00",
            "one-end": "09:45",
            "one-location": "Kantoor Geldrop",
        },
    )
    assert one.status_code == 302
    series = client.post(
        SLOTS,
        {
            "action": "series",
            "series-first_day": "2026-11-02",
            "series-last_day": "2026-11-06",
            "series-weekdays": ["1", "3"],
            "series-window_start": "09:00",
            "series-window_end": "12:00",
            "series-minutes": "45",
            "series-gap_minutes": "15",
            "series-video_link": "https://teams.example/gesprek",
        },
    )
    assert series.status_code == 302
    starts = [
        s.start.isoformat() for s in Slot.objects.filter(manager=manager.employee).order_by("start")
    ]
    # 20 October in summer time; Tuesday 3 and Thursday 5 November in winter time, 9:00-12:00
    assert starts[0] == "2026-10-20T07:00:00+00:00"
    assert starts[1:] == [
        "2026-11-03T08:00:00+00:00",
        "2026-11-03T09:00:00+00:00",
        "2026-11-03T10:00:00+00:00",
        "2026-11-05T08:00:00+00:00",
        "2026-11-05T09:00:00+00:00",
        "2026-11-05T10:00:00+00:00",
    ]


def test_a_wrong_time_is_shown_beside_its_field(client, manager, cycle):
    client.force_login(manager)
    response = client.post(
        SLOTS,
        {
            "action": "publish",
            "one-day": "2026-10-20",
            "one-start": "10:00",
            "one-end": "09:00",
            "one-location": "",
        },
    )
    assert response.status_code == 200
    form = response.context["slot_form"]
    assert "end" in form.errors and "location" in form.errors
    assert not Slot.objects.exists()


def test_a_time_in_the_past_is_refused_beside_the_field(client, manager, cycle):
    client.force_login(manager)
    response = client.post(
        SLOTS,
        {
            "action": "publish",
            "one-day": "2026-09-20",
            "one-start": "10:00",
            "one-end": "11:00",
            "one-location": "Kantoor",
        },
    )
    assert response.status_code == 200
    assert response.context["slot_form"].errors["start"]
    assert not Slot.objects.exists()


def test_the_manager_withdraws_a_free_time_but_not_a_booked_one(client, manager, employee, slots):
    interview_book(actor=employee, slot=slots[0])
    client.force_login(manager)
    assert client.post(SLOTS, {"action": "withdraw", "slot": slots[1].pk}).status_code == 302
    assert not Slot.objects.filter(pk=slots[1].pk).exists()
    refused = client.post(SLOTS, {"action": "withdraw", "slot": slots[0].pk})
    assert refused.status_code == 200
    assert Slot.objects.filter(pk=slots[0].pk).exists()


def test_another_managers_time_cannot_be_withdrawn(client, manager, other_slot):
    client.force_login(manager)
    assert client.post(SLOTS, {"action": "withdraw", "slot": other_slot.pk}).status_code == 404
    assert Slot.objects.filter(pk=other_slot.pk).exists()


def test_the_manager_moves_and_cancels_with_a_message(client, manager, employee, slots):
    interview = interview_book(actor=employee, slot=slots[0])
    client.force_login(manager)
    page = client.get(SLOTS).content.decode()
    assert f'data-testid="interview-{interview.pk}"' in page
    moved = client.post(
        SLOTS,
        {"action": "move", "interview": interview.pk, "slot": slots[1].pk, "message": "Sorry!"},
    )
    assert moved.status_code == 302
    assert interview_of(employee).slot_id == slots[1].pk
    cancelled = client.post(
        SLOTS, {"action": "cancel", "interview": interview.pk, "message": "Ik ben ziek."}
    )
    assert cancelled.status_code == 302
    assert interview_of(employee).status == "to_plan"


def test_a_manager_cannot_touch_another_managers_interview(client, other_manager, employee, slots):
    interview = interview_book(actor=employee, slot=slots[0])
    client.force_login(other_manager)
    response = client.post(SLOTS, {"action": "cancel", "interview": interview.pk})
    assert response.status_code == 404
    assert interview_of(employee).status == "planned"


def test_hr_closes_the_round_opens_the_next_and_marks_not_this_year(client, hr, employee, cycle):
    client.force_login(hr)
    page = client.get(CYCLE)
    assert 'data-testid="open-cycle"' in page.content.decode()
    assert client.post(CYCLE, {"action": "close"}).status_code == 302
    assert Cycle.objects.get(pk=cycle.pk).status == "closed"
    opened = client.post(
        CYCLE,
        {
            "action": "open",
            "year": "2027",
            "deadline": "2027-06-30",
            "template": page.context["cycle_form"]["template"].initial,
        },
    )
    assert opened.status_code == 302
    new = Cycle.objects.get(year=2027)
    assert new.template is not None
    interview = Interview.objects.get(cycle=new, employee=employee.employee)
    missing_reason = client.post(
        CYCLE, {"action": "not_this_year", "interview": interview.pk, "reason": ""}
    )
    assert missing_reason.status_code == 200
    assert missing_reason.context["not_this_year_form"].errors["reason"]
    marked = client.post(
        CYCLE,
        {"action": "not_this_year", "interview": interview.pk, "reason": "Uit dienst per 1 maart."},
    )
    assert marked.status_code == 302
    assert Interview.objects.get(pk=interview.pk).status == "not_this_year"


def test_a_second_round_for_the_same_year_is_refused_beside_the_year(client, hr, cycle):
    client.force_login(hr)
    client.post(CYCLE, {"action": "close"})
    page = client.get(CYCLE)
    again = client.post(
        CYCLE,
        {
            "action": "open",
            "year": "2026",
            "deadline": "2026-12-20",
            "template": page.context["cycle_form"]["template"].initial,
        },
    )
    assert again.status_code == 200
    assert again.context["cycle_form"].errors["year"]


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("employee", SLOTS, 403),
        ("employee", CYCLE, 403),
        ("manager", CYCLE, 403),
        ("pvt", CYCLE, 403),
        ("board", MINE, 404),
        ("board", SLOTS, 403),
    ],
)
def test_pages_refuse_who_they_are_not_for(request, client, cycle, pvt, board, who, url, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == status


def test_the_home_page_invites_the_employee_to_book(client, employee, slots):
    client.force_login(employee)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-interview"' in home
    assert reverse("development:mine") in home


def test_earlier_years_are_listed_for_the_employee(client, employee, hr, cycle):
    client.force_login(employee)
    Cycle.objects.filter(pk=cycle.pk).update(status="closed")
    page = client.get(MINE)
    assert page.status_code == 200
    assert list(page.context["history"]) == [interview_of(employee)]
    assert page.context["cycle"] is None


def test_the_page_does_not_grow_with_the_number_of_slots(
    client, employee, manager, cycle, django_assert_max_num_queries
):
    from datetime import time

    from development.series import AMSTERDAM, SlotSpec  # noqa: F401
    from development.services import slots_publish_series

    slots_publish_series(
        actor=manager,
        manager=manager.employee,
        first_day=date(2026, 10, 5),
        last_day=date(2026, 12, 18),
        weekdays=[0, 1, 2, 3, 4],
        window_start=time(9, 0),
        window_end=time(17, 0),
        length=timedelta(minutes=30),
        location="Kantoor",
    )
    client.force_login(employee)
    with django_assert_max_num_queries(30):
        assert client.get(MINE).status_code == 200
    client.force_login(manager)
    with django_assert_max_num_queries(30):
        assert client.get(SLOTS).status_code == 200
