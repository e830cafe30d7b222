"""A sweep's messages posted many channels at once: one lane per channel, a few threads, each paced.

Slack limits chat.postMessage per channel (about one a second after a short burst), so posts to
different channels may overlap while each channel's go one at a time, in order, no faster than
its pacer allows. The pool's threads only talk to Slack (the WebClient is thread-safe); the ledger
work stays in the calling thread, batched: one transaction claims the sweep's keys, then each
round one transaction records the posts that came back and begins the attempts of the posts about
to start, right before they start. A crash at any point leaves what posting one by one leaves:
keys claimed and never attempted (a later sweep posts them) or attempted and maybe posted (looked
for in Slack first, once the attempt's lease has run out).
"""

from __future__ import annotations

import heapq
import logging
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.db.session import one_connection
from bot.domain.delivery import ledger
from bot.observability import duties as observe
from bot.runtime import Runtime
from bot.slack.teams import served
from jobs.delivery import Attempt, Outgoing, attempt, claim
from jobs.pacing import Pacer

logger = logging.getLogger(__name__)

# Posts in flight at once. On 2 cores against the emulator 4, 8, 16 and 32 reached the same rate
# (the cores were the limit); 8 leaves room for a remote Slack's latency without being a crowd.
WORKERS = 8
# Attempts begun ahead of a free thread, queued in the pool: while this thread records a round in the
# ledger, the pool's threads go on posting instead of waiting for it, and the next round records
# all that came back meanwhile. Three posts a thread: rounds begin a few dozen attempts, not a few, so the
# round's statements are spent on more posts (Monday at 10,000: 13-15 s -> 12 s of posting). Each waits for
# at most three posts ahead of it (jobs.delivery.STALE_START).
AHEAD = 3 * WORKERS


def deliver_all(runtime: Runtime, client: WebClient, batches: Iterable[Sequence[Outgoing]], *,
                workers: int = WORKERS, pacer: Pacer | None = None) -> Iterator[Outgoing]:
    """Post each item once (the ledger decides); yields the items this run posted, batch by batch, each in order.

    A batch is claimed and started once the lanes have nothing left to post at once: the batch before's
    last posts, held back by Slack's pace, go on meanwhile instead of keeping the pool idle (~0.5 s a
    batch). Lanes start in the order of their first item, so hand over each batch interleaved by channel.
    """
    yield from Conductor(runtime, client, iter(batches), pacer or Pacer(runtime.pace), workers).run()


