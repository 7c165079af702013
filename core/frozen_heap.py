"""Work-around: long-lived objects are moved out of the garbage collector's way with ``gc.freeze()``.

Upstream behaviour: CPython's cyclic collector walks every tracked object of the generation it collects; a full
collection walks them all, and walking an object writes to it, so a forked gunicorn worker copies the memory pages
it shared with the master (copy-on-write). ``gc.freeze()`` moves every object tracked so far into a permanent
generation that collections skip; frozen objects are still freed by reference counting when nothing refers to them
(``tests/test_workarounds.py`` checks both). Two uses, one each:

- ``freeze_shared()``, in gunicorn's master before it forks (``esimguide.workers.when_ready``): what the app
  loaded stays shared by every worker.
- ``freeze_built()``, in a worker after it built the plan read model (tens of thousands of long-lived objects):
  a collection of what is left, then a freeze, so later collections do not walk the model. It never unfreezes:
  that would hand the master's objects back to the collector and copy their pages into this worker. A model that
  is replaced is freed by reference counting (it has no reference cycles).

Figures (collection times with and without, memory shared) are in bench/README.md "Work-arounds".
"""

import gc


def freeze_shared():
    gc.freeze()


def freeze_built():
    gc.collect()
    gc.freeze()
