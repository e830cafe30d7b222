"""The sandbox workspace: the four people and three channels a newcomer meets on the page.

They mirror Tandem's audience: an owner handing out work, a freelancer in another time zone, an
agency developer reached through a Slack Connect channel, and a bystander who should see nothing
private.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.emulator import SlackEmulator

BOT_TOKEN = "xoxb-sandbox"
SIGNING_SECRET = "sandbox-signing-secret"


@dataclass(frozen=True)
class Person:
    """A seeded member: Slack id, @name, display name, time zone and a job title for the switch."""

    id: str
    name: str
    real_name: str
    tz: str
    title: str
    guest: bool = False


OWNER = Person("U0OLIVIA", "olivia", "Olivia Owner", "Europe/London", "owner")
FREELANCER = Person("U0MARIA", "maria", "Maria Freelancer", "America/Bogota", "freelancer")
DEVELOPER = Person("U0DEV", "dev", "Dev Agency", "Asia/Manila", "agency developer", guest=True)
BYSTANDER = Person("U0BOB", "bob", "Bob Bystander", "America/New_York", "bystander")
PEOPLE = (OWNER, FREELANCER, DEVELOPER, BYSTANDER)

PROJECT, AGENCY, GENERAL = "C0PROJWEB", "C0AGENCY", "C0GENERAL"
CHANNELS = (
    (PROJECT, "proj-website", False, [OWNER.id, FREELANCER.id]),
    (AGENCY, "agency-shared", True, [OWNER.id, DEVELOPER.id]),
    (GENERAL, "general", False, [p.id for p in PEOPLE]),
)


def seed(emulator: SlackEmulator) -> None:
    """Add the people, the channels and each person's DM with Tandem."""
    for person in PEOPLE:
        emulator.add_user(
            person.id,
            name=person.name,
            real_name=person.real_name,
            tz=person.tz,
            is_restricted=person.guest,
            display_name=person.real_name.split()[0],
        )
    for channel_id, name, shared, members in CHANNELS:
        emulator.add_channel(channel_id, name=name, is_shared=shared, members=members)
    for person in PEOPLE:
        emulator.dm_channel(person.id)
