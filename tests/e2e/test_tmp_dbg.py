import subprocess, sys
from datetime import UTC, datetime
from tests.e2e.test_duties_processes import world, run_to_end  # noqa: F401

def test_dbg(world):
    run_to_end(world, datetime(2027, 3, 15, 6, tzinfo=UTC))
    out = subprocess.run([sys.executable, "-m", "cProfile", "-s", "tottime", "-m", "bot", "jobs", "run-due", "--now",
                          "2027-03-15T12:00:00+00:00"], env=world.env, capture_output=True, text=True)
    print("\n".join(out.stdout.splitlines()[:45]))
    out = subprocess.run([sys.executable, "-m", "cProfile", "-s", "cumtime", "-m", "bot", "jobs", "run-due", "--now",
                          "2027-03-15T15:00:00+00:00"], env=world.env, capture_output=True, text=True)
    print("\n".join(l for l in out.stdout.splitlines()[:400] if "sweep" in l or "jobs/" in l or "holiday" in l)[:6000])
