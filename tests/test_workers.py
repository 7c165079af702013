"""A gunicorn worker builds the plan catalogue's read model before it accepts requests, so no reader waits for it."""

import json

from tests.servers import app_server, environment, get, manage


def test_a_new_worker_has_built_the_read_model_before_its_first_request(tmp_path):
    database = tmp_path / "site.sqlite3"
    env = environment(f"sqlite:///{database}", LOG_LEVEL="INFO")
    manage("migrate", "--no-input", "-v0", env=env)
    manage("load_demo", "-v0", env=env)

    with app_server(env, tmp_path / "gunicorn.log") as base:
        # Only /healthz/ has been asked, and it never reads the catalogue: the model came from the start hook.
        lines = [json.loads(line) for line in (tmp_path / "gunicorn.log").read_text().splitlines() if "{" in line]
        built = [line for line in lines if line.get("message") == "read model built at worker start"]
        assert len(built) == 1 and built[0]["plans"] > 0
        assert get(f"{base}/en/plans/")[0] == 200


def test_a_worker_keeps_telling_the_master_it_is_alive_while_it_builds():
    # gunicorn's master kills a worker that has not notified it for `timeout` seconds; a long build must not look
    # like a hung worker (esimguide/workers.py alive()).
    import time

    from esimguide.workers import alive

    class Worker:
        beats = 0

        def notify(self):
            self.beats += 1

    worker = Worker()
    with alive(worker, every=0.05):
        time.sleep(0.5)
    after = worker.beats
    time.sleep(0.2)

    assert after >= 3
    assert worker.beats == after  # no heartbeat once the build is over
