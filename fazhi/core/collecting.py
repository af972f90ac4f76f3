"""Python's cyclic garbage collector, off a request's path (issue 19).

CPython collects its youngest generation every 700 new container objects; a
ledger page makes tens of thousands, so a request ran ~8 young collections,
most of a middle one and now and then a whole-heap one over the ~250,000
objects Django, the apps and their modules leave in memory (~7 ms of CPU a
request on average in-process, a whole-heap pass ~50-100 ms: the slow tail
of a page's timings; docs/performance.md, "Through a real server").

`after_loading()` (fazhi.wsgi, once per server process): what the loaded
application holds is moved out of the collector's sight (`gc.freeze`), and
the young generation is collected automatically only after `YOUNG` new
objects. The garbage a request leaves in cycles is collected when its
response has been sent (`request_finished`), and the whole heap every
`WHOLE_EVERY` requests, likewise after the response. A request that makes
more than `YOUNG` objects (a 10^4-row export) is still collected as it runs.
"""

from __future__ import annotations

import gc
from typing import Any

from django.core.signals import request_finished

YOUNG = 50_000
WHOLE_EVERY = 200

_served = 0


def after_loading() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG, 10, 10)
    request_finished.connect(_after_response, dispatch_uid="fazhi.core.collecting")


def _after_response(**kwargs: Any) -> None:
    global _served
    _served += 1
    gc.collect(2 if _served % WHOLE_EVERY == 0 else 1)