class Conductor:
    """One sweep's lanes: which post starts next, and the ledger records of those that came back."""

    def __init__(self, runtime: Runtime, client: WebClient, batches: Iterator[Sequence[Outgoing]], pacer: Pacer,
                 workers: int) -> None:
        self.runtime, self.client, self.pacer, self.workers = runtime, client, pacer, workers
        self.batches: Iterator[Sequence[Outgoing]] | None = batches  # None once every batch was taken
        self.items: list[Outgoing] = []
        # Claims the batch after the one posting; one at a time, as the share hands them out one at a time.
        self.feeder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claims")
        self.next_claim: Future[list[Outgoing] | None] | None = None
        self.limit = workers + AHEAD  # attempts begun and not yet back: posting, or queued for a thread
        self.lanes: dict[str, deque[int]] = {}
        # Lanes with no post in flight: (may post at, first index, channel).
        self.ready: list[tuple[float, int, str]] = []
        self.running: dict[Future[Attempt], int] = {}
        self.since: dict[str, datetime] = {}  # key -> when its previous attempt began (wall clock)
        self.outcome: dict[int, bool] = {}  # index -> posted by this run; settled, not yet yielded
        self.yielded = 0

    def take_batch(self) -> None:
        """Open the lanes of the next batch with anything to post (none left: stop asking), and start claiming
        the batch after it in the feeder's thread: a claim of a few thousand keys (~0.4 s) then overlaps the
        posting instead of idling the pool between batches."""
        while self.batches is not None:
            pending, self.next_claim = self.next_claim, None
            claimed = pending.result() if pending else self.claim_next()
            if claimed is None:
                self.batches = None
            elif claimed:
                self.add(claimed)
                self.next_claim = self.feeder.submit(self.claim_next)
                return

    def claim_next(self) -> list[Outgoing] | None:
        """The share's next batch, claimed: the items this run may post (None: the share has no more)."""
        assert self.batches is not None
        batch = next(self.batches, None)
        if batch is None:
            return None
        items = served(self.client, batch, lambda item: item.team_id)  # OAuth mode: only installed workspaces
        return claim(self.runtime, items) if items else []

    def add(self, items: list[Outgoing]) -> None:
        """Queue items in their channels' lanes; a lane idle until now gets its turn."""
        busy = {self.items[index].channel for index in self.running.values()}
        for item in items:
            lane = self.lanes.setdefault(item.channel, deque())
            lane.append(len(self.items))
            self.items.append(item)
            if len(lane) == 1 and item.channel not in busy:  # neither waiting for its turn nor posting
                heapq.heappush(self.ready, (self.pacer.ready_at(item.channel), lane[0], item.channel))

    def hungry(self) -> bool:
        """Whether a thread could take a post that no lane has for it now: time for the next batch."""
        return (self.batches is not None and len(self.running) < self.limit
                and (not self.ready or self.ready[0][0] > self.pacer.clock()))

    def run(self) -> Iterator[Outgoing]:
        """Post until every lane is empty, yielding the items posted as their turn in the order comes."""
        with self.feeder:  # on the way out, waits for a claim under way: the share is not closed under it
            self.take_batch()
            if self.ready:  # else nothing to post: no connection, no threads
                yield from self.post()

    def post(self) -> Iterator[Outgoing]:
        """`run` once there is something to post."""
        with (one_connection(self.runtime.engine) as session,
              ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="delivery") as pool):
            try:
                while True:
                    if self.hungry():
                        self.take_batch()
                    if not (self.ready or self.running):
                        break
                    self.step(session, pool, self.collect(self.next_done()))
                    while self.yielded in self.outcome:
                        if self.outcome.pop(self.yielded):
                            yield self.items[self.yielded]
                        self.yielded += 1
            finally:
                self.drain(session)

    def next_done(self) -> set[Future[Attempt]]:
        """Wait for posts to come back, or until the next lane's turn when a thread is free."""
        due = self.ready[0][0] - self.pacer.clock() if self.ready else None
        if not self.running:
            time.sleep(max(0.0, due or 0.0))
            return set()
        timeout = max(0.0, due) if due is not None and len(self.running) < self.limit else None
        return wait(self.running, timeout=timeout, return_when=FIRST_COMPLETED).done

    def collect(self, done: set[Future[Attempt]]) -> list[tuple[int, Attempt]]:
        """The posts that came back; their lanes get their next turn, when the pacer allows."""
        results = [(self.running.pop(future), future.result()) for future in done]
        for index, result in results:
            channel = self.items[index].channel
            observe.attempt_ended(self.items[index].duty, result)
            if result.answered_at is not None:
                self.pacer.spent(channel, result.answered_at)
            if result.retry_after is not None:
                self.pacer.hold(channel, result.retry_after)
            if result.found:
                logger.info("%s was already posted by an attempt that died; recorded it", self.items[index].key)
            self.requeue(channel)
        return results

    def step(self, session: Session, pool: ThreadPoolExecutor, results: list[tuple[int, Attempt]]) -> None:
        """One transaction records the posts that came back and begins the attempts whose turn has come;
        then those are posted. Lanes whose head another worker holds move on to their next item."""
        while True:
            heads = self.due_heads()
            if not heads and not results:
                return
            before = self.record(session, results, [self.items[i].key for i in heads])
            results = []
            for index in heads:
                item = self.items[index]
                if item.key in before:
                    self.running[pool.submit(attempt, self.client, item, before.pop(item.key),
                                             self.since.get(item.key), time.monotonic())] = index
                else:  # sent, skipped, or another worker's live attempt holds it
                    self.outcome[index] = False
                    self.requeue(item.channel)

    def record(self, session: Session, results: list[tuple[int, Attempt]], keys: list[str]) -> dict[str, int]:
        """Record what came back and begin the attempts of `keys`, in one transaction; the attempts won."""
        with session.begin():
            ledger.mark_all_sent(session, [(self.items[i].key, *r.posted) for i, r in results if r.posted],
                                 now=self.runtime.clock())
            released = {self.items[i].key: r.error for i, r in results if r.release}
            ledger.release_all(session, released, errors=released)
            # Attempts that never reached chat.postMessage posted nothing: the post to look for next
            # time is still the one of the attempt before them.
            ledger.restore_attempted(session, {
                key: self.since[key] for i, r in results
                if r.answered_at is None and not r.posted and (key := self.items[i].key) in self.since})
            for index, _ in results:
                self.since.pop(self.items[index].key, None)
            won = ledger.begin_attempts_since(session, keys, now=self.runtime.clock()) if keys else {}
            self.since.update({key: at for key, (_, at) in won.items() if at is not None})
        for index, result in results:
            self.outcome[index] = result.posted is not None and not result.found
        return {key: before for key, (before, _) in won.items()}

    def due_heads(self) -> list[int]:
        """The next item of each lane whose turn has come, as many as may be begun (threads and AHEAD)."""
        heads: list[int] = []
        free = self.limit - len(self.running)
        while self.ready and self.ready[0][0] <= self.pacer.clock() and len(heads) < free:
            heads.append(self.lanes[heapq.heappop(self.ready)[2]].popleft())
        return heads

    def requeue(self, channel: str) -> None:
        """Give a lane whose post is done its next turn, when the pacer allows."""
        lane = self.lanes[channel]
        if lane:
            heapq.heappush(self.ready, (self.pacer.ready_at(channel), lane[0], channel))

    def drain(self, session: Session) -> None:
        """On the way out (an error, a consumer that stopped early): still record the posts in flight."""
        in_flight = len(self.running)
        if not in_flight:
            return
        try:
            if session.in_transaction():
                session.rollback()
            self.record(session, self.collect(wait(self.running).done), [])
        except Exception:  # the error that got us here matters more; a later attempt finds these posts
            logger.exception("could not record %d posts in flight; they will be found in Slack", in_flight)
