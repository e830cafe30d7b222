"""A person's availability from its sources: their Slack zone, user_change, and what they set by hand."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.db.session import transaction
from bot.domain.roster import availability, people
from tests.support.duties import Clock, migrated_runtime, person

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


@pytest.fixture
def runtime(empty_database_url: str):  # type: ignore[no-untyped-def]
    runtime = migrated_runtime(empty_database_url, Clock(NOW))
    yield runtime
    runtime.engine.dispose()


def test_someone_met_for_the_first_time_gets_their_zones_country(runtime) -> None:
    with transaction(runtime.sessions) as session:
        bogota = people.ensure(session, team_id="T1", profile=people.Profile("U1", "Ana", "America/Bogota"), now=NOW)
        utc = people.ensure(session, team_id="T1", profile=people.Profile("U2", "Uma", "UTC"), now=NOW)
        assert (bogota.country, bogota.tz_explicit, bogota.country_explicit) == ("CO", False, False)
        assert utc.country is None  # UTC is no country's: no holidays rather than a guess


def test_user_change_follows_the_zone_and_country_unless_set_by_hand(runtime) -> None:
    with transaction(runtime.sessions) as session:
        people.ensure(session, team_id="T1", profile=people.Profile("U1", "Ana", "America/Bogota"), now=NOW)
        followed = people.follow_slack(session, team_id="T1", profile=people.Profile("U1", "Ana", "Asia/Tokyo"),
                                       now=NOW)
        assert (followed.tz, followed.country) == ("Asia/Tokyo", "JP")
        availability.apply(followed, availability.WorkPattern(country="CO"), NOW)  # holidays kept by hand
        people.follow_slack(session, team_id="T1", profile=people.Profile("U1", "Ana", "Europe/Berlin"), now=NOW)
        assert (followed.tz, followed.country) == ("Europe/Berlin", "CO")
        availability.apply(followed, availability.WorkPattern(tz="Europe/Lisbon"), NOW)
        people.follow_slack(session, team_id="T1", profile=people.Profile("U1", "Ana B", "Asia/Tokyo"), now=NOW)
        assert (followed.tz, followed.country, followed.name) == ("Europe/Lisbon", "CO", "Ana B")
        assert people.follow_slack(session, team_id="T1", profile=people.Profile("U9", "X", "UTC"), now=NOW) is None


def test_a_zone_set_by_hand_brings_its_country_unless_one_is_given_or_was_set() -> None:
    someone = person("U1", "America/Bogota", country="CO")
    availability.apply(someone, availability.WorkPattern(tz="Europe/Berlin", hours=(time(8), time(12)),
                                                         days=(1, 2, 3)))
    assert (someone.tz, someone.country, someone.tz_explicit, bool(someone.country_explicit)) == (
        "Europe/Berlin", "DE", True, False)
    assert (someone.work_start, someone.work_end, someone.work_days) == (time(8), time(12), "123")
    availability.apply(someone, availability.WorkPattern(tz="Asia/Manila", country="GB"))
    assert (someone.tz, someone.country, someone.country_explicit) == ("Asia/Manila", "GB", True)
    availability.apply(someone, availability.WorkPattern(tz="Asia/Tokyo"))
    assert someone.country == "GB"
