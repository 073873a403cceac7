"""The review queue: the events most worth a human look."""

from __future__ import annotations

from collections.abc import Iterable

from events.curation.validate import HEDGED_STATUSES, CurationError
from events.model import ACTOR_KINDS


def _known_actor():
    try:
        from events.actors import get_gazetteer
        gaz = get_gazetteer()
    except Exception:  # noqa: BLE001 - no gazetteer: every actor counts as known
        return lambda actor_id: True

    def known(actor_id: str) -> bool:
        rec = gaz.actor(actor_id)
        return rec is not None and rec.get("source") != "pattern"
    return known


#: Reason -> weight in the review queue ranking.
REVIEW_WEIGHTS = {"low confidence": 3, "hedged status": 2, "inferred date": 2, "no calendar date": 2,
                  "unknown or pattern-found actor": 2, "carried actors": 2, "single source": 1}


def review_queue(events: Iterable[dict], limit: int = 50) -> list[dict]:
    """Events most worth a human look, least certain first.

    Events already accepted or rejected are left out.  Each item:
    ``{"id", "label", "type", "date", "confidence", "score", "reasons", "event"}``;
    ``reasons`` are phrases such as ``"low confidence (0.45 < 0.6)"``, ``"hedged
    status (hypothetical)"``, ``"inferred date (no publication date)"``,
    ``"single source"``, ``"unknown or pattern-found actor (..)"``, ``"carried
    actors (CHN)"``; ``score`` sums :data:`REVIEW_WEIGHTS`.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise CurationError(f"limit must be a whole number >= 0, got {limit!r}")
    if isinstance(events, (str, bytes, dict)) or not isinstance(events, Iterable):
        raise CurationError(f"events must be a list of event records, got {type(events).__name__}")
    known = None
    items = []
    for i, ev in enumerate(events):
        if not isinstance(ev, dict):
            raise CurationError(f"event #{i} is a {type(ev).__name__}, not an event record")
        cur = ev.get("curation") or {}
        if cur.get("accepted") or cur.get("rejected"):
            continue
        reasons: list[tuple[str, str]] = []
        conf = ev.get("confidence")
        if isinstance(conf, (int, float)) and conf < 0.6:
            reasons.append(("low confidence", f"low confidence ({conf:.2f} < 0.6)"))
        if ev.get("status") in HEDGED_STATUSES:
            reasons.append(("hedged status", f"hedged status ({ev['status']})"))
        mentions = [m for m in ev.get("mentions") or () if isinstance(m, dict)]
        why = set()
        for m in mentions:
            if m.get("dct_inferred"):
                why.add("publication date inferred from the text")
            t = m.get("timex") or {}
            if t.get("anchored") and not m.get("dct"):
                why.add("relative date without a publication date")
        if why:
            reasons.append(("inferred date", f"inferred date ({'; '.join(sorted(why))})"))
        if not (ev.get("date") or {}).get("start"):
            reasons.append(("no calendar date", "no calendar date"))
        if len(ev.get("sources") or ()) < 2:
            reasons.append(("single source", "single source"))
        if known is None:
            known = _known_actor()
        odd = [a.get("label") or a.get("id") for a in ev.get("actors") or ()
               if a.get("kind") not in ACTOR_KINDS or not known(a.get("id"))]
        if odd or not ev.get("actors"):
            reasons.append(("unknown or pattern-found actor",
                            f"unknown or pattern-found actor ({', '.join(map(str, odd)) or 'none'})"))
        carried = sorted({a for m in mentions for a in m.get("carried_actors") or ()})
        if carried:
            reasons.append(("carried actors", f"carried actors ({', '.join(carried)})"))
        if not reasons:
            continue
        score = sum(REVIEW_WEIGHTS[k] for k, _ in reasons)
        items.append({"id": ev.get("id"), "label": ev.get("label"), "type": ev.get("type"),
                      "date": (ev.get("date") or {}).get("value"),
                      "confidence": conf, "score": score, "reasons": [r for _, r in reasons],
                      "event": ev})
    items.sort(key=lambda it: (-it["score"], it["confidence"] if isinstance(
        it["confidence"], (int, float)) else 1.0, str(it["id"])))
    return items[:limit]
