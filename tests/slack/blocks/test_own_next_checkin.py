"""A contractor's own line on `/checkin status` names the next check-in they will really be asked for.

Expectations come from the `holidays` package and the calendar here, not from bot.domain.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import holidays

from bot.slack.blocks.checkins import own_line
from tests.support.duties import engagement, person

BOGOTA = ZoneInfo("America/Bogota")


def test_the_next_checkin_skips_a_colombian_public_holiday() -> None:
    assert date(2026, 12, 8) in holidays.country_holidays("CO", years=2026)  # Tuesday, Immaculate Conception
    maria = person("U0MARIA", "America/Bogota", country="CO")
    daily = engagement(maria, days="12345", at=time(10))
    after_mondays_slot = datetime(2026, 12, 7, 12, 0, tzinfo=BOGOTA)
    assert "your next check-in Wed 09 Dec 10:00 (America/Bogota)" in own_line(daily, after_mondays_slot)


def test_the_next_checkin_skips_time_off_and_stops_at_the_deadline() -> None:
    away = person("U0MARIA", "America/Bogota", country="CO", time_off=[(date(2026, 12, 9), date(2026, 12, 15))])
    line = own_line(engagement(away, days="12345", at=time(10)), datetime(2026, 12, 7, 12, 0, tzinfo=BOGOTA))
    assert "your next check-in Wed 16 Dec 10:00 (America/Bogota)" in line
    ending = engagement(person("U0MARIA", "America/Bogota", country="CO"), days="12345", at=time(10),
                        deadline=date(2026, 12, 7))
    assert "no check-in scheduled" in own_line(ending, datetime(2026, 12, 7, 12, 0, tzinfo=BOGOTA))


def test_the_owners_board_names_the_same_next_checkin_in_the_owners_time() -> None:
    from bot.domain.reports.status import BoardRow
    from bot.slack.blocks.checkins import board_line

    maria = person("U0MARIA", "America/Bogota", country="CO")
    row = BoardRow(engagement(maria, days="12345", at=time(10)), None, None, 0, 0)
    line = board_line(row, datetime(2026, 12, 7, 12, 0, tzinfo=BOGOTA))
    assert "next Wed 15:00 London" in line, line  # 10:00 in Bogotá is 15:00 in London; Tuesday is a holiday
