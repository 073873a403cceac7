"""The Dash explorer: view state, layout and one module per panel.

``create_app(documents, events, ...)`` (:mod:`explorer.factory`) builds a
fresh app: a :class:`explorer.state.Session` (the data, memoised views), the
page (:mod:`explorer.layout` arranging each panel's ``layout()``) and each
panel's callbacks (``register(app, session)``): :mod:`explorer.filters`,
:mod:`explorer.timeline`, :mod:`explorer.graph_panel`, :mod:`explorer.detail`
(detail and curation), :mod:`explorer.review`, :mod:`explorer.uploads`,
:mod:`explorer.downloads`. Importing this package loads no Dash; building an
app does.
"""

from explorer.factory import create_app

__all__ = ["create_app"]
